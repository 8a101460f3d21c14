import { allAttributes, type Expr } from "./ast.js";
import { evaluate } from "./evaluate.js";
import { resolveReferences, type TfNode } from "./modules.js";
import { isNamingOrIdentity } from "./not-calls.js";
import { isSecretHolder, kindOf, type NodeIndex, type NodeReference } from "./nodes.js";
import type { ComponentRecord } from "./owners.js";

/**
 * Secrets and parameters (Secrets Manager, SSM parameters, Secret Manager, Key Vault, secret modules) are read
 * by services at start-up: a reader depends on the holder and on whatever the secret's value points at (a
 * database host kept in a parameter). The holder itself calls nothing.
 */

export interface SecretValue {
  /** Literal names a reader may use instead of a Terraform reference (`secret_key_ref { name = "dbhost" }`). */
  names: string[];
  references: NodeReference[];
}

const NAME_ARGUMENTS = ["name", "secret_id"];
// Where a reader names a secret literally: `secret_key_ref { name = ... }`, `secret_name = ...`.
const READ_BY_NAME = /^(name|secret|secret_name|secret_id)$/;

export class SecretHolders {
  private readonly values = new Map<ComponentRecord, SecretValue[]>();
  private readonly byName = new Map<string, { record: ComponentRecord; value: SecretValue }[]>();

  constructor(
    private readonly index: NodeIndex,
    records: readonly ComponentRecord[],
  ) {
    for (const record of records) {
      if (!isSecretHolder(record.node)) continue;
      const values = record.members.flatMap((member) => this.memberValues(member, record));
      this.values.set(record, values);
      for (const value of values) {
        for (const name of value.names)
          this.byName.set(name, [...(this.byName.get(name) ?? []), { record, value }]);
      }
    }
  }

  isHolder(record: ComponentRecord): boolean {
    return this.values.has(record);
  }

  /** Every reference in the values a holder keeps. */
  valuesOf(record: ComponentRecord): NodeReference[] {
    return (this.values.get(record) ?? []).flatMap((value) => value.references);
  }

  /** A reference to the value itself (`.secret_string`): Terraform copies it in; nothing reads the holder later. */
  readsValue(reference: NodeReference): boolean {
    const first = reference.attributes[0];
    return first !== undefined && (kindOf(reference.node)?.secret ?? []).includes(first);
  }

  /** Secrets a node names literally, with the line where it does. */
  readByName(node: TfNode): { record: ComponentRecord; value: SecretValue; line: number; name: string }[] {
    const found: { record: ComponentRecord; value: SecretValue; line: number; name: string }[] = [];
    for (const { path, attribute } of allAttributes(node.block.body)) {
      const inSecretBlock = /secret/.test(path.at(-1) ?? "") && READ_BY_NAME.test(attribute.name);
      if (!inSecretBlock && !/^secret_(name|id)$/.test(attribute.name)) continue;
      const name = evaluate(attribute.expr, node.scope);
      if (typeof name !== "string") continue;
      for (const held of this.byName.get(name) ?? []) found.push({ ...held, line: attribute.line, name });
    }
    return found;
  }

  private memberValues(member: TfNode, record: ComponentRecord): SecretValue[] {
    if (member.mode === "module") return this.moduleValues(member);
    const arguments_ = kindOf(member)?.secret ?? [];
    if (arguments_.length === 0) return [];
    const names = [member, record.node].flatMap((node) => literalNames(node));
    const references = this.index
      .referencesUnder(member, arguments_)
      .filter((reference) => !isNamingOrIdentity(reference));
    return [{ names: [...new Set(names)], references }];
  }

  /** A secret module: all its arguments together, and each `{ name = "...", ... }` entry on its own. */
  private moduleValues(node: TfNode): SecretValue[] {
    const all = this.index.referencesOf(node).filter((reference) => !isNamingOrIdentity(reference));
    const values: SecretValue[] = [{ names: [], references: all }];
    for (const entry of node.block.body.attributes) {
      for (const object of namedObjects(entry.expr, node)) {
        const references = resolveReferences(object.expr, node.scope).map((reference) => ({
          ...reference,
          from: node,
          path: [entry.name],
          line: reference.traversal.line,
        }));
        values.push({
          names: [object.name],
          references: references.filter((reference) => !isNamingOrIdentity(reference)),
        });
      }
    }
    return values;
  }
}

function literalNames(node: TfNode): string[] {
  return NAME_ARGUMENTS.flatMap((name) => {
    const expr = node.block.body.attributes.find((entry) => entry.name === name)?.expr;
    const value = evaluate(expr, node.scope);
    return typeof value === "string" ? [value] : [];
  });
}

/** Objects in a list or map argument with a literal `name` (or map key), e.g. `secrets = [{ name = "x", ... }]`. */
function namedObjects(expr: Expr, node: TfNode): { name: string; expr: Expr }[] {
  const found: { name: string; expr: Expr }[] = [];
  const items: { key: unknown; value: Expr }[] =
    expr.type === "tuple" ? expr.items.map((item) => ({ key: undefined, value: item })) : [];
  if (expr.type === "object")
    items.push(...expr.items.map((item) => ({ key: evaluate(item.key, node.scope), value: item.value })));
  for (const { key, value } of items) {
    if (value.type !== "object") continue;
    const nameItem = value.items.find((item) => evaluate(item.key, node.scope) === "name");
    const name = nameItem ? evaluate(nameItem.value, node.scope) : key;
    if (typeof name === "string") found.push({ name, expr: value });
  }
  return found;
}
