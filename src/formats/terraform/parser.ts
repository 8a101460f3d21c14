import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { ParseOptions, Parser } from "web-tree-sitter";
import { sharedParseAsync } from "../shared/parse-share.js";
import type { Block, Body, Expr, ObjectItem, Step } from "./ast.js";
import { firstSyntaxError, type SyntaxErrorSite } from "./syntax-errors.js";
import { copyTree, type SyntaxNode as Node } from "./syntax-tree.js";

/**
 * Native HCL syntax through the tree-sitter Terraform grammar (WebAssembly: no native build, no download).
 * The grammar never throws on bad input: errors are positioned nodes, so a broken file still yields the blocks
 * around the error.
 */

const require = createRequire(import.meta.url);
const GRAMMAR = "@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm";

// Nesting past this is not real configuration; converting it would only cost stack.
const MAX_DEPTH = 200;

let parserPromise: Promise<Parser> | undefined;

/** From the installed package; a bundle (the Action, the Lambda zip) carries the grammar beside itself. */
function grammarPath(): string {
  try {
    return require.resolve(GRAMMAR);
  } catch {
    return fileURLToPath(new URL(GRAMMAR.split("/").pop()!, import.meta.url));
  }
}

/**
 * One parser per process: loading the runtime and the grammar costs tens of milliseconds, paid with the first
 * `.tf` file rather than at start-up.
 */
function terraformParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    const { Language, Parser } = await import("web-tree-sitter");
    await Parser.init();
    const language = await Language.load(grammarPath());
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return parserPromise;
}

export type NativeParseResult =
  | { status: "parsed"; body: Body; firstError?: SyntaxErrorSite; tooDeepAt?: number }
  | { status: "cancelled" };

/** Within a comparison, a text already parsed at the other side is parsed once (see parse-share.ts). */
export function parseNative(text: string, deadline: number): Promise<NativeParseResult> {
  return sharedParseAsync(
    "terraform",
    "",
    text,
    () => parseUnshared(text, deadline),
    (result) => result.status === "parsed",
  );
}

async function parseUnshared(text: string, deadline: number): Promise<NativeParseResult> {
  const parser = await terraformParser();
  const options = { progressCallback: () => Date.now() > deadline } as unknown as ParseOptions;
  parser.reset();
  const tree = parser.parse(text, null, options);
  if (!tree) {
    parser.reset();
    return { status: "cancelled" };
  }
  try {
    const root = copyTree(tree, text, deadline);
    if (!root) return { status: "cancelled" };
    const converter = new Converter();
    const bodyNode = root.namedChildren.find((child) => child.type === "body");
    const body = bodyNode ? converter.body(bodyNode, 0) : { attributes: [], blocks: [] };
    const error = firstSyntaxError(tree.rootNode, deadline);
    return {
      status: "parsed",
      body,
      ...(error ? { firstError: error } : {}),
      ...(converter.tooDeepAt !== undefined ? { tooDeepAt: converter.tooDeepAt } : {}),
    };
  } finally {
    tree.delete();
  }
}

const POSTFIX = new Set(["get_attr", "index", "splat", "legacy_index", "new_index"]);

class Converter {
  /** Line of the first node cut for nesting too deep. */
  tooDeepAt: number | undefined;

  body(node: Node, depth: number): Body {
    const body: Body = { attributes: [], blocks: [] };
    if (this.deep(depth, node)) return body;
    for (const child of node.namedChildren) {
      if (child.type === "attribute") {
        const name = child.namedChildren.find((part) => part.type === "identifier")?.text;
        const value = child.namedChildren.find((part) => part.type === "expression");
        if (name !== undefined && value) {
          body.attributes.push({ name, expr: this.any(value, depth + 1), line: line(child) });
        }
      } else if (child.type === "block") {
        const block = this.block(child, depth + 1);
        if (block) body.blocks.push(block);
      }
    }
    return body;
  }

  private block(node: Node, depth: number): Block | undefined {
    const parts = node.namedChildren;
    const type = parts[0]?.type === "identifier" ? parts[0].text : undefined;
    if (type === undefined) return undefined;
    const labels: string[] = [];
    let body: Body = { attributes: [], blocks: [] };
    for (const part of parts.slice(1)) {
      if (part.type === "string_lit") labels.push(stringText(part));
      else if (part.type === "identifier") labels.push(part.text);
      else if (part.type === "body") body = this.body(part, depth + 1);
    }
    return { type, labels, body, line: line(node) };
  }

  private deep(depth: number, node: Node): boolean {
    if (depth <= MAX_DEPTH) return false;
    this.tooDeepAt ??= line(node);
    return true;
  }

  any(node: Node, depth: number): Expr {
    const at = line(node);
    if (this.deep(depth, node)) return { type: "opaque", children: [], line: at };
    switch (node.type) {
      case "expression":
        return this.sequence(withoutComments(node.namedChildren), depth + 1, at);
      case "literal_value":
        return this.literal(node);
      case "template_expr":
        return this.template(node.namedChildren[0] ?? node, depth + 1);
      case "quoted_template":
      case "heredoc_template":
        return this.template(node, depth + 1);
      case "collection_value":
        return node.namedChildren[0] ? this.any(node.namedChildren[0], depth + 1) : literal(null, at);
      case "tuple":
        return {
          type: "tuple",
          items: node.namedChildren.filter(isValue).map((item) => this.any(item, depth + 1)),
          line: at,
        };
      case "object":
        return { type: "object", items: this.objectItems(node, depth + 1), line: at };
      case "function_call": {
        const name = node.namedChildren.find((part) => part.type === "identifier")?.text ?? "";
        const args = node.namedChildren.find((part) => part.type === "function_arguments");
        const values = args ? args.namedChildren.filter(isValue).map((arg) => this.any(arg, depth + 1)) : [];
        return { type: "call", name, args: values, line: at };
      }
      case "conditional": {
        const [condition, then, otherwise] = node.namedChildren
          .filter(isValue)
          .map((part) => this.any(part, depth + 1));
        if (condition && then && otherwise)
          return { type: "conditional", condition, then, else: otherwise, line: at };
        return { type: "opaque", children: [condition, then, otherwise].filter(isDefined), line: at };
      }
      case "operation":
        return node.namedChildren[0] ? this.any(node.namedChildren[0], depth + 1) : literal(null, at);
      case "unary_operation": {
        const op = node.children[0]?.text ?? "";
        return { type: "unary", op, operand: this.sequence(node.namedChildren, depth + 1, at), line: at };
      }
      case "binary_operation":
        return this.binary(node, depth + 1, at);
      case "variable_expr":
        return this.sequence([node], depth + 1, at);
      default:
        return {
          type: "opaque",
          children: withoutComments(node.namedChildren)
            .filter((child) => child.type !== "identifier")
            .map((child) => this.any(child, depth + 1)),
          line: at,
        };
    }
  }

  /** A term followed by attribute, index and splat steps (the grammar keeps them as siblings). */
  private sequence(nodes: readonly Node[], depth: number, at: number): Expr {
    const [primary, ...postfix] = nodes;
    if (!primary) return literal(null, at);
    if (postfix.length === 0 && primary.type !== "variable_expr") return this.any(primary, depth);
    const steps = postfix.flatMap((step) => this.steps(step, depth));
    if (primary.type === "variable_expr") {
      return { type: "traversal", root: primary.text, steps, line: line(primary) };
    }
    const indexes = steps.flatMap((step) => ("index" in step ? [step.index] : []));
    return { type: "opaque", children: [this.any(primary, depth), ...indexes], line: at };
  }

  private steps(node: Node, depth: number): Step[] {
    switch (node.type) {
      case "get_attr": {
        const name = node.namedChildren.find((part) => part.type === "identifier")?.text;
        return name === undefined ? [] : [{ name }];
      }
      case "index":
        return node.namedChildren.flatMap((part) => this.steps(part, depth));
      case "new_index": {
        const value = node.namedChildren.find(isValue);
        return value ? [{ index: this.any(value, depth + 1) }] : [];
      }
      case "legacy_index":
        return [{ index: literal(Number(node.text.replace(/^\./, "")), line(node)) }];
      case "splat":
        return node.namedChildren.flatMap((part) => [
          { splat: true } as const,
          ...part.namedChildren.flatMap((inner) => this.steps(inner, depth)),
        ]);
      default:
        return POSTFIX.has(node.type) ? [] : [];
    }
  }

  private binary(node: Node, depth: number, at: number): Expr {
    const children = node.children;
    const opIndex = children.findIndex((child, index) => index > 0 && !child.isNamed);
    if (opIndex < 0)
      return { type: "opaque", children: node.namedChildren.map((c) => this.any(c, depth)), line: at };
    const left = this.sequence(
      children.slice(0, opIndex).filter((c) => c.isNamed),
      depth,
      at,
    );
    const right = this.sequence(
      children.slice(opIndex + 1).filter((c) => c.isNamed),
      depth,
      at,
    );
    return { type: "binary", op: children[opIndex]!.text, left, right, line: at };
  }

  private objectItems(node: Node, depth: number): ObjectItem[] {
    const items: ObjectItem[] = [];
    for (const element of node.namedChildren) {
      if (element.type !== "object_elem") continue;
      const [keyNode, valueNode] = element.namedChildren.filter(isValue);
      if (!keyNode || !valueNode) continue;
      let key = this.any(keyNode, depth + 1);
      // `{ name = ... }`: a bare identifier key is the key's text, not a reference.
      if (key.type === "traversal" && key.steps.length === 0) key = literal(key.root, key.line);
      items.push({ key, value: this.any(valueNode, depth + 1) });
    }
    return items;
  }

  private template(node: Node, depth: number): Expr {
    const at = line(node);
    const parts: Expr[] = [];
    for (const part of node.namedChildren) {
      if (part.type === "template_literal") parts.push(literal(part.text, line(part)));
      else if (part.type === "template_interpolation") {
        const value = part.namedChildren.find(isValue);
        if (value) parts.push(this.any(value, depth + 1));
      } else if (part.type === "template_directive") {
        parts.push({
          type: "opaque",
          children: descendantsValues(part).map((v) => this.any(v, depth + 1)),
          line: at,
        });
      }
    }
    if (parts.every((part) => part.type === "literal")) {
      return literal(parts.map((part) => String((part as { value: unknown }).value)).join(""), at);
    }
    return { type: "template", parts, line: at };
  }

  private literal(node: Node): Expr {
    const value = node.namedChildren[0];
    const at = line(node);
    if (!value) return literal(null, at);
    switch (value.type) {
      case "numeric_lit":
        return literal(Number(value.text), at);
      case "bool_lit":
        return literal(value.text === "true", at);
      case "null_lit":
        return literal(null, at);
      case "string_lit":
        return literal(stringText(value), at);
      default:
        return literal(value.text, at);
    }
  }
}

function descendantsValues(node: Node): Node[] {
  return node.namedChildren.flatMap((child) => (isValue(child) ? [child] : descendantsValues(child)));
}

function isValue(node: Node): boolean {
  return node.type === "expression";
}

function withoutComments(nodes: readonly Node[]): Node[] {
  return nodes.filter((node) => node.type !== "comment");
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

function stringText(node: Node): string {
  return node.namedChildren
    .filter((part) => part.type === "template_literal")
    .map((part) => part.text)
    .join("");
}

function literal(value: string | number | boolean | null, at: number): Expr {
  return { type: "literal", value, line: at };
}

function line(node: Node): number {
  return node.row + 1;
}
