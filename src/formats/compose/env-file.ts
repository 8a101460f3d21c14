import { interpolate } from "./interpolate.js";

/** One `KEY=VALUE` line of an env file. */
export interface EnvEntry {
  key: string;
  value: string;
  line: number;
  /** The value for display, when it differs (secret variables masked after interpolation). */
  display?: string;
}

const ENTRY = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/;
const MAX_LINES = 20_000;

/**
 * Reads a dotenv file the way Compose does: `KEY=VALUE`, optional `export`, `#` comments,
 * single quotes literal, double quotes with `\n` escapes. Keys without a value are skipped.
 */
export function parseEnvFile(text: string): EnvEntry[] {
  const entries: EnvEntry[] = [];
  const lines = text.split(/\r?\n/, MAX_LINES);
  lines.forEach((raw, index) => {
    const match = ENTRY.exec(raw.trim());
    if (!match) return;
    entries.push({ key: match[1]!, value: unquote(match[2]!), line: index + 1 });
  });
  return entries;
}

function unquote(raw: string): string {
  const quote = raw[0];
  if (quote === "'") {
    const end = raw.indexOf("'", 1);
    return end === -1 ? raw.slice(1) : raw.slice(1, end);
  }
  if (quote === '"') {
    // The closing quote is the first one not escaped by a backslash.
    const inner = /^"((?:[^"\\]|\\.)*)"?/.exec(raw)?.[1] ?? "";
    return inner.replace(/\\(.)/g, (_match, char: string) => (char === "n" ? "\n" : char));
  }
  return raw.replace(/\s+#.*$/, "").trim();
}

/** Variables for interpolation: later definitions win, and a value may use the variables defined above it. */
export function envVariables(entries: readonly EnvEntry[]): Map<string, string> {
  const variables = new Map<string, string>();
  for (const entry of entries)
    variables.set(
      entry.key,
      interpolate(entry.value, (name) => variables.get(name)),
    );
  return variables;
}
