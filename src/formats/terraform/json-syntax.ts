import { MAX_JSON_DEPTH, scanJson } from "../shared/json-scan.js";
import { isMapping, LineIndex } from "../shared/yaml.js";
import type { Block, Body, Expr, Step } from "./ast.js";

/**
 * The JSON syntax of Terraform (`.tf.json`) read into the same model as the native syntax.
 * JSON keeps no positions, so a block's line is where its name first appears in the text.
 */

const LABELS_BY_BLOCK: Record<string, number> = {
  resource: 2,
  data: 2,
  module: 1,
  variable: 1,
  output: 1,
  provider: 1,
};

// Keys whose object value is a map argument rather than a nested block.
const MAP_KEYS = new Set([
  "tags",
  "labels",
  "variables",
  "app_settings",
  "default",
  "environment_variables",
  "providers",
]);

export type JsonParseResult =
  { status: "parsed"; body: Body } | { status: "invalid" | "too-deep"; line: number; message: string };

export function parseJsonSyntax(text: string): JsonParseResult {
  const { tooDeepAt } = scanJson(text);
  if (tooDeepAt !== undefined) {
    const line = text.slice(0, tooDeepAt).split("\n").length;
    return { status: "too-deep", line, message: `nested more than ${MAX_JSON_DEPTH} levels deep` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const line = position ? text.slice(0, Number(position[1])).split("\n").length : 1;
    return { status: "invalid", line, message };
  }
  if (!isMapping(value)) return { status: "invalid", line: 1, message: "the top level is not an object" };
  const lines = new LineFinder(text);
  const body: Body = { attributes: [], blocks: [] };
  for (const [type, content] of Object.entries(value)) {
    if (type === "locals") {
      for (const locals of asList(content)) {
        if (!isMapping(locals)) continue;
        const block: Block = { type, labels: [], body: { attributes: [], blocks: [] }, line: lines.of(type) };
        for (const [name, local] of Object.entries(locals)) {
          block.body.attributes.push({ name, expr: jsonExpr(local, lines.of(name)), line: lines.of(name) });
        }
        body.blocks.push(block);
      }
      continue;
    }
    body.blocks.push(...labelledBlocks(type, content, LABELS_BY_BLOCK[type] ?? 0, [], lines));
  }
  return { status: "parsed", body };
}

function labelledBlocks(
  type: string,
  content: unknown,
  labelCount: number,
  labels: string[],
  lines: LineFinder,
): Block[] {
  if (labels.length === labelCount) {
    return asList(content)
      .filter(isMapping)
      .map((item) => ({ type, labels, body: jsonBody(item, lines), line: lines.of(labels.at(-1) ?? type) }));
  }
  if (!isMapping(content)) return [];
  return Object.entries(content).flatMap(([label, inner]) =>
    labelledBlocks(type, inner, labelCount, [...labels, label], lines),
  );
}

function jsonBody(object: Record<string, unknown>, lines: LineFinder): Body {
  const body: Body = { attributes: [], blocks: [] };
  for (const [key, value] of Object.entries(object)) {
    const nested = asList(value);
    if (!MAP_KEYS.has(key) && nested.length > 0 && nested.every(isMapping)) {
      for (const item of nested)
        body.blocks.push({ type: key, labels: [], body: jsonBody(item, lines), line: lines.of(key) });
    } else {
      body.attributes.push({ name: key, expr: jsonExpr(value, lines.of(key)), line: lines.of(key) });
    }
  }
  return body;
}

function jsonExpr(value: unknown, line: number): Expr {
  if (typeof value === "string") return templateExpr(value, line);
  if (typeof value === "number" || typeof value === "boolean" || value === null)
    return { type: "literal", value, line };
  if (Array.isArray(value)) return { type: "tuple", items: value.map((item) => jsonExpr(item, line)), line };
  if (isMapping(value)) {
    return {
      type: "object",
      items: Object.entries(value).map(([key, item]) => ({
        key: { type: "literal", value: key, line },
        value: jsonExpr(item, line),
      })),
      line,
    };
  }
  return { type: "literal", value: null, line };
}

const INTERPOLATION = /\$\{([^}]*)\}/g;
const TRAVERSAL = /[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\.\*|\[\s*(?:\d+|"[^"]*"|\*)\s*\])*/g;

/** `"${aws_db_instance.main.address}:5432"`: interpolations become traversals, the rest literal text. */
function templateExpr(text: string, line: number): Expr {
  if (!text.includes("${")) return { type: "literal", value: text, line };
  const parts: Expr[] = [];
  let last = 0;
  for (const match of text.matchAll(INTERPOLATION)) {
    if (match.index > last) parts.push({ type: "literal", value: text.slice(last, match.index), line });
    const traversals = [...match[1]!.matchAll(TRAVERSAL)].map((found) => traversalFromText(found[0], line));
    parts.push(traversals.length === 1 ? traversals[0]! : { type: "opaque", children: traversals, line });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ type: "literal", value: text.slice(last), line });
  return parts.length === 1 ? parts[0]! : { type: "template", parts, line };
}

function traversalFromText(text: string, line: number): Expr {
  const tokens = text.match(/[A-Za-z_][\w-]*|\*|\[[^\]]*\]/g) ?? [];
  const [root = "", ...rest] = tokens;
  const steps: Step[] = rest.map((token) => {
    if (token === "*" || token === "[*]") return { splat: true };
    if (token.startsWith("[")) {
      const inner = token.slice(1, -1).trim();
      const value = /^\d+$/.test(inner) ? Number(inner) : inner.replace(/^"|"$/g, "");
      return { index: { type: "literal", value, line } };
    }
    return { name: token };
  });
  if (/^(true|false|null|\d.*)$/.test(root)) return { type: "literal", value: text, line };
  return { type: "traversal", root, steps, line };
}

class LineFinder {
  private readonly cache = new Map<string, number>();
  private lines: LineIndex | undefined;
  constructor(private readonly text: string) {}

  of(key: string): number {
    let line = this.cache.get(key);
    if (line === undefined) {
      const index = this.text.indexOf(JSON.stringify(key));
      line = index < 0 ? 1 : (this.lines ??= new LineIndex(this.text)).lineAt(index);
      this.cache.set(key, line);
    }
    return line;
  }
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}
