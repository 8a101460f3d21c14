import { proseLines } from "../../analysis/prose-lines.js";

/**
 * The command lines of a comment: prose lines (outside code, quotes and HTML comments, so quoting or showing a
 * command never runs it) that start with the prefix.
 */
export interface CommandLine {
  /** 1-based line in the comment. */
  line: number;
  /** The command word, lower case (`help`, `what-if`); empty when the prefix stands alone. */
  name: string;
  /** The words after it, as written. */
  args: string[];
  /** The text after the command word, trimmed (a justification's trigger and reason). */
  rest: string;
}

/** Commands read from one comment; the rest are ignored so one comment cannot queue unbounded work. */
export const MAX_COMMANDS_PER_COMMENT = 10;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function commandLines(body: string, prefix: string, max = MAX_COMMANDS_PER_COMMENT): CommandLine[] {
  const start = new RegExp(`^ {0,3}${escapeRegExp(prefix)}(?=\\s|$)`, "i");
  const found: CommandLine[] = [];
  for (const { line, text } of proseLines(body)) {
    const match = start.exec(text);
    if (!match) continue;
    const rest = text.slice(match[0].length).trim();
    const [name = "", ...args] = rest.split(/\s+/).filter((word) => word !== "");
    found.push({ line, name: name.toLowerCase(), args, rest: rest.slice(name.length).trim() });
    if (found.length >= max) break;
  }
  return found;
}
