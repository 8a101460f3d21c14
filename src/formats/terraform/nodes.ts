import type { ComponentKind } from "../../graph/model.js";
import { allAttributes, attribute, type Block } from "./ast.js";
import { evaluate, UNKNOWN } from "./evaluate.js";
import {
  allScopes,
  moduleSource,
  resolveReferences,
  type ModuleScope,
  type Reference,
  type TfNode,
} from "./modules.js";
import { MODULE_KINDS, RESOURCE_KINDS, SECRET_MODULE, type ResourceKind } from "./resource-kinds.js";

/** A reference found in one argument of a node, with where it was written. */
export interface NodeReference extends Reference {
  from: TfNode;
  /** Nested block types and the argument name, e.g. `["container_definitions"]`, `["environment", "variables"]`. */
  path: string[];
  line: number;
}

// Meta-arguments and code packaging: they order or build resources, they do not make one call another.
const IGNORED_ARGUMENTS = new Set([
  "depends_on",
  "provider",
  "providers",
  "source",
  "s3_bucket",
  "s3_key",
  "assume_role_policy",
]);
// At the top of a resource these only repeat it; inside a `dynamic` block, `for_each` is the content.
const IGNORED_TOP_LEVEL = new Set(["count", "for_each"]);
// Blocks that ship logs or metrics somewhere: not part of serving a request.
const IGNORED_BLOCKS = new Set([
  "access_logs",
  "logging",
  "logging_config",
  "log_config",
  "log_configuration",
  "logs",
  "monitoring",
  "lifecycle",
  "cors",
  // App Service access restrictions list who may call (Front Door's id, subnets): the callers, not callees.
  "ip_restriction",
  "scm_ip_restriction",
]);

/** Every node of a root and its local modules, with its role and the references in its arguments. */
export class NodeIndex {
  readonly nodes: TfNode[] = [];
  private readonly references = new Map<TfNode, NodeReference[]>();
  private readonly referrers = new Map<TfNode, NodeReference[]>();
  readonly absent: TfNode[] = [];

  constructor(root: ModuleScope) {
    for (const scope of allScopes(root)) {
      for (const node of scope.nodes.values()) {
        if (node.mode === "module" && scope.children.has(node.name)) continue;
        if (instanceCount(node) === 0) this.absent.push(node);
        else this.nodes.push(node);
      }
    }
    for (const node of this.nodes) {
      const found = referencesIn(node.block, node);
      this.references.set(node, found);
      for (const reference of found) {
        const list = this.referrers.get(reference.node) ?? [];
        list.push(reference);
        this.referrers.set(reference.node, list);
      }
    }
  }

  referencesOf(node: TfNode): NodeReference[] {
    return this.references.get(node) ?? [];
  }

  referrersOf(node: TfNode): NodeReference[] {
    return (this.referrers.get(node) ?? []).filter((reference) => this.references.has(reference.from));
  }

  /** References written under one of `names` (a top-level argument or nested block). */
  referencesUnder(node: TfNode, names: readonly string[]): NodeReference[] {
    return this.referencesOf(node).filter((reference) => names.includes(reference.path[0] ?? ""));
  }
}

function referencesIn(block: Block, node: TfNode): NodeReference[] {
  const found: NodeReference[] = [];
  for (const { path, attribute } of allAttributes(block.body)) {
    if (isIgnoredPath(path, attribute.name)) continue;
    for (const reference of resolveReferences(attribute.expr, node.scope)) {
      if (reference.node === node) continue;
      found.push({
        ...reference,
        from: node,
        path: [...path, attribute.name],
        line: reference.traversal.line,
      });
    }
  }
  return found;
}

/** Meta-arguments, packaging, logging and CORS: never the configuration of a call. */
export function isIgnoredPath(path: string[], argument: string): boolean {
  if (IGNORED_ARGUMENTS.has(argument) || path.some((type) => IGNORED_BLOCKS.has(type))) return true;
  return path.length === 0 && IGNORED_TOP_LEVEL.has(argument);
}

/** 0 when `count` or `for_each` is literally empty; undefined when it is not a literal. */
function instanceCount(node: TfNode): number | undefined {
  const count = node.block.body.attributes.find((entry) => entry.name === "count");
  if (count) {
    const value = evaluate(count.expr, node.scope);
    return typeof value === "number" ? value : undefined;
  }
  const forEach = node.block.body.attributes.find((entry) => entry.name === "for_each");
  if (forEach) {
    const value = evaluate(forEach.expr, node.scope);
    if (value === UNKNOWN || value === null || typeof value !== "object") return undefined;
    return Array.isArray(value) ? value.length : Object.keys(value).length;
  }
  return 1;
}

// The Lambda module's alias submodule names a version of a function: a call to the alias calls the function.
const LAMBDA_ALIAS_MODULE = /\blambda\/aws\/\/modules\/alias\b/i;

/** Role of a node; opaque module calls take the kind their source names. */
export function kindOf(node: TfNode): ResourceKind | undefined {
  if (node.type === "helm_release" && node.mode !== "module") return helmKind(node);
  if (STACK_TYPES.has(node.type) && node.mode === "resource") return stackKind(node);
  if (node.mode !== "module") return RESOURCE_KINDS[node.type];
  const source = moduleSource(node.block) ?? "";
  if (LAMBDA_ALIAS_MODULE.test(source)) return { role: "hop", via: ["function_name"] };
  const kind = moduleKind(source);
  if (!kind) return undefined;
  // A secret module's values are its arguments; `secret` names none because every argument may be one.
  return SECRET_MODULE.test(source)
    ? { role: "store", kind: "datastore", secret: [] }
    : { role: "compute", kind };
}

/** Where a component's secrets are: the holder itself calls nothing, its readers call what the values name. */
export function isSecretHolder(node: TfNode): boolean {
  return kindOf(node)?.secret !== undefined;
}

/**
 * A Helm release is the workload its chart packages. The chart is never rendered: its name alone says the kind,
 * by the same rules as a module's source (`bitnami/redis` -> cache, `postgresql` -> datastore); an infrastructure
 * chart (`external-dns`, `cluster-autoscaler`) is plumbing, and any other chart, or one not written literally, is
 * a service.
 */
function helmKind(node: TfNode): ResourceKind | undefined {
  const chart = evaluate(attribute(node.block.body, "chart")?.expr, node.scope);
  const name = typeof chart === "string" ? (chart.split("/").pop() ?? "") : "";
  const kind = name === "" ? "service" : moduleKind(name);
  return kind ? { role: "compute", kind } : undefined;
}

/**
 * A CloudFormation stack deploys what its template holds (often a resource the provider lacks, such as an AppSync
 * Merged API); the template is not read, so, like a registry module, the stack is one opaque component whose kind
 * its name says by the module-source rules (a stack named for a VPC or IAM roles is plumbing), a service otherwise.
 */
const STACK_TYPES = new Set([
  "aws_cloudformation_stack",
  "aws_serverlessapplicationrepository_cloudformation_stack",
]);

function stackKind(node: TfNode): ResourceKind | undefined {
  const name = evaluate(attribute(node.block.body, "name")?.expr, node.scope);
  const words = [node.name, typeof name === "string" ? name : ""].join(" ").replaceAll("_", "-");
  const kind = moduleKind(words);
  return kind ? { role: "compute", kind } : undefined;
}

function moduleKind(source: string): ComponentKind | undefined {
  for (const [pattern, kind] of MODULE_KINDS) {
    if (pattern.test(source)) return kind === "plumbing" ? undefined : kind;
  }
  return source === "" ? undefined : "service";
}

export function isComponentRole(kind: ResourceKind | undefined): boolean {
  return kind?.kind !== undefined;
}
