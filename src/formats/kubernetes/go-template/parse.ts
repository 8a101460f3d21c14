/**
 * A parser for the Go text/template language as Helm charts write it. Templates come from strangers, so it never
 * throws: a construct it does not know becomes an `Unsupported` node that poisons only the output around it, and
 * every scan is a single forward pass (no regular expressions over template text).
 */

export type Operand =
  | { type: "dot"; fields: string[] }
  | { type: "variable"; name: string; fields: string[] }
  | { type: "literal"; value: unknown }
  | { type: "function"; name: string }
  | { type: "pipe"; pipe: Pipeline; fields: string[] };

export interface Pipeline {
  /** `$x := ...` (or `$i, $v := range ...`); `assign` for `$x = ...`. */
  declare: string[];
  assign: boolean;
  commands: Operand[][];
  /** Why the pipeline could not be read: a block keeps its place (its `end` still closes it) and fails when run. */
  error?: string;
}

export type Node =
  | { type: "text"; text: string; line: number }
  | { type: "action"; pipe: Pipeline; line: number }
  | { type: "if" | "with"; branches: { pipe: Pipeline; body: Node[] }[]; otherwise: Node[]; line: number }
  | { type: "range"; pipe: Pipeline; body: Node[]; otherwise: Node[]; line: number }
  | { type: "template"; name: string; pipe: Pipeline | undefined; line: number }
  | { type: "break"; line: number }
  | { type: "continue"; line: number }
  | { type: "unsupported"; reason: string; line: number };

export interface ParsedTemplate {
  nodes: Node[];
  defines: Map<string, Node[]>;
}

interface Segment {
  kind: "text" | "action";
  text: string;
  line: number;
}

/** Splits template source into text and action segments, applying `{{-` / `-}}` trimming. */
function segments(source: string): Segment[] {
  const result: Segment[] = [];
  let at = 0;
  let line = 1;
  let trimNext = false;
  const advanceLines = (from: number, to: number): void => {
    for (let i = from; i < to; i++) if (source.charCodeAt(i) === 10) line++;
  };
  while (at < source.length) {
    const open = source.indexOf("{{", at);
    const textEnd = open < 0 ? source.length : open;
    let text = source.slice(at, textEnd);
    const textLine = line;
    advanceLines(at, textEnd);
    if (open < 0) {
      pushText(result, trimNext ? trimStart(text) : text, textLine, trimNext ? leadingLines(text) : 0);
      break;
    }
    const trimLeft = source[open + 2] === "-" && isSpace(source[open + 3]);
    const actionStart = open + (trimLeft ? 4 : 2);
    const close = findClose(source, actionStart);
    const skipped = trimNext ? leadingLines(text) : 0;
    if (trimNext) text = trimStart(text);
    if (trimLeft) text = trimEnd(text);
    pushText(result, text, textLine, skipped);
    if (close === undefined) {
      result.push({ kind: "action", text: "\u0000unclosed", line });
      break;
    }
    const actionLine = line;
    advanceLines(open, close.end);
    result.push({ kind: "action", text: source.slice(actionStart, close.bodyEnd), line: actionLine });
    trimNext = close.trimRight;
    at = close.end;
  }
  return result;
}

function pushText(result: Segment[], text: string, line: number, skippedLines: number): void {
  if (text !== "") result.push({ kind: "text", text, line: line + skippedLines });
}

function leadingLines(text: string): number {
  let lines = 0;
  for (let i = 0; i < text.length && isSpace(text[i]); i++) if (text[i] === "\n") lines++;
  return lines;
}

function isSpace(char: string | undefined): boolean {
  return char === " " || char === "\t" || char === "\n" || char === "\r";
}

function trimStart(text: string): string {
  let i = 0;
  while (i < text.length && isSpace(text[i])) i++;
  return text.slice(i);
}

function trimEnd(text: string): string {
  let i = text.length;
  while (i > 0 && isSpace(text[i - 1])) i--;
  return text.slice(0, i);
}

/** The end of an action: `}}` outside string literals and comments, with ` -}}` trimming what follows. */
function findClose(
  source: string,
  from: number,
): { bodyEnd: number; end: number; trimRight: boolean } | undefined {
  let i = from;
  while (i < source.length) {
    const char = source[i];
    if (char === '"' || char === "'") {
      i = skipQuoted(source, i, char);
    } else if (char === "`") {
      const end = source.indexOf("`", i + 1);
      if (end < 0) return undefined;
      i = end + 1;
    } else if (char === "/" && source[i + 1] === "*") {
      const end = source.indexOf("*/", i + 2);
      if (end < 0) return undefined;
      i = end + 2;
    } else if (char === "}" && source[i + 1] === "}") {
      const trimRight = source[i - 1] === "-" && isSpace(source[i - 2]) && i - 2 >= from;
      return { bodyEnd: trimRight ? i - 2 : i, end: i + 2, trimRight };
    } else i++;
  }
  return undefined;
}

function skipQuoted(source: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < source.length && source[i] !== quote && source[i] !== "\n") i += source[i] === "\\" ? 2 : 1;
  return i + 1;
}

type Token =
  | { kind: "word"; text: string }
  | { kind: "field"; names: string[]; attached: boolean }
  | { kind: "variable"; name: string; fields: string[] }
  | { kind: "literal"; value: unknown }
  | { kind: "punct"; text: "|" | "(" | ")" | "," | ":=" | "=" }
  | { kind: "bad"; text: string };

const WORD_CHAR = /[A-Za-z0-9_]/;

/** Tokens of one action's body. */
function tokens(body: string): Token[] {
  const result: Token[] = [];
  let i = 0;
  while (i < body.length) {
    const char = body[i] as string;
    if (isSpace(char)) {
      i++;
      continue;
    }
    if (char === "/" && body[i + 1] === "*") {
      const end = body.indexOf("*/", i + 2);
      i = end < 0 ? body.length : end + 2;
      continue;
    }
    if (char === ":" && body[i + 1] === "=") {
      result.push({ kind: "punct", text: ":=" });
      i += 2;
    } else if (char === "|" || char === "(" || char === ")" || char === "," || char === "=") {
      result.push({ kind: "punct", text: char });
      i++;
    } else if (char === '"') {
      const end = skipQuoted(body, i, '"');
      result.push({ kind: "literal", value: unquote(body.slice(i + 1, end - 1)) });
      i = end;
    } else if (char === "`") {
      const end = body.indexOf("`", i + 1);
      const stop = end < 0 ? body.length : end;
      result.push({ kind: "literal", value: body.slice(i + 1, stop) });
      i = stop + 1;
    } else if (char === "'") {
      const end = skipQuoted(body, i, "'");
      result.push({ kind: "literal", value: unquote(body.slice(i + 1, end - 1)).codePointAt(0) ?? 0 });
      i = end;
    } else if (char === "." || char === "$") {
      const attached = i > 0 && body[i - 1] === ")";
      const start = i;
      i++;
      while (i < body.length && (WORD_CHAR.test(body[i] as string) || body[i] === ".")) i++;
      const text = body.slice(start, i);
      if (char === "$") {
        const [name = "", ...fields] = text.slice(1).split(".");
        result.push({ kind: "variable", name, fields: fields.filter((field) => field !== "") });
      } else {
        result.push({ kind: "field", names: text.split(".").filter((field) => field !== ""), attached });
      }
    } else if (/[0-9+-]/.test(char)) {
      const start = i;
      i++;
      while (i < body.length && /[0-9A-Za-z_.+-]/.test(body[i] as string)) i++;
      const text = body.slice(start, i);
      const value = Number(text.replaceAll("_", ""));
      result.push(Number.isNaN(value) ? { kind: "bad", text } : { kind: "literal", value });
    } else if (WORD_CHAR.test(char)) {
      const start = i;
      while (i < body.length && WORD_CHAR.test(body[i] as string)) i++;
      result.push({ kind: "word", text: body.slice(start, i) });
    } else {
      result.push({ kind: "bad", text: char });
      i++;
    }
  }
  return result;
}

const ESCAPES: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  "\\": "\\",
  '"': '"',
  "'": "'",
  a: "\x07",
  b: "\b",
  f: "\f",
  v: "\v",
  "0": "\0",
};

function unquote(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (char !== "\\") {
      out += char;
      continue;
    }
    const next = text[i + 1] ?? "";
    const hexLength = next === "x" ? 2 : next === "u" ? 4 : next === "U" ? 8 : 0;
    if (hexLength > 0) {
      const code = Number.parseInt(text.slice(i + 2, i + 2 + hexLength), 16);
      out += Number.isNaN(code) || code > 0x10ffff ? "" : String.fromCodePoint(code);
      i += 1 + hexLength;
    } else {
      out += ESCAPES[next] ?? next;
      i++;
    }
  }
  return out;
}

class ParseError extends Error {}

/** Parses the tokens of one action into a pipeline. */
// Real templates nest a few levels; these bounds keep parsing and running them off the call stack's limits.
const MAX_PARENS = 50;
const MAX_BLOCKS = 100;

class PipelineParser {
  private at = 0;
  private parens = 0;
  constructor(private readonly list: Token[]) {}

  done(): boolean {
    return this.at >= this.list.length;
  }

  pipeline(allowDeclare: boolean): Pipeline {
    const pipe: Pipeline = { declare: [], assign: false, commands: [] };
    if (allowDeclare) this.declaration(pipe);
    for (;;) {
      const command = this.command();
      if (command.length === 0) throw new ParseError("empty command");
      pipe.commands.push(command);
      const next = this.list[this.at];
      if (next?.kind === "punct" && next.text === "|") {
        this.at++;
        continue;
      }
      return pipe;
    }
  }

  private declaration(pipe: Pipeline): void {
    const names: string[] = [];
    let i = this.at;
    for (;;) {
      const token = this.list[i];
      if (token?.kind !== "variable" || token.fields.length > 0) return;
      names.push(token.name);
      const next = this.list[i + 1];
      if (next?.kind === "punct" && next.text === ",") {
        i += 2;
        continue;
      }
      if (next?.kind === "punct" && (next.text === ":=" || next.text === "=")) {
        pipe.declare = names;
        pipe.assign = next.text === "=";
        this.at = i + 2;
      }
      return;
    }
  }

  private command(): Operand[] {
    const operands: Operand[] = [];
    for (;;) {
      const token = this.list[this.at];
      if (!token || (token.kind === "punct" && (token.text === "|" || token.text === ")"))) return operands;
      this.at++;
      operands.push(this.operand(token));
    }
  }

  private operand(token: Token): Operand {
    switch (token.kind) {
      case "literal":
        return { type: "literal", value: token.value };
      case "variable":
        return { type: "variable", name: token.name, fields: token.fields };
      case "field":
        return { type: "dot", fields: token.names };
      case "word":
        if (token.text === "true" || token.text === "false")
          return { type: "literal", value: token.text === "true" };
        if (token.text === "nil") return { type: "literal", value: null };
        return { type: "function", name: token.text };
      case "punct":
        if (token.text === "(") {
          if (++this.parens > MAX_PARENS) throw new ParseError("parentheses nested too deep");
          const pipe = this.pipeline(true);
          const close = this.list[this.at];
          if (close?.kind !== "punct" || close.text !== ")") throw new ParseError("unclosed parenthesis");
          this.at++;
          this.parens--;
          const after = this.list[this.at];
          const fields = after?.kind === "field" && after.attached ? after.names : [];
          if (fields.length > 0) this.at++;
          return { type: "pipe", pipe, fields };
        }
        throw new ParseError(`unexpected "${token.text}"`);
      default:
        throw new ParseError(`unexpected "${token.text}"`);
    }
  }
}

interface Frame {
  node: Extract<Node, { type: "if" | "with" | "range" }> | { type: "define"; name: string; line: number };
  body: Node[];
  inElse: boolean;
}

/** Parses a whole template file; `define` blocks go to `defines`, the rest is the file's output. */
export function parseTemplate(source: string): ParsedTemplate {
  const defines = new Map<string, Node[]>();
  const root: Node[] = [];
  const stack: Frame[] = [];
  const current = (): Node[] => stack[stack.length - 1]?.body ?? root;
  const unsupported = (reason: string, line: number): void => {
    current().push({ type: "unsupported", reason, line });
  };
  for (const segment of segments(source)) {
    if (segment.kind === "text") {
      current().push({ type: "text", text: segment.text, line: segment.line });
      continue;
    }
    try {
      parseAction(segment, stack, current, defines);
    } catch (error) {
      unsupported(error instanceof Error ? error.message : "unreadable action", segment.line);
    }
  }
  // Unclosed blocks: their content is unreliable.
  if (stack.length > 0) {
    const first = stack[0] as Frame;
    return {
      nodes: [...root, { type: "unsupported", reason: "unclosed block", line: first.node.line }],
      defines,
    };
  }
  return { nodes: root, defines };
}

const BLOCK_WORDS = new Set([
  "if",
  "with",
  "range",
  "define",
  "block",
  "else",
  "end",
  "template",
  "break",
  "continue",
]);

function parseAction(
  segment: Segment,
  stack: Frame[],
  current: () => Node[],
  defines: Map<string, Node[]>,
): void {
  const body = segment.text.trim();
  const line = segment.line;
  if (body.startsWith("/*")) return;
  if (body === "\u0000unclosed") throw new ParseError("unclosed action");
  const list = tokens(body);
  const bad = list.find((token) => token.kind === "bad");
  if (bad && bad.kind === "bad") throw new ParseError(`unexpected "${bad.text}"`);
  const head = list[0];
  const keyword = head?.kind === "word" && BLOCK_WORDS.has(head.text) ? head.text : undefined;
  const opens =
    keyword === "if" ||
    keyword === "with" ||
    keyword === "range" ||
    keyword === "define" ||
    keyword === "block";
  if (opens && stack.length >= MAX_BLOCKS) throw new ParseError("blocks nested too deep");
  const parser = new PipelineParser(keyword ? list.slice(1) : list);
  const pipeline = (declare: boolean): Pipeline => {
    try {
      const pipe = parser.pipeline(declare);
      if (!parser.done()) throw new ParseError("unexpected text after the pipeline");
      return pipe;
    } catch (error) {
      if (keyword === undefined || !(error instanceof ParseError)) throw error;
      return { declare: [], assign: false, commands: [], error: error.message };
    }
  };
  switch (keyword) {
    case undefined:
      if (list.length === 0) throw new ParseError("empty action");
      current().push({ type: "action", pipe: pipeline(true), line });
      return;
    case "if":
    case "with": {
      const node = {
        type: keyword,
        branches: [{ pipe: pipeline(keyword === "with"), body: [] as Node[] }],
        otherwise: [] as Node[],
        line,
      };
      current().push(node);
      stack.push({ node, body: node.branches[0]!.body, inElse: false });
      return;
    }
    case "range": {
      const node = {
        type: "range" as const,
        pipe: pipeline(true),
        body: [] as Node[],
        otherwise: [] as Node[],
        line,
      };
      current().push(node);
      stack.push({ node, body: node.body, inElse: false });
      return;
    }
    case "define":
    case "block": {
      const name = list[1];
      if (name?.kind !== "literal" || typeof name.value !== "string")
        throw new ParseError(`${keyword} without a name`);
      const defineBody: Node[] = [];
      if (keyword === "block") current().push(templateCall(name.value, list.slice(2), line));
      if (!defines.has(name.value)) defines.set(name.value, defineBody);
      stack.push({ node: { type: "define", name: name.value, line }, body: defineBody, inElse: false });
      return;
    }
    case "template": {
      const name = list[1];
      if (name?.kind !== "literal" || typeof name.value !== "string")
        throw new ParseError("template without a name");
      current().push(templateCall(name.value, list.slice(2), line));
      return;
    }
    case "else":
      elseAction(list, stack, line);
      return;
    case "end":
      if (!stack.pop()) throw new ParseError("end without a block");
      return;
    default:
      current().push(keyword === "break" ? { type: "break", line } : { type: "continue", line });
  }
}

/** `{{ template "name" pipeline }}`, also what a `block` leaves in place. */
function templateCall(name: string, rest: Token[], line: number): Node {
  const parser = new PipelineParser(rest);
  return { type: "template", name, pipe: parser.done() ? undefined : parser.pipeline(false), line };
}

function elseAction(list: Token[], stack: Frame[], line: number): void {
  const frame = stack[stack.length - 1];
  if (!frame || frame.node.type === "define" || frame.inElse) throw new ParseError("else without a block");
  const chained = list[1];
  const node = frame.node;
  if (chained?.kind === "word" && (chained.text === "if" || chained.text === "with")) {
    if (node.type === "range" || node.type !== chained.text)
      throw new ParseError(`else ${chained.text} here`);
    const parser = new PipelineParser(list.slice(2));
    let pipe: Pipeline;
    try {
      pipe = parser.pipeline(chained.text === "with");
      if (!parser.done()) throw new ParseError("unexpected text after the pipeline");
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      pipe = { declare: [], assign: false, commands: [], error: error.message };
    }
    const branch = { pipe, body: [] as Node[] };
    node.branches.push(branch);
    frame.body = branch.body;
    return;
  }
  if (list.length > 1) throw new ParseError("unexpected text after else");
  frame.body = node.otherwise;
  frame.inElse = true;
  void line;
}
