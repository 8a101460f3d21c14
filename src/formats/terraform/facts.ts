import type { FactSources, Replicas, Resources, SourceLocation } from "../../graph/model.js";
import { redactText } from "../../graph/redact.js";
import { attribute, blocksOf, type Body, type Expr } from "./ast.js";
import { evaluate, symbolText, UNKNOWN, type Evaluated } from "./evaluate.js";
import { machineResources, taskResources } from "./machine-types.js";
import { moduleSource, type ModuleScope, type TfNode } from "./modules.js";
import { providerOf } from "./resource-kinds.js";

/**
 * Sizes, counts and regions of a component, from its own arguments and its members' (task definition, node groups,
 * launch templates). Values that are not literal are listed under `symbolic` instead of being guessed.
 */

export interface Facts {
  replicas?: Replicas;
  resources?: Resources;
  regions: string[];
  attributes: Record<string, string | number | boolean>;
  symbolic: string[];
  sources: FactSources;
}

const MACHINE_ARGUMENTS = [
  "instance_type",
  "instance_class",
  "node_type",
  "machine_type",
  "vm_size",
  "size",
  "sku_name",
  "tier",
];

export function componentFacts(node: TfNode, members: TfNode[]): Facts {
  const facts: Facts = { regions: [], attributes: {}, symbolic: [], sources: {} };
  facts.attributes.address = node.address;
  if (node.mode === "module") {
    const source = moduleSource(node.block);
    if (source !== undefined) facts.attributes.module_source = redactText(source);
  } else facts.attributes.type = node.type;
  for (const member of members) {
    const read = reader(member, facts);
    readMachine(member, read, facts);
    readCounts(member, read, facts, member === node);
  }
  readRegions(node, members, facts);
  if (facts.symbolic.length > 0) facts.attributes.symbolic = facts.symbolic.join(", ");
  return facts;
}

type Reader = (name: string, body?: Body) => Evaluated | undefined;

function reader(node: TfNode, facts: Facts): Reader {
  return (name, body = node.block.body) => {
    const found = attribute(body, name);
    if (!found) return undefined;
    const value = evaluate(found.expr, node.scope);
    if (value === UNKNOWN) facts.symbolic.push(`${name} = ${symbolText(found.expr)}`);
    return value;
  };
}

/** The first argument a size was read from is the line a report cites for it. */
function citeResources(node: TfNode, facts: Facts, names: string[], body: Body = node.block.body): void {
  const found = names.map((name) => attribute(body, name)).find((entry) => entry !== undefined);
  facts.sources.resources ??= { file: node.file, line: found?.line ?? node.block.line };
}

function readMachine(node: TfNode, read: Reader, facts: Facts): void {
  if (node.type === "aws_ecs_task_definition") {
    facts.resources ??= taskResources(read("cpu"), read("memory"));
    if (facts.resources) citeResources(node, facts, ["cpu", "memory"]);
    return;
  }
  if (node.type === "aws_lambda_function") {
    const memory = read("memory_size");
    facts.resources ??= { memoryBytes: (typeof memory === "number" ? memory : 128) * 1024 * 1024 };
    citeResources(node, facts, ["memory_size"]);
    return;
  }
  if (node.type === "google_redis_instance") {
    const memory = read("memory_size_gb");
    if (typeof memory === "number") facts.resources ??= { memoryBytes: memory * 1024 ** 3 };
    if (facts.resources) citeResources(node, facts, ["memory_size_gb"]);
    return;
  }
  const bodies = [node.block.body, ...nestedBodies(node.block.body)];
  for (const body of bodies) {
    for (const name of MACHINE_ARGUMENTS) {
      let value = read(name, body);
      if (name === "instance_types" || Array.isArray(value))
        value = Array.isArray(value) ? value[0] : undefined;
      if (typeof value !== "string") continue;
      facts.attributes[name] ??= value;
      const resources = machineResources(value);
      if (resources && !facts.resources) {
        facts.resources = resources;
        citeResources(node, facts, [name], body);
      }
    }
    const types = read("instance_types", body);
    if (Array.isArray(types) && typeof types[0] === "string") {
      facts.attributes.instance_type ??= types[0];
      facts.resources ??= machineResources(types[0]);
      if (facts.resources) citeResources(node, facts, ["instance_types"], body);
    }
  }
  const storage = read("allocated_storage") ?? read("disk_size") ?? read("storage_mb");
  if (typeof storage === "number") {
    citeResources(node, facts, ["allocated_storage", "disk_size", "storage_mb"]);
    facts.resources = {
      ...facts.resources,
      storageBytes: node.type.includes("azurerm") ? storage * 1024 ** 2 : storage * 1024 ** 3,
    };
  }
  const shards = read("shard_count") ?? read("num_node_groups");
  if (typeof shards === "number") facts.attributes.shards = shards;
}

// Nested blocks that carry the machine size (settings.tier, node_config.machine_type, default_node_pool.vm_size, ...).
function nestedBodies(body: Body): Body[] {
  return [
    "settings",
    "node_config",
    "default_node_pool",
    "broker_node_group_info",
    "scaling_config",
    "template",
    "sku",
  ].flatMap((type) => blocksOf(body, type).map((block) => block.body));
}

function readCounts(node: TfNode, read: Reader, facts: Facts, own: boolean): void {
  const body = node.block.body;
  const set = (min: unknown, max: unknown): void => {
    if (typeof min === "number" && typeof max === "number") facts.replicas = { min, max };
  };
  const desired =
    read("desired_count") ??
    read("desired_capacity") ??
    read("number_of_broker_nodes") ??
    read("num_cache_nodes") ??
    read("num_cache_clusters") ??
    read("node_count");
  if (typeof desired === "number") set(desired, desired);
  const min = read("min_size");
  const max = read("max_size");
  if (min !== undefined || max !== undefined) set(min, max);
  for (const scaling of blocksOf(body, "scaling_config")) {
    set(read("min_size", scaling.body), read("max_size", scaling.body));
  }
  for (const pool of blocksOf(body, "default_node_pool")) {
    const count = read("node_count", pool.body);
    if (typeof count === "number") set(count, count);
    set(read("min_count", pool.body), read("max_count", pool.body));
  }
  const count = attribute(body, "count");
  const forEach = attribute(body, "for_each");
  if (own && count) {
    const value = evaluate(count.expr, node.scope);
    if (typeof value === "number") {
      facts.attributes.count = value;
      if (!facts.replicas) set(value, value);
    } else facts.symbolic.push(`count = ${symbolText(count.expr)}`);
  }
  if (own && forEach) {
    const value = evaluate(forEach.expr, node.scope);
    if (value !== UNKNOWN && value !== null && typeof value === "object") {
      const keys = Array.isArray(value) ? value.map((item) => String(item)) : Object.keys(value);
      facts.attributes.instances = keys.length;
      facts.attributes.for_each = redactText(keys.join(", "));
    } else facts.symbolic.push(`for_each = ${symbolText(forEach.expr)}`);
  }
}

function readRegions(node: TfNode, members: TfNode[], facts: Facts): void {
  const regions = new Set<string>();
  const read = reader(node, facts);
  const cite = (site: SourceLocation): void => {
    facts.sources.regions ??= site;
  };
  const own = read("region") ?? read("location");
  if (typeof own === "string") {
    regions.add(own);
    cite({
      file: node.file,
      line: (attribute(node.block.body, "region") ?? attribute(node.block.body, "location"))!.line,
    });
  } else if (own === undefined && node.mode === "resource") {
    const found = providerRegion(node, facts);
    if (found) {
      regions.add(found.region);
      cite(found.site);
    }
  }
  for (const member of members) {
    for (const block of [
      ...blocksOf(member.block.body, "replica"),
      ...blocksOf(member.block.body, "geo_location"),
    ]) {
      const region =
        reader(member, facts)("region_name", block.body) ?? reader(member, facts)("location", block.body);
      if (typeof region !== "string") continue;
      regions.add(region);
      cite({ file: member.file, line: block.line });
    }
  }
  facts.regions = [...regions].sort();
}

/** The region of the provider configuration a resource uses (its `provider = aws.west` alias or the default). */
function providerRegion(node: TfNode, facts: Facts): { region: string; site: SourceLocation } | undefined {
  const chosen = attribute(node.block.body, "provider")?.expr;
  let name = providerOf(node.type);
  let alias: string | undefined;
  if (chosen?.type === "traversal") {
    name = chosen.root;
    const step = chosen.steps[0];
    alias = step && "name" in step ? step.name : undefined;
  }
  const found = findProvider(node.scope, name, alias);
  if (!found) return undefined;
  const region = attribute(found.block.body, "region") ?? attribute(found.block.body, "location");
  if (!region) return undefined;
  const value = evaluate(region.expr, found.scope);
  if (typeof value === "string")
    return { region: value, site: { file: found.block.file, line: region.line } };
  facts.symbolic.push(`region = ${symbolText(region.expr)}`);
  return undefined;
}

function findProvider(
  scope: ModuleScope,
  name: string,
  alias: string | undefined,
): { block: { body: Body; file: string }; scope: ModuleScope } | undefined {
  for (let current: ModuleScope | undefined = scope; current; current = current.parent) {
    const block = current.providers.find(
      (provider) => provider.labels[0] === name && aliasOf(provider, current!) === alias,
    );
    if (block) return { block, scope: current };
    // `providers = { aws = aws.west }` on the module call maps the child's default provider.
    const mapping = current.call ? attribute(current.call.block.body, "providers")?.expr : undefined;
    const mapped = mapping
      ? mappedProvider(mapping, alias === undefined ? name : `${name}.${alias}`)
      : undefined;
    if (mapped) [name, alias] = mapped;
  }
  return undefined;
}

function mappedProvider(mapping: Expr, key: string): [string, string | undefined] | undefined {
  if (mapping.type !== "object") return undefined;
  for (const item of mapping.items) {
    const itemKey =
      item.key.type === "literal"
        ? String(item.key.value)
        : item.key.type === "traversal"
          ? [item.key.root, ...item.key.steps.map((s) => ("name" in s ? s.name : ""))].join(".")
          : "";
    if (itemKey !== key || item.value.type !== "traversal") continue;
    const step = item.value.steps[0];
    return [item.value.root, step && "name" in step ? step.name : undefined];
  }
  return undefined;
}

function aliasOf(provider: { body: Body }, scope: ModuleScope): string | undefined {
  const alias = evaluate(attribute(provider.body, "alias")?.expr, scope);
  return typeof alias === "string" ? alias : undefined;
}
