/** Node's parseArgs errors, reworded for a person at a terminal, with the option they probably meant. */
import { UsageError } from "./output.js";

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The known option closest to `given`, when it is close enough to be a slip. */
export function closestOption(given: string, known: readonly string[]): string | undefined {
  const name = given.replace(/^-+/, "").split("=")[0]!;
  let best: { option: string; distance: number } | undefined;
  for (const option of known) {
    const distance = option.startsWith(name) && name.length >= 2 ? 0 : editDistance(name, option);
    if (distance <= Math.max(1, Math.floor(option.length / 3)) && (!best || distance < best.distance)) {
      best = { option, distance };
    }
  }
  return best && `--${best.option}`;
}

export function argumentError(error: unknown, known: readonly string[]): UsageError {
  if (error instanceof UsageError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  // "Option '-h, --help' does not take an argument": name the long form.
  const option = /'(?:-\w, )?(-[^' ]+)/.exec(message)?.[1] ?? "";
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const guess = closestOption(option, known);
    return new UsageError(`unknown option ${option}${guess ? ` (did you mean ${guess}?)` : ""}`);
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    return new UsageError(
      /does not take an argument/.test(message) ? `${option} takes no value` : `${option} needs a value`,
    );
  }
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL")
    return new UsageError(`unexpected argument: ${message}`);
  return new UsageError(message);
}
