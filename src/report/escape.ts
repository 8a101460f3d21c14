/**
 * Names, paths and evidence come from files in pull requests (forks included), so every piece of
 * such text is redacted, then escaped for the one syntax it is printed into.
 */
import { REDACTED, redactText } from "../graph/redact.js";

const ZERO_WIDTH_SPACE = "\u200b";

// Control characters would break tables and fences; bidirectional overrides could make a name
// read differently from what it is.
// eslint-disable-next-line no-control-regex -- stripping control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const LINE_BREAK = /\r\n|[\r\n\t\u2028\u2029]/g;

/** Redacted single-line text without control characters: the base of every printed string. */
export function plainText(text: string): string {
  return redact(text).replace(LINE_BREAK, " ").replace(CONTROL, "");
}

// `redis://:password@host` (no user name) is common and must not slip through.
const EMPTY_USER_PASSWORD = /\b([A-Za-z][A-Za-z0-9+.-]*:\/\/):(?!\*\*\*@)[^\s/@"'`]+@/g;

/** `redactText`, plus the `scheme://:password@` form. */
export function redact(text: string): string {
  const redacted = redactText(String(text));
  // The form needs `://:`: most text (every plain name) has none and is spared the scan.
  return redacted.includes("://:") ? redacted.replace(EMPTY_USER_PASSWORD, `$1:${REDACTED}@`) : redacted;
}

/** Shortens already redacted text so one huge name cannot take over a report. */
export function clip(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  if (maxLength <= 1) return text.slice(0, Math.max(0, maxLength));
  let cut = maxLength - 1;
  // Never split a surrogate pair: half a character renders as garbage.
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

/** Longest name printed in a report before it is shortened. */
export const MAX_NAME_LENGTH = 200;

/**
 * Text safe inside a line of GitHub Markdown (a table cell, a bold title, after other text): no markup,
 * links, HTML, mentions or issue references survive, and the text stays on one line. Only what Markdown
 * would misread is escaped, so `->`, `a < b` or `+3` read as written in the raw text too.
 */
export function escapeMarkdownInline(text: string): string {
  return (
    plainText(text)
      .replace(/&/g, "&amp;")
      // Only `<` before a letter, `/`, `!` or `?` can open a tag, comment or autolink; the `>` that
      // would close it goes with it.
      .replace(/<(?=[A-Za-z/!?])([^<>]*)(>?)/g, (_, inside: string, close: string) =>
        close ? `&lt;${inside}&gt;` : `&lt;${inside}`,
      )
      .replace(/[\\`*_[\]~|]/g, (char) => `\\${char}`)
      // GitHub links mentions and references in rendered text nodes, where entities and
      // backslashes are already gone: only an invisible break in the token stops it.
      .replace(/@(?=[A-Za-z0-9_\\-])/g, `@${ZERO_WIDTH_SPACE}`)
      .replace(/#(?=\d)/g, `#${ZERO_WIDTH_SPACE}`)
  );
}

/**
 * `escapeMarkdownInline` for text that starts a line (a list item, a paragraph), where a leading `#`,
 * `+`, `-`, `=`, `>` or `1. ` would turn it into a heading, list item or quote.
 */
export function escapeMarkdown(text: string): string {
  return escapeMarkdownInline(text)
    .replace(/^(\s*)([#+\-=>])/, "$1\\$2")
    .replace(/^(\s*\d{1,9})([.)])(?=\s|$)/, "$1\\$2");
}

/** Text inside raw HTML (a `<summary>`), where Markdown escapes would show as written. */
export function escapeHtml(text: string): string {
  return plainText(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/@(?=[A-Za-z0-9_-])/g, `@${ZERO_WIDTH_SPACE}`)
    .replace(/#(?=\d)/g, `#${ZERO_WIDTH_SPACE}`);
}

const MERMAID_ENTITIES: Record<string, string> = {
  "#": "#35;",
  '"': "#quot;",
  "'": "#39;",
  "`": "#96;",
  "<": "#lt;",
  ">": "#gt;",
  "&": "#amp;",
  ";": "#59;",
  "[": "#91;",
  "]": "#93;",
  "(": "#40;",
  ")": "#41;",
  "{": "#123;",
  "}": "#125;",
  "|": "#124;",
  "%": "#37;",
  "\\": "#92;",
  "@": "#64;",
  "*": "#42;",
  _: "#95;",
  "~": "#126;",
};

/** Text for a quoted Mermaid label: every character Mermaid or its HTML labels treat specially becomes an entity. */
export function escapeMermaidLabel(text: string): string {
  return plainText(text).replace(/[#"'`<>&;[\](){}|%\\@*_~]/g, (char) => MERMAID_ENTITIES[char] ?? "");
}

/**
 * Text after `%% ` on a Mermaid comment line. Mermaid reads `%%{...}%%` directives even inside comments, so the
 * characters that could open one become entities; the rest stays readable.
 */
export function escapeMermaidComment(text: string): string {
  return clip(plainText(text), MAX_NAME_LENGTH).replace(/[%{}#]/g, (char) => MERMAID_ENTITIES[char] ?? "");
}

const MAX_READABLE_ID = 48;

/**
 * A Mermaid node id for a name. Letters and digits are kept, `_` doubles and every other character
 * becomes `_<hex>_`, so different names always give different ids (the encoding can be read back).
 * Very long names keep a readable prefix and a hash of the whole name. The `n_` prefix keeps ids
 * clear of Mermaid keywords (`end`, `graph`, ...) and of arrow heads (`o`, `x`). Names that differ
 * only in a redacted secret share an id; `MermaidIds` tells them apart within one diagram.
 */
export function mermaidId(text: string): string {
  // The encoding can be read back, so it must never carry a credential.
  const name = redact(text);
  const encoded = encodeId(name);
  if (encoded.length <= MAX_READABLE_ID) return `n_${encoded}`;
  // 32 + 2 + 16 characters: longer than any readable id, so the two forms never meet.
  return `n_${encoded.slice(0, 32)}_z${hash32(name, 0x811c9dc5)}${hash32(name, 0x050c5d1f)}`;
}

function encodeId(name: string): string {
  let encoded = "";
  for (const char of name) {
    if (/^[A-Za-z0-9]$/.test(char)) encoded += char;
    else if (char === "_") encoded += "__";
    else encoded += `_${char.codePointAt(0)!.toString(16)}_`;
  }
  return encoded;
}

/** FNV-1a over UTF-16 code units, as 8 hex digits. */
function hash32(text: string, seed: number): string {
  let hash = seed >>> 0;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

/**
 * A Markdown code span: shows the text exactly (no mentions, references or HTML inside one), and the
 * fence is longer than any run of backticks in the text so it cannot be closed early.
 */
export function codeSpan(text: string, maxLength = MAX_NAME_LENGTH): string {
  const content = clip(plainText(text), maxLength).replace(/\|/g, "\\|");
  if (content.length === 0) return "` `";
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = content.startsWith("`") || content.endsWith("`") || /^ .* $/.test(content) ? " " : "";
  return `${fence}${pad}${content}${pad}${fence}`;
}

/**
 * Ids for one diagram: `mermaidId`, plus a `_x<n>` suffix (a form the encoding never produces) for a
 * name whose id is already taken by another name.
 */
export class MermaidIds {
  private readonly byName = new Map<string, string>();
  private readonly taken = new Set<string>();

  constructor(reserved: readonly string[] = []) {
    for (const id of reserved) this.taken.add(id);
  }

  of(name: string): string {
    const known = this.byName.get(name);
    if (known !== undefined) return known;
    const base = mermaidId(name);
    let id = base;
    for (let n = 2; this.taken.has(id); n += 1) id = `${base}_x${n}`;
    this.taken.add(id);
    this.byName.set(name, id);
    return id;
  }
}
