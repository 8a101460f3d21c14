/**
 * Finds the command lines of a comment: a line that starts with the prefix, outside fenced or indented code,
 * block quotes and HTML comments, so quoting or showing a command never runs it.
 */
export interface CommandLine {
  /** 1-based line in the comment. */
  line: number;
  /** The command word, lower case (`help`, `what-if`); empty when the prefix stands alone. */
  name: string;
  /** The words after it, as written. */
  args: string[];
  /** The line after the prefix, trimmed, for the reason of a justification. */
  rest: string;
}

/** Commands read from one comment; the rest are ignored so one comment cannot queue unbounded work. */
export const MAX_COMMANDS_PER_COMMENT = 10;
/** Longer lines are not commands anyone typed. */
const MAX_LINE_LENGTH = 2000;

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const QUOTE = /^ {0,3}>/;
const INDENTED_CODE = /^( {4}|\t)/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function commandLines(body: string, prefix: string, max = MAX_COMMANDS_PER_COMMENT): CommandLine[] {
  const start = new RegExp(`^ {0,3}${escapeRegExp(prefix)}(?=\\s|$)`, "i");
  const found: CommandLine[] = [];
  let fence: string | undefined;
  let inHtmlComment = false;
  const lines = body.split(/\r\n|\r|\n/);
  for (let index = 0; index < lines.length && found.length < max; index++) {
    let text = lines[index]!;
    if (fence !== undefined) {
      const close = FENCE.exec(text);
      if (close && close[1]![0] === fence[0] && close[1]!.length >= fence.length && text.trim() === close[1])
        fence = undefined;
      continue;
    }
    if (inHtmlComment) {
      const end = text.indexOf("-->");
      if (end === -1) continue;
      inHtmlComment = false;
      text = text.slice(end + 3);
    }
    const open = text.indexOf("<!--");
    if (open !== -1 && text.indexOf("-->", open + 4) === -1) {
      inHtmlComment = true;
      text = text.slice(0, open);
    }
    const opening = FENCE.exec(text);
    if (opening) {
      fence = opening[1]!;
      continue;
    }
    if (QUOTE.test(text) || INDENTED_CODE.test(text) || text.length > MAX_LINE_LENGTH) continue;
    const match = start.exec(text);
    if (!match) continue;
    const rest = text.slice(match[0].length).trim();
    const [name = "", ...args] = rest.split(/\s+/).filter((word) => word !== "");
    found.push({ line: index + 1, name: name.toLowerCase(), args, rest: rest.slice(name.length).trim() });
  }
  return found;
}
