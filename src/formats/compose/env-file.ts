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
  if (quote === "'" || quote === '"') {
    const end = raw.indexOf(quote, 1);
    const inner = end === -1 ? raw.slice(1) : raw.slice(1, end);
    return quote === '"' ? inner.replace(/\\n/g, "\n").replace(/\\(["\\])/g, "$1") : inner;
  }
  return raw.replace(/\s+#.*$/, "").trim();
}

/** Variables for interpolation: later definitions win, as in the file. */
export function envVariables(entries: readonly EnvEntry[]): Map<string, string> {
  return new Map(entries.map((entry) => [entry.key, entry.value]));
}
