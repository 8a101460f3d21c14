/**
 * A small syntax model of HCL that both the native syntax (`.tf`) and the JSON syntax (`.tf.json`) are read into,
 * so every later step works on plain data with line numbers and never on parser objects.
 */

export type Step = { name: string } | { index: Expr } | { splat: true };

export type Expr =
  | { type: "literal"; value: string | number | boolean | null; line: number }
  | { type: "template"; parts: Expr[]; line: number }
  | { type: "traversal"; root: string; steps: Step[]; line: number }
  | { type: "tuple"; items: Expr[]; line: number }
  | { type: "object"; items: ObjectItem[]; line: number }
  | { type: "call"; name: string; args: Expr[]; line: number }
  | { type: "conditional"; condition: Expr; then: Expr; else: Expr; line: number }
  | { type: "binary"; op: string; left: Expr; right: Expr; line: number }
  | { type: "unary"; op: string; operand: Expr; line: number }
  /** Anything not evaluated (for expressions, splats on calls, ...): kept only for the references inside. */
  | { type: "opaque"; children: Expr[]; line: number };

export interface ObjectItem {
  key: Expr;
  value: Expr;
}

export interface Attribute {
  name: string;
  expr: Expr;
  line: number;
}

export interface Block {
  type: string;
  labels: string[];
  body: Body;
  line: number;
}

export interface Body {
  attributes: Attribute[];
  blocks: Block[];
}

export interface ParsedFile {
  path: string;
  body: Body;
}

export function attribute(body: Body, name: string): Attribute | undefined {
  return body.attributes.find((candidate) => candidate.name === name);
}

export function blocksOf(body: Body, type: string): Block[] {
  return body.blocks.filter((block) => block.type === type);
}

/** Direct sub-expressions, for walks that look for references. */
export function childrenOf(expr: Expr): Expr[] {
  switch (expr.type) {
    case "literal":
      return [];
    case "template":
      return expr.parts;
    case "traversal":
      return expr.steps.flatMap((step) => ("index" in step ? [step.index] : []));
    case "tuple":
      return expr.items;
    case "object":
      return expr.items.flatMap((item) => [item.key, item.value]);
    case "call":
      return expr.args;
    case "conditional":
      return [expr.condition, expr.then, expr.else];
    case "binary":
      return [expr.left, expr.right];
    case "unary":
      return [expr.operand];
    case "opaque":
      return expr.children;
  }
}

/** Every traversal in `expr`, iteratively (inputs may nest deeply). */
export function traversalsIn(expr: Expr): Extract<Expr, { type: "traversal" }>[] {
  const found: Extract<Expr, { type: "traversal" }>[] = [];
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.type === "traversal") found.push(current);
    stack.push(...childrenOf(current));
  }
  return found;
}

/** Attribute names of a traversal up to the first index or splat: `aws_db_instance.main.address`. */
export function traversalText(traversal: Extract<Expr, { type: "traversal" }>): string {
  let text = traversal.root;
  for (const step of traversal.steps) {
    if ("name" in step) text += `.${step.name}`;
    else if ("splat" in step) text += "[*]";
    else text += step.index.type === "literal" ? `[${JSON.stringify(step.index.value)}]` : "[...]";
  }
  return text;
}

/** Every attribute of a body and of its nested blocks, with the path of block types leading to it. */
export function allAttributes(body: Body, path: string[] = []): { path: string[]; attribute: Attribute }[] {
  const found: { path: string[]; attribute: Attribute }[] = [];
  const stack: { body: Body; path: string[] }[] = [{ body, path }];
  while (stack.length > 0) {
    const current = stack.pop()!;
    for (const entry of current.body.attributes) found.push({ path: current.path, attribute: entry });
    for (const block of current.body.blocks)
      stack.push({ body: block.body, path: [...current.path, block.type] });
  }
  return found;
}
