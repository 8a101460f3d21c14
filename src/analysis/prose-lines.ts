/**
 * The lines of a Markdown text that a person wrote as prose: outside fenced and indented code, block quotes and
 * HTML comments. Showing, quoting or templating a directive (a pull request template's hint, a quoted reply)
 * must never act on it.
 */
export interface ProseLine {
  /** 1-based line in the text. */
  line: number;
  text: string;
}

/** Longer lines are not directives anyone typed. */
const MAX_LINE_LENGTH = 2000;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const QUOTE = /^ {0,3}>/;
const INDENTED_CODE = /^( {4}|\t)/;

export function proseLines(markdown: string): ProseLine[] {
  const found: ProseLine[] = [];
  let fence: string | undefined;
  let inHtmlComment = false;
  const lines = markdown.split(/\r\n|\r|\n/);
  for (let index = 0; index < lines.length; index++) {
    let text = lines[index]!;
    if (fence !== undefined) {
      if (closesFence(text, fence)) fence = undefined;
      continue;
    }
    if (inHtmlComment) {
      const end = text.indexOf("-->");
      if (end === -1) continue;
      inHtmlComment = false;
      text = text.slice(end + 3);
    }
    text = withoutClosedComments(text);
    const open = text.indexOf("<!--");
    if (open !== -1) {
      inHtmlComment = true;
      text = text.slice(0, open);
    }
    const opening = FENCE.exec(text);
    if (opening) {
      fence = opening[1]!;
      continue;
    }
    if (QUOTE.test(text) || INDENTED_CODE.test(text) || text.length > MAX_LINE_LENGTH) continue;
    if (text.trim() !== "") found.push({ line: index + 1, text });
  }
  return found;
}

/** A closing fence uses the opening's character, at least as many times, and nothing else on its line. */
function closesFence(text: string, fence: string): boolean {
  const close = FENCE.exec(text);
  return !!close && close[1]![0] === fence[0] && close[1]!.length >= fence.length && text.trim() === close[1];
}

function withoutClosedComments(text: string): string {
  return text.replace(/<!--[\s\S]*?-->/g, "");
}
