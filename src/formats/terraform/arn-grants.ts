import type { EdgeCollector } from "../shared/edges.js";
import { evidenceAt } from "../shared/evidence.js";
import { allAttributes } from "./ast.js";
import type { TfNode } from "./modules.js";
import { NameTemplates } from "./name-templates.js";
import { kindOf, type NodeIndex } from "./nodes.js";
import type { ComponentRecord } from "./owners.js";
import { namedRecords } from "./setting-edges.js";

/**
 * Grants written as ARNs built from a name (`"arn:aws:s3:::${var.bucket_name}/*"`,
 * `"arn:aws:dynamodb:${var.region}:${var.account}:table/${local.table}"`) rather than as a reference: the resource
 * part of the ARN names the component whose own name is built from the same template, so the policy grants on it
 * (`terraform/iam-policy`, as a reference would). Secrets and vaults are left to the references that read them.
 */
export function addArnGrants(
  index: NodeIndex,
  records: readonly ComponentRecord[],
  granteesOf: (policy: TfNode) => ComponentRecord[],
  isHolder: (record: ComponentRecord) => boolean,
  calls: EdgeCollector,
): void {
  const templates = new NameTemplates();
  const named = namedRecords(records, templates, (text) => text.length > 0);
  for (const node of index.nodes) {
    if (kindOf(node)?.role !== "policy") continue;
    for (const { attribute: found } of allAttributes(node.block.body)) {
      if (found.name !== "resources" || found.expr.type !== "tuple") continue;
      for (const item of found.expr.items) {
        const text = templates.text(item, node.scope);
        const name = text === undefined ? undefined : arnResourceName(text);
        const targets = (name === undefined ? [] : (named.get(name) ?? [])).filter(
          (target) => !isHolder(target),
        );
        if (targets.length === 0) continue;
        for (const grantee of granteesOf(node)) {
          for (const target of targets) {
            if (target === grantee) continue;
            const detail = `${node.address}: ${found.name} names ${target.node.address} by its ARN`;
            calls.add(
              grantee.node.address,
              target.node.address,
              evidenceAt({ file: node.file, line: item.line ?? found.line }, "terraform/iam-policy", detail),
            );
          }
        }
      }
    }
  }
}

// The resource types an ARN's resource part starts with (`table/orders`, `function:api`, `stateMachine:jobs`).
const RESOURCE_TYPE =
  /^(table|function|stateMachine|cluster|db|domain|stream|deliverystream|bucket|repository)[/:]/;

/** The name an ARN's resource part gives (`table/orders/index/x` -> `orders`, `bucket/*` -> `bucket`). */
export function arnResourceName(text: string): string | undefined {
  const parts = text.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return undefined;
  const resource = parts.slice(5).join(":").replace(RESOURCE_TYPE, "");
  const name = resource.split(/[/:]/, 1)[0] ?? "";
  return name.length > 0 && !name.includes("*") ? name : undefined;
}
