import { allAttributes, attribute, type Block, type Body, type Expr } from "./ast.js";
import { evaluate } from "./evaluate.js";
import type { ModuleScope, TfNode } from "./modules.js";
import { isIgnoredPath } from "./nodes.js";

/**
 * The settings a component is configured with, as key and value: map entries (`app_settings`,
 * `environment { variables = {...} }`), `{ name = "KEY", value = ... }` and `{ name, valueFrom }` objects
 * (ECS container definitions, also inside `jsonencode`), and `env { name = "KEY" ... }` blocks (Cloud Run,
 * Kubernetes). Variables and locals are followed to the expressions they stand for, so a module's
 * `app_settings = var.app_settings` yields the entries written at the module call.
 */

interface Place {
  scope: ModuleScope;
  /** File the expression is written in (a module call's file once a variable is followed). */
  file: string;
}

export interface Setting {
  key: string;
  /** Undefined when the value comes from elsewhere (`value_from { secret_key_ref { ... } }`). */
  value?: Expr;
  /** Scope the value is written in. */
  scope: ModuleScope;
  file: string;
  line: number;
}

const VALUE_KEYS = ["value", "valueFrom", "value_from"];
const MAX_STEPS = 5000;
const MAX_FOLLOW = 8;

export function settingsOf(node: TfNode): Setting[] {
  const walker = new SettingWalker(node.file);
  for (const { path, attribute: entry } of allAttributes(node.block.body)) {
    if (!isIgnoredPath(path, entry.name)) walker.walk(entry.expr, { scope: node.scope, file: node.file }, 0);
  }
  walker.blocks(node.block.body, node.scope);
  return walker.found;
}

class SettingWalker {
  readonly found: Setting[] = [];
  private steps = MAX_STEPS;

  constructor(private readonly file: string) {}

  walk(expr: Expr, at: Place, follows: number): void {
    if (--this.steps < 0) return;
    const followed = follow(expr, at.scope);
    if (followed) {
      const next = { scope: followed.scope, file: followed.file ?? at.file };
      if (follows < MAX_FOLLOW) this.walk(followed.expr, next, follows + 1);
      return;
    }
    if (expr.type === "object") this.object(expr, at, follows);
    else if (expr.type === "tuple") for (const item of expr.items) this.walk(item, at, follows);
    else if (expr.type === "call" || expr.type === "conditional")
      for (const child of expr.type === "call" ? expr.args : [expr.then, expr.else])
        this.walk(child, at, follows);
  }

  blocks(body: Body, scope: ModuleScope): void {
    const stack: Block[] = [...body.blocks];
    while (stack.length > 0 && --this.steps >= 0) {
      const block = stack.pop()!;
      stack.push(...block.body.blocks);
      const name = evaluate(attribute(block.body, "name")?.expr, scope);
      const value = attribute(block.body, "value");
      const from = block.body.blocks.some(
        (inner) => inner.type === "value_from" || inner.type === "value_source",
      );
      if (typeof name !== "string" || (!value && !from)) continue;
      this.found.push({
        key: name,
        ...(value ? { value: value.expr } : {}),
        scope,
        file: this.file,
        line: block.line,
      });
    }
  }

  private object(expr: Extract<Expr, { type: "object" }>, at: Place, follows: number): void {
    const scope = at.scope;
    const keyed = expr.items.map((item) => ({ key: evaluate(item.key, scope), item }));
    const name = keyed.find((entry) => entry.key === "name")?.item.value;
    const value = keyed.find((entry) => typeof entry.key === "string" && VALUE_KEYS.includes(entry.key));
    const nameValue = name ? evaluate(name, scope) : undefined;
    if (typeof nameValue === "string" && value) {
      this.found.push({ key: nameValue, value: value.item.value, ...at, line: expr.line });
      return;
    }
    for (const { key, item } of keyed) {
      if (typeof key === "string") this.found.push({ key, value: item.value, ...at, line: item.value.line });
      this.walk(item.value, at, follows);
    }
  }
}

/** `var.x` to the expression the module call passes, `local.x` to its definition; undefined otherwise. */
export function follow(
  expr: Expr,
  scope: ModuleScope,
): { expr: Expr; scope: ModuleScope; file?: string } | undefined {
  if (expr.type !== "traversal" || expr.steps.length !== 1) return undefined;
  const step = expr.steps[0]!;
  if (!("name" in step)) return undefined;
  if (expr.root === "local") {
    const local = scope.locals.get(step.name);
    return local ? { expr: local, scope } : undefined;
  }
  if (expr.root !== "var") return undefined;
  const argument = scope.call ? attribute(scope.call.block.body, step.name) : undefined;
  if (argument && scope.parent) return { expr: argument.expr, scope: scope.parent, file: scope.call!.file };
  const fallback = scope.variables.get(step.name);
  const value = fallback ? attribute(fallback.body, "default") : undefined;
  return value ? { expr: value.expr, scope } : undefined;
}
