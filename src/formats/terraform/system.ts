import type { Component, ExtractionWarning, SystemGraph } from "../../graph/model.js";
import { redactText } from "../../graph/redact.js";
import { EdgeCollector } from "../shared/edges.js";
import { attribute, type ParsedFile } from "./ast.js";
import { addArnGrants } from "./arn-grants.js";
import { addAzdHookCalls, type AzdProject } from "./azd.js";
import { CallFinder, type Delegation } from "./calls.js";
import { domainNames } from "./dns-names.js";
import { entryPoints } from "./entry-points.js";
import { evaluate } from "./evaluate.js";
import { componentFacts } from "./facts.js";
import { buildScope, formerAddresses, type TfNode } from "./modules.js";
import { NodeIndex } from "./nodes.js";
import { Owners, type ComponentRecord } from "./owners.js";
import { isEventDelivery } from "./resource-kinds.js";
import { addSettingCalls, type LiteralSetting } from "./setting-edges.js";

/**
 * One Terraform root module (and the local modules it calls) as one system graph, with the blocks that act for its
 * components (policies, rendered templates) and the grants to roles of other roots, so reads of other roots'
 * outputs through them are calls of the components concerned.
 */
export function buildSystem(
  root: string,
  filesByFolder: ReadonlyMap<string, ParsedFile[]>,
  warnings: ExtractionWarning[],
  projects: readonly AzdProject[] = [],
): RootAnalysis {
  const id = `terraform:${root}`;
  const scope = buildScope(root, filesByFolder, warnings);
  const index = new NodeIndex(scope);
  const owners = new Owners(index);
  const soleComponents = soleComponentOfModule(owners.records);
  const components = owners.records.map((record) => toComponent(record, id, soleComponents.get(record)));
  const finder = new CallFinder(index, owners);
  // One collector for every rule, so a call found by several rules is one edge with all their evidence.
  const calls = new EdgeCollector();
  for (const edge of finder.collect())
    for (const evidence of edge.evidence) calls.add(edge.from, edge.to, evidence);
  const { externals, literals } = addSettingCalls(
    id,
    owners.records,
    (record) => finder.isSecretHolder(record),
    calls,
    (templates) =>
      domainNames(
        index,
        templates,
        (node) => finder.expand(node),
        (node) => owners.ownersOf(node),
      ),
  );
  for (const project of projects)
    if (project.infra === root)
      addAzdHookCalls(project, scope, owners.records, (node) => finder.expand(node), calls);
  addArnGrants(
    index,
    owners.records,
    (policy) => finder.granteesOf(policy),
    (record) => finder.isSecretHolder(record),
    calls,
  );
  components.push(...externals.filter((external) => !components.some((c) => c.name === external.name)));
  const kinds = new Map(components.map((component) => [component.name, component.kind]));
  const dense = calls.tooDense("terraform/too-dense", id);
  if (dense) warnings.push(dense);
  const system: SystemGraph = {
    id,
    format: "terraform",
    components: components.sort((a, b) => a.name.localeCompare(b.name)),
    edges: calls
      .edges((name) => kinds.get(name), isEventDelivery)
      .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to)),
    entryPoints: entryPoints(index, owners).sort((a, b) => a.component.localeCompare(b.component)),
  };
  return { system, delegations: finder.delegations(), foreignGrants: finder.foreignGrants(), literals };
}

/** A root's system, and what other roots' outputs may reach through its non-component blocks (see CallFinder). */
export interface RootAnalysis {
  system: SystemGraph;
  delegations: Map<string, Delegation>;
  foreignGrants: Map<string, string[]>;
  literals: LiteralSetting[];
}

function toComponent(record: ComponentRecord, system: string, moduleAlias: string | undefined): Component {
  const { node, members } = record;
  const facts = componentFacts(node, members);
  const aliases = new Set<string>();
  if (moduleAlias) aliases.add(moduleAlias);
  for (const member of members) {
    if (member !== node) aliases.add(member.address);
    const name = literalName(member);
    if (name) aliases.add(name);
  }
  // `moved { from = ..., to = ... }`: the old address is another name for the same component.
  for (const former of formerAddresses(node.address, node.scope)) aliases.add(former);
  aliases.delete(node.address);
  const component: Component = {
    name: node.address,
    kind: record.kind,
    system,
    location: { file: node.file, line: node.block.line },
    attributes: facts.attributes,
  };
  if (aliases.size > 0) component.aliases = [...aliases].sort();
  if (facts.replicas) component.replicas = facts.replicas;
  if (facts.resources) component.resources = facts.resources;
  if (facts.regions.length > 0) component.regions = facts.regions;
  if (Object.keys(facts.sources).length > 0) component.factSources = facts.sources;
  return component;
}

function literalName(node: TfNode): string | undefined {
  for (const argument of [
    "name",
    "function_name",
    "bucket",
    "cluster_identifier",
    "identifier",
    "replication_group_id",
    "table_name",
  ]) {
    const found = attribute(node.block.body, argument);
    if (!found) continue;
    const value = evaluate(found.expr, node.scope);
    if (typeof value === "string" && value.length > 0 && value.length <= 200) return redactText(value);
  }
  return undefined;
}

/** A local module that yields exactly one component: the module's address is another name for it. */
function soleComponentOfModule(records: ComponentRecord[]): Map<ComponentRecord, string> {
  const byCall = new Map<string, ComponentRecord[]>();
  for (const record of records) {
    const call = record.node.scope.call;
    if (!call || record.node.mode === "module") continue;
    const list = byCall.get(call.address) ?? [];
    list.push(record);
    byCall.set(call.address, list);
  }
  const sole = new Map<ComponentRecord, string>();
  for (const [address, list] of byCall) if (list.length === 1) sole.set(list[0]!, address);
  return sole;
}
