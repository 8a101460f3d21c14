import { attribute, type Expr } from "./ast.js";
import type { ModuleScope } from "./modules.js";

/**
 * Literal evaluation: values written in the files (and variable defaults, locals and module arguments built from
 * them). Anything that needs state, data sources or functions outside a small pure set is UNKNOWN, never guessed.
 */

export const UNKNOWN: unique symbol = Symbol("unknown");
export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };
export type Evaluated = Value | typeof UNKNOWN;

const MAX_DEPTH = 40;

export function evaluate(expr: Expr | undefined, scope: ModuleScope, depth = 0): Evaluated {
  if (!expr || depth > MAX_DEPTH) return UNKNOWN;
  const next = (inner: Expr, at: ModuleScope = scope): Evaluated => evaluate(inner, at, depth + 1);
  switch (expr.type) {
    case "literal":
      return expr.value;
    case "template": {
      const parts = expr.parts.map((part) => next(part));
      if (parts.some((part) => part === UNKNOWN || (typeof part === "object" && part !== null)))
        return UNKNOWN;
      return parts.map((part) => (part === null ? "" : String(part))).join("");
    }
    case "tuple": {
      const items = expr.items.map((item) => next(item));
      return items.includes(UNKNOWN) ? UNKNOWN : (items as Value[]);
    }
    case "object": {
      const result: Record<string, Value> = {};
      for (const item of expr.items) {
        const key = next(item.key);
        const value = next(item.value);
        if (key === UNKNOWN || value === UNKNOWN || typeof key === "object") return UNKNOWN;
        result[String(key)] = value;
      }
      return result;
    }
    case "conditional": {
      const condition = next(expr.condition);
      if (typeof condition !== "boolean") return UNKNOWN;
      return next(condition ? expr.then : expr.else);
    }
    case "unary": {
      const operand = next(expr.operand);
      if (expr.op === "!" && typeof operand === "boolean") return !operand;
      if (expr.op === "-" && typeof operand === "number") return -operand;
      return UNKNOWN;
    }
    case "binary":
      return binary(expr.op, next(expr.left), next(expr.right));
    case "call":
      return call(
        expr.name,
        expr.args.map((arg) => next(arg)),
      );
    case "traversal":
      return traversal(expr, scope, depth);
    case "opaque":
      return UNKNOWN;
  }
}

function traversal(expr: Extract<Expr, { type: "traversal" }>, scope: ModuleScope, depth: number): Evaluated {
  const [first, ...rest] = expr.steps;
  if (!first || !("name" in first)) return UNKNOWN;
  let value: Evaluated;
  if (expr.root === "var") value = named(scope, `var.${first.name}`, () => variableValue(first.name, scope));
  else if (expr.root === "local")
    value = named(scope, `local.${first.name}`, () => evaluate(scope.locals.get(first.name), scope));
  else return UNKNOWN;
  for (const step of rest) {
    if (value === UNKNOWN || value === null || typeof value !== "object") return UNKNOWN;
    if ("splat" in step) return UNKNOWN;
    const key = "name" in step ? step.name : evaluate(step.index, scope, depth + 1);
    if (key === UNKNOWN || typeof key === "object") return UNKNOWN;
    const picked: Value | undefined = Array.isArray(value) ? value[Number(key)] : value[String(key)];
    value = picked === undefined ? UNKNOWN : picked;
  }
  return value;
}

function variableValue(name: string, scope: ModuleScope): Evaluated {
  const argument = scope.call ? attribute(scope.call.block.body, name) : undefined;
  if (argument && scope.parent) return evaluate(argument.expr, scope.parent);
  const variable = scope.variables.get(name);
  return variable ? evaluate(attribute(variable.body, "default")?.expr, scope) : UNKNOWN;
}

/**
 * Each variable and local of a module is worked out once: locals built from locals (`a = local.b + local.b`, over
 * and over) would otherwise be evaluated exponentially often. A cycle, or names nested past `MAX_NESTING`, read as
 * UNKNOWN.
 */
const MAX_NESTING = 64;
const known = new WeakMap<ModuleScope, Map<string, Evaluated>>();
const pending = new Set<string>();
let nesting = 0;

function named(scope: ModuleScope, name: string, compute: () => Evaluated): Evaluated {
  let values = known.get(scope);
  if (!values) known.set(scope, (values = new Map()));
  if (values.has(name)) return values.get(name)!;
  const key = `${scope.prefix}|${name}`;
  if (pending.has(key) || nesting >= MAX_NESTING) return UNKNOWN;
  pending.add(key);
  nesting += 1;
  try {
    const value = compute();
    values.set(name, value);
    return value;
  } finally {
    pending.delete(key);
    nesting -= 1;
  }
}

function binary(op: string, left: Evaluated, right: Evaluated): Evaluated {
  if (op === "&&" && (left === false || right === false)) return false;
  if (op === "||" && (left === true || right === true)) return true;
  if (left === UNKNOWN || right === UNKNOWN) return UNKNOWN;
  if (op === "==") return JSON.stringify(left) === JSON.stringify(right);
  if (op === "!=") return JSON.stringify(left) !== JSON.stringify(right);
  if (typeof left === "boolean" && typeof right === "boolean") {
    if (op === "&&") return left && right;
    if (op === "||") return left || right;
  }
  if (typeof left !== "number" || typeof right !== "number") return UNKNOWN;
  switch (op) {
    case "+":
      return left + right;
    case "-":
      return left - right;
    case "*":
      return left * right;
    case "/":
      return right === 0 ? UNKNOWN : left / right;
    case "%":
      return right === 0 ? UNKNOWN : left % right;
    case "<":
      return left < right;
    case ">":
      return left > right;
    case "<=":
      return left <= right;
    case ">=":
      return left >= right;
    default:
      return UNKNOWN;
  }
}

function call(name: string, args: Evaluated[]): Evaluated {
  if (args.includes(UNKNOWN)) return UNKNOWN;
  const values = args as Value[];
  const [first] = values;
  switch (name) {
    case "tostring":
      return first === undefined || typeof first === "object" ? UNKNOWN : String(first);
    case "tonumber":
      return Number.isFinite(Number(first)) ? Number(first) : UNKNOWN;
    case "tolist":
    case "toset":
    case "tomap":
      return first ?? UNKNOWN;
    case "lower":
      return typeof first === "string" ? first.toLowerCase() : UNKNOWN;
    case "upper":
      return typeof first === "string" ? first.toUpperCase() : UNKNOWN;
    case "length":
      if (typeof first === "string" || Array.isArray(first)) return first.length;
      return first && typeof first === "object" ? Object.keys(first).length : UNKNOWN;
    case "max":
    case "min":
      return values.every((value) => typeof value === "number")
        ? Math[name](...(values as number[]))
        : UNKNOWN;
    default:
      return UNKNOWN;
  }
}

/** Text of an expression for a "stays symbolic" note: `var.region`, `local.size`, ... */
export function symbolText(expr: Expr): string {
  if (expr.type === "traversal") {
    return [expr.root, ...expr.steps.map((step) => ("name" in step ? step.name : "[...]"))]
      .join(".")
      .replace(/\.\[/g, "[");
  }
  if (expr.type === "call") return `${expr.name}(...)`;
  return "an expression";
}
