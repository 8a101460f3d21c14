import { attribute, traversalText, type Expr } from "./ast.js";
import { evaluate } from "./evaluate.js";
import type { ModuleScope } from "./modules.js";
import { follow } from "./settings.js";

/**
 * Names and URLs written as string templates, in one comparable form: literal text stays, variables and locals
 * are followed to what they stand for, and whatever cannot be evaluated (`local.resource_token`) becomes a
 * placeholder that is equal wherever the same expression is meant. So `"api-${var.token}"` in a module called
 * with `token = local.resource_token` and `"https://app-api-${local.resource_token}.azurewebsites.net"` in the
 * root share the placeholder.
 */

const MARK = "\u0001";
const MAX_DEPTH = 12;

export class NameTemplates {
  private readonly placeholders = new Map<string, number>();

  /** The comparable form, or undefined when part of it is neither text nor a plain reference. */
  text(expr: Expr, scope: ModuleScope, depth = 0): string | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const value = evaluate(expr, scope);
    if (typeof value === "string" || typeof value === "number") return String(value);
    if (expr.type === "template") {
      const parts = expr.parts.map((part) => this.text(part, scope, depth + 1));
      return parts.every((part) => part !== undefined) ? parts.join("") : undefined;
    }
    if (expr.type !== "traversal") return undefined;
    const followed = follow(expr, scope);
    const inner = followed
      ? this.text(followed.expr, followed.scope, depth + 1)
      : this.generated(expr, scope, depth);
    return inner ?? this.placeholder(`${scope.prefix}${traversalText(expr)}`);
  }

  /** A naming resource's `result` (azurecaf_name and the like) is built from the `name` it was given. */
  private generated(
    expr: Extract<Expr, { type: "traversal" }>,
    scope: ModuleScope,
    depth: number,
  ): string | undefined {
    const names = expr.steps.flatMap((step) => ("name" in step ? [step.name] : []));
    if (names.length !== 2 || names[1] !== "result") return undefined;
    const node = scope.nodes.get(`${expr.root}.${names[0]}`);
    const name = node ? attribute(node.block.body, "name") : undefined;
    return name && node ? this.text(name.expr, node.scope, depth + 1) : undefined;
  }

  private placeholder(key: string): string {
    let id = this.placeholders.get(key);
    if (id === undefined) {
      id = this.placeholders.size;
      this.placeholders.set(key, id);
    }
    return `${MARK}${id}${MARK}`;
  }
}

export function hasPlaceholder(text: string): boolean {
  return text.includes(MARK);
}

/** The first DNS label of a URL's host (`app-api-X` of `https://app-api-X.azurewebsites.net/v1`). */
export function urlHostLabel(text: string): string | undefined {
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#:.]+)/i.exec(text.trim());
  return match?.[1];
}

/** A name worth matching a host against: it holds a generated token and literal text besides. */
export function isDistinctiveName(name: string): boolean {
  return hasPlaceholder(name) && /[a-z0-9]/i.test(name.replace(PLACEHOLDERS, ""));
}

/**
 * The names a host label may stand for: the label itself and each tail after a `-`, as naming conventions prefix
 * the resource type (`app-` for App Service, `func-`, `ca-`, ...): `app-api-X` may be the component named `api-X`.
 */
export function namesInLabel(label: string): string[] {
  const names = [label];
  for (let at = label.indexOf("-"); at >= 0 && names.length < 32; at = label.indexOf("-", at + 1))
    names.push(label.slice(at + 1));
  return names;
}

// A name that is only a generated token (`${local.token}`) says nothing about which component a host is.
const PLACEHOLDERS = new RegExp(`${MARK}\\d+${MARK}`, "g");
