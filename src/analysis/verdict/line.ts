import type { Declaration } from "../declarations.js";
import { plural, signed } from "../words.js";
import type { SystemVerdict, Verdict, VerdictLineParts } from "./types.js";

/**
 * The verdict's first line: what the change adds, the verdict word, and the reason or the box to delete.
 * `changed`: the architecture changed, even if nothing was added on balance (a service swapped for a cache).
 */
export function verdictLineParts(
  verdict: Omit<Verdict, "line" | "lineParts">,
  changed = true,
): VerdictLineParts {
  const lead = leadText(verdict.systems);
  switch (verdict.verdict) {
    case "no-change":
      return {
        lead: "",
        word: lead === "" && !changed ? "no architectural change" : "no added distribution",
        tail: "",
      };
    case "reduced":
      return { lead, word: "reduced", tail: "less distribution: fewer places to fail" };
    case "justified":
      return {
        lead,
        word: `justified: ${justifiedTriggers(verdict.systems)}`,
        tail: justifiedReason(verdict),
      };
    case "unjustified":
      return { lead, word: "not justified", tail: unjustifiedReason(verdict) };
  }
}

export function joinLine(parts: VerdictLineParts): string {
  const head = parts.lead === "" ? capitalise(parts.word) : `${parts.lead}: ${parts.word}`;
  return parts.tail === "" ? head : `${head} ${parts.tail}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function leadText(systems: readonly SystemVerdict[]): string {
  const parts: string[] = [];
  const net = systems.reduce((sum, system) => sum + system.netComponents, 0);
  const byKind = new Map<string, number>();
  for (const system of systems)
    for (const addition of system.additions) byKind.set(addition.kind, (byKind.get(addition.kind) ?? 0) + 1);
  if (net > 0 && byKind.size > 0 && [...byKind.values()].reduce((a, b) => a + b, 0) === net) {
    for (const [kind, count] of byKind) parts.push(`+${count} ${plural(count, kind)}`);
  } else if (net !== 0) {
    parts.push(`${signed(net)} ${plural(Math.abs(net), "component")}`);
  }
  const largest = systems
    .map((system) => system.largestRoundTrips)
    .reduce((best, entry) => (entry && entry.added > (best?.added ?? 0) ? entry : best), undefined);
  if (largest) parts.push(`+${largest.added} ${plural(largest.added, "round trip")} on \`${largest.entry}\``);
  return parts.join(", ");
}

function justifiedTriggers(systems: readonly SystemVerdict[]): string {
  const triggers = new Set(
    systems
      .filter((system) => system.verdict === "justified")
      .flatMap((system) => system.justifications.map((j) => j.trigger)),
  );
  return [...triggers].join(", ");
}

function justifiedReason(verdict: Omit<Verdict, "line" | "lineParts">): string {
  const first = verdict.systems.find((system) => system.verdict === "justified")?.justifications[0];
  if (!first) return "";
  if (first.by === "declaration") return `(${declarationText(first.declaration!)})`;
  const evidence = verdict.systems
    .flatMap((system) => system.triggers)
    .find((e) => e.trigger === first.trigger);
  const fact = evidence?.facts.find((candidate) => candidate.strength === "strong");
  if (!evidence) return "";
  return fact
    ? `(${evidence.summary}, ${fact.file}${fact.line ? `:${fact.line}` : ""})`
    : `(${evidence.summary})`;
}

export function declarationText(declaration: Declaration): string {
  const where =
    declaration.source === "body"
      ? "in the pull request body"
      : declaration.source === "cli"
        ? "on the command line"
        : "by command";
  const by = declaration.source === "cli" ? "" : ` by @${declaration.author}`;
  return `declared${by} ${where}: ${declaration.reason}`;
}

function unjustifiedReason(verdict: Omit<Verdict, "line" | "lineParts">): string {
  const standing = verdict.declarations.length > 0 && verdict.uncovered.length > 0;
  if (standing) {
    const names = verdict.uncovered.slice(0, 3).map((addition) => `\`${addition.component}\``);
    if (verdict.uncovered.length > 3) names.push(`${verdict.uncovered.length - 3} more`);
    const declaration = verdict.declarations[0]!;
    const at = declaration.headSha ? ` at ${declaration.headSha.slice(0, 7)}` : "";
    return `: ${names.join(", ")} came after the justification given${at} (${declaration.trigger}) and ${verdict.uncovered.length === 1 ? "is" : "are"} not covered by it`;
  }
  const box = verdict.systems.flatMap((system) => system.boxesToDelete)[0];
  const suggestion = box
    ? `; \`${box.component}\` is called only by \`${box.caller}\`: run it in-process`
    : "";
  return `by any of the four triggers${suggestion}`;
}
