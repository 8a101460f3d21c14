/**
 * CODEOWNERS as GitHub reads it: one pattern and its owners per line, the last matching line wins (a line with no
 * owners leaves the path unowned). Patterns follow gitignore, with GitHub's exceptions: no `!` negation, no
 * `[ ]` ranges, and `dir/*` matches only files directly inside `dir`.
 */

/** Where GitHub looks, in order; the first that exists is the one used. */
export const CODEOWNERS_PATHS = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"] as const;

export interface OwnerRule {
  pattern: string;
  owners: string[];
  line: number;
  matches: (path: string) => boolean;
}

export interface CodeOwners {
  file: string;
  rules: OwnerRule[];
}

/** GitHub ignores a CODEOWNERS file over 3 MB; reading stops there too. */
export const MAX_CODEOWNERS_BYTES = 3 * 1024 * 1024;
const MAX_RULES = 10_000;
const MAX_PATTERN_LENGTH = 500;

export function parseCodeOwners(file: string, text: string): CodeOwners {
  const rules: OwnerRule[] = [];
  const lines = text.slice(0, MAX_CODEOWNERS_BYTES).split(/\r\n|\r|\n/);
  for (let index = 0; index < lines.length && rules.length < MAX_RULES; index++) {
    const [pattern, ...owners] = splitLine(lines[index]!);
    if (pattern === undefined || pattern.length > MAX_PATTERN_LENGTH) continue;
    const matches = patternMatcher(pattern);
    if (matches) rules.push({ pattern, owners, line: index + 1, matches });
  }
  return { file, rules };
}

/** Words of a line up to an unescaped `#`; `\#` and `\ ` are literal. */
function splitLine(line: string): string[] {
  const words: string[] = [];
  let word = "";
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (char === "\\" && i + 1 < line.length) {
      word += line[++i];
    } else if (char === "#") {
      break;
    } else if (/\s/.test(char)) {
      if (word !== "") words.push(word);
      word = "";
    } else word += char;
  }
  if (word !== "") words.push(word);
  return words;
}

/** The rule that decides a path's owners (the last that matches), or undefined when none does. */
export function ownerRule(owners: CodeOwners, path: string): OwnerRule | undefined {
  for (let i = owners.rules.length - 1; i >= 0; i--)
    if (owners.rules[i]!.matches(path)) return owners.rules[i];
  return undefined;
}

/** A directory (a build context) is owned as a file directly inside it would be. */
export function directoryRule(owners: CodeOwners, directory: string): OwnerRule | undefined {
  const trimmed = directory.replace(/^\.\/|\/+$/g, "");
  return ownerRule(owners, trimmed === "" || trimmed === "." ? "\u0000" : `${trimmed}/\u0000`);
}

function patternMatcher(raw: string): ((path: string) => boolean) | undefined {
  // GitHub does not support negation or character ranges: such a line matches nothing.
  if (raw.startsWith("!") || /[[\]]/.test(raw)) return undefined;
  const directoryOnly = raw.endsWith("/");
  let pattern = raw.replace(/\/+$/, "");
  const anchored = pattern.startsWith("/") || pattern.includes("/");
  pattern = pattern.replace(/^\/+/, "");
  if (pattern === "") return directoryOnly ? () => true : undefined;
  const lastSegment = pattern.split("/").at(-1);
  const body = globToRegExp(pattern);
  const prefix = anchored ? "^" : "^(?:.*/)?";
  // A pattern names a file, or a directory and everything below it; `dir/*` stops at the files directly inside.
  const below = lastSegment === "*" ? "" : directoryOnly ? "/.*" : "(?:/.*)?";
  const expression = new RegExp(`${prefix}${body}${below}$`, "s");
  return (path) => expression.test(path.replace(/^\/+/, ""));
}

function globToRegExp(pattern: string): string {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === "*" && pattern[i + 1] === "*") {
      const before = i === 0 || pattern[i - 1] === "/";
      const after = i + 2 === pattern.length || pattern[i + 2] === "/";
      if (before && after) {
        // `**/` any leading folders; `/**` at the end, everything below.
        if (i + 2 === pattern.length) out += ".*";
        else {
          out += "(?:.*/)?";
          i += 2;
          continue;
        }
        i += 1;
        continue;
      }
      out += "[^/]*";
      i += 1;
    } else if (char === "*") out += "[^/]*";
    else if (char === "?") out += "[^/]";
    else out += char.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return out;
}
