import type { Component, EntryPoint, Evidence, ExtractionWarning, SystemGraph } from "../../graph/model.js";
import { evidenceAt } from "../shared/evidence.js";
import { EdgeCollector } from "../shared/edges.js";
import { isExternalHost } from "../shared/hosts.js";
import { buildUnits, serviceKey, type ServiceObject, type Unit, type UnitSet } from "./components.js";
import { readServiceHost } from "./dns.js";
import {
  exposedServiceEntry,
  ingressEntries,
  routeEntries,
  virtualServiceEntries,
  type EntrySink,
} from "./entry-points.js";
import { FieldReader } from "./fields.js";
import {
  gatewayApiRefs,
  gatewayComponent,
  gatewayEntries,
  GatewayIndex,
  hopNames,
  hopSelector,
  istioGatewayRefs,
  type GatewayHop,
  type GatewayObject,
  type GatewayRef,
} from "./gateways.js";
import { classify, type ObjectRole } from "./kinds.js";
import { readNetworkPolicy } from "./network-policy.js";
import type { KubeObject } from "./objects.js";
import { parseQuantity } from "./quantity.js";
import { hostMentions, type HostMention } from "./references.js";
import { serviceEntryHosts } from "./service-entries.js";
import { readWorkload, selects, type Workload } from "./workloads.js";

/** The objects of one system; every object's `namespace` is already its effective namespace. */
export interface SystemInput {
  id: string;
  objects: KubeObject[];
  /** Objects of no system that routes here may still name (Gateways in a namespace without workloads). */
  lookupOnly?: KubeObject[];
}

interface Prepared {
  id: string;
  units: UnitSet;
  byRole: Map<ObjectRole, { fields: FieldReader; namespace: string }[]>;
  configMaps: Map<string, KubeObject>;
  lookupGateways: GatewayObject[];
}

/** What every system may look up: the Gateways, and which of them some route binds to. */
interface Shared {
  gateways: GatewayIndex;
  boundHops: Set<string>;
}

// Two-label hosts under these are internet names; under anything else `a.b` reads as Service `a` in namespace `b`.
const COMMON_TLD =
  /\.(com|net|org|io|dev|app|cloud|ai|co|info|biz|tech|me|sh|xyz|online|site|gov|edu|[a-z]{2})$/;

export function buildSystems(
  inputs: SystemInput[],
  warnings: ExtractionWarning[],
  notes: string[],
): SystemGraph[] {
  const readers = new Map<KubeObject, FieldReader>();
  const prepared = inputs.map((input) => prepare(input, warnings, readers));
  const knownNamespaces = new Set<string>();
  for (const input of inputs)
    for (const object of input.objects) if (object.namespace) knownNamespaces.add(object.namespace);
  for (const system of prepared)
    for (const namespace of system.byRole.get("namespace") ?? [])
      knownNamespaces.add(namespace.fields.object.name);
  const shared = shareGateways(prepared);
  const graphs: SystemGraph[] = [];
  for (const system of prepared) {
    const graph = connect(system, prepared, shared, knownNamespaces, warnings, notes);
    if (graph.components.length > 0) graphs.push(graph);
  }
  return graphs;
}

function shareGateways(prepared: Prepared[]): Shared {
  const gateways = new GatewayIndex(
    prepared.flatMap((system) => [...(system.byRole.get("gateway") ?? []), ...system.lookupGateways]),
  );
  const boundHops = new Set<string>();
  for (const system of prepared) {
    for (const { fields, namespace } of system.byRole.get("virtualservice") ?? [])
      for (const ref of istioGatewayRefs(fields, namespace)) boundHops.add(gateways.resolve(ref).key);
    for (const { fields, namespace } of system.byRole.get("route") ?? [])
      for (const ref of gatewayApiRefs(fields, namespace)) boundHops.add(gateways.resolve(ref).key);
  }
  return { gateways, boundHops };
}

function prepare(
  input: SystemInput,
  warnings: ExtractionWarning[],
  readers: Map<KubeObject, FieldReader>,
): Prepared {
  const byRole = new Map<ObjectRole, { fields: FieldReader; namespace: string }[]>();
  const seenWorkloads = new Map<string, KubeObject>();
  const configMaps = new Map<string, KubeObject>();
  for (const object of input.objects) {
    const { role, unknownApiVersion } = classify(object);
    if (!role) continue;
    const fields = new FieldReader(object, warnings);
    if (unknownApiVersion)
      fields.warn(
        "kubernetes/unknown-api-version",
        ["apiVersion"],
        `apiVersion ${object.apiVersion} is not one Kubernetes serves for ${object.kind}; read as the current version`,
      );
    const namespace = object.namespace ?? "default";
    if (role === "workload" || role === "configmap") {
      const key = `${object.kind}/${namespace}/${object.name}`;
      const first = seenWorkloads.get(key);
      if (first) {
        fields.warn(
          "kubernetes/duplicate-object",
          [],
          `also defined in ${first.file}:${first.line}; the first definition is used`,
        );
        continue;
      }
      seenWorkloads.set(key, object);
    }
    if (role === "configmap")
      for (const name of [object.name, ...(object.formerNames ?? [])])
        configMaps.set(serviceKey(namespace, name), object);
    const list = byRole.get(role) ?? [];
    list.push({ fields, namespace });
    byRole.set(role, list);
  }
  const workloads: Workload[] = [];
  for (const { fields, namespace } of byRole.get("workload") ?? []) {
    const workload = readWorkload(fields, namespace);
    if (workload) workloads.push(workload);
  }
  applyAutoscalers(byRole.get("hpa") ?? [], workloads);
  applyClaims(byRole.get("pvc") ?? [], workloads);
  const services: ServiceObject[] = byRole.get("service") ?? [];
  const endpointNames = new Set<string>();
  for (const { fields, namespace } of byRole.get("endpoints") ?? []) {
    const owner =
      fields.object.kind === "EndpointSlice"
        ? fields.at(["metadata", "labels", "kubernetes.io/service-name"], "string")
        : fields.object.name;
    if (owner !== undefined) endpointNames.add(serviceKey(namespace, owner));
  }
  const lookupGateways = (input.lookupOnly ?? []).map((object) => {
    // Shared by every system of a folder: one reader, so a bad field is reported once.
    const fields = readers.get(object) ?? new FieldReader(object, warnings);
    readers.set(object, fields);
    return { fields, namespace: object.namespace ?? "default" };
  });
  return {
    id: input.id,
    units: buildUnits(input.id, workloads, services, endpointNames),
    byRole,
    configMaps,
    lookupGateways,
  };
}

function byName<T>(items: T[], keys: (item: T) => string[]): Map<string, T> {
  const index = new Map<string, T>();
  for (const item of items) for (const key of keys(item)) if (!index.has(key)) index.set(key, item);
  return index;
}

function applyAutoscalers(hpas: { fields: FieldReader; namespace: string }[], workloads: Workload[]): void {
  if (hpas.length === 0) return;
  const index = byName(workloads, (workload) =>
    [workload.object.name, ...(workload.object.formerNames ?? [])].map(
      (name) => `${workload.object.kind}/${workload.namespace}/${name}`,
    ),
  );
  for (const { fields, namespace } of hpas) {
    const kind = fields.at(["spec", "scaleTargetRef", "kind"], "string");
    const name = fields.at(["spec", "scaleTargetRef", "name"], "string");
    const max = fields.at(["spec", "maxReplicas"], "number");
    const min = fields.at(["spec", "minReplicas"], "number") ?? 1;
    const target = index.get(`${kind}/${namespace}/${name}`);
    if (!target || max === undefined) continue;
    target.replicas = { min, max: Math.max(min, max) };
    target.attributes.autoscaler = fields.object.name;
  }
}

function applyClaims(claims: { fields: FieldReader; namespace: string }[], workloads: Workload[]): void {
  if (claims.length === 0) return;
  const index = byName(claims, ({ fields, namespace }) =>
    [fields.object.name, ...(fields.object.formerNames ?? [])].map((name) => serviceKey(namespace, name)),
  );
  for (const workload of workloads) {
    const volumes = workload.fields.at([...workload.podSpecPath, "volumes"], "list") ?? [];
    for (const volume of volumes) {
      const claimName = (volume as { persistentVolumeClaim?: { claimName?: unknown } } | null)
        ?.persistentVolumeClaim?.claimName;
      if (typeof claimName !== "string") continue;
      const claim = index.get(serviceKey(workload.namespace, claimName));
      const size = parseQuantity(claim?.fields.at(["spec", "resources", "requests", "storage"], "scalar"));
      if (size === undefined) continue;
      workload.resources = {
        ...workload.resources,
        storageBytes: (workload.resources?.storageBytes ?? 0) + size,
      };
    }
  }
}

class GraphBuilder {
  readonly components: Component[];
  private readonly names: Set<string>;
  private readonly edges = new EdgeCollector();
  private readonly entries = new Map<string, EntryPoint>();
  private readonly placeholders = new Map<string, Component>();
  private readonly gateways = new Map<string, Component>();

  constructor(readonly system: Prepared) {
    this.components = system.units.units.map((unit) => unit.component);
    this.names = new Set(this.components.map((component) => component.name));
  }

  addEdge(from: Component, to: Component, evidence: Evidence): void {
    this.edges.add(from.name, to.name, evidence);
  }

  addEntry(component: Component, via: string, evidence: Evidence): void {
    const entry = this.entries.get(component.name) ?? { component: component.name, via: "", evidence: [] };
    const vias = entry.via ? entry.via.split("; ") : [];
    if (!vias.includes(via)) vias.push(via);
    entry.via = vias.join("; ");
    entry.evidence.push(evidence);
    this.entries.set(component.name, entry);
  }

  /** A component standing in for something outside this system (another system's Service, an internet host). */
  placeholder(name: string, make: () => Component): Component {
    const existing = this.placeholders.get(name);
    if (existing) return existing;
    const component = { ...make(), name: this.uniqueName(name) };
    this.placeholders.set(name, component);
    this.components.push(component);
    return component;
  }

  /** The proxy in front of routes bound to a Gateway: one component per hop, reachable from outside. */
  gateway(hop: GatewayHop): Component {
    const existing = this.gateways.get(hop.key);
    if (existing) return existing;
    let component: Component;
    // When these files deploy the gateway pods themselves, they are the hop.
    const selector = hopSelector(hop);
    const deployed = this.system.units.units.filter((unit) =>
      unit.workloads.some((workload) => selects(selector, workload.podLabels)),
    );
    if (deployed.length === 1) {
      component = deployed[0]!.component;
      component.kind = "gateway";
      const aliases = new Set([
        ...(component.aliases ?? []),
        ...hop.objects.map((g) => g.fields.object.name),
      ]);
      aliases.delete(component.name);
      if (aliases.size > 0) component.aliases = [...aliases].sort();
    } else {
      const names = hopNames(hop);
      const free = names.find((name) => !this.names.has(name));
      component = gatewayComponent(hop, this.system.id, this.uniqueName(free ?? names[0]!));
      this.components.push(component);
    }
    this.gateways.set(hop.key, component);
    for (const { via, evidence } of gatewayEntries(hop)) this.addEntry(component, via, evidence);
    return component;
  }

  private uniqueName(name: string): string {
    let unique = name;
    for (let index = 2; this.names.has(unique); index++) unique = `${name}-${index}`;
    this.names.add(unique);
    return unique;
  }

  finish(): SystemGraph {
    const kindOf = new Map(this.components.map((component) => [component.name, component.kind]));
    const edges = this.edges
      .edges((name) => kindOf.get(name))
      .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
    const entryPoints = [...this.entries.values()].sort((a, b) => a.component.localeCompare(b.component));
    return { id: this.system.id, format: "kubernetes", components: this.components, edges, entryPoints };
  }
}

function connect(
  system: Prepared,
  all: Prepared[],
  shared: Shared,
  knownNamespaces: Set<string>,
  warnings: ExtractionWarning[],
  notes: string[],
): SystemGraph {
  const builder = new GraphBuilder(system);
  const { units } = system;
  const reported = new Set<string>();
  const configMap = (namespace: string, name: string): KubeObject | undefined =>
    system.configMaps.get(serviceKey(namespace, name));
  const declared = declaredHosts(builder);

  for (const unit of units.units) {
    for (const workload of unit.workloads) {
      for (const mention of hostMentions(workload, configMap)) {
        resolveMention(builder, unit, mention, all, knownNamespaces, declared, (warning) => {
          const key = `${warning.file}:${warning.line}:${warning.message}`;
          if (reported.has(key)) return;
          reported.add(key);
          warnings.push(warning);
        });
      }
    }
  }

  for (const { fields, namespace } of system.byRole.get("networkpolicy") ?? []) {
    const reading = readNetworkPolicy(fields, namespace, units.units);
    if (reading.defaultDeny && !notes.includes(reading.defaultDeny)) notes.push(reading.defaultDeny);
    for (const edge of reading.edges) {
      builder.addEdge(
        edge.from.component,
        edge.to.component,
        evidenceAt({ file: fields.object.file, line: edge.line }, "kubernetes/network-policy", edge.detail),
      );
    }
  }

  const sink: EntrySink = {
    add: (unit, via, evidence) => builder.addEntry(unit.component, via, evidence),
    through: (refs: GatewayRef[], unit, evidence) => {
      for (const ref of refs)
        builder.addEdge(builder.gateway(shared.gateways.resolve(ref)), unit.component, {
          ...evidence,
          rule: "kubernetes/gateway-route",
        });
    },
  };
  const resolve = (namespace: string, name: string): Unit[] =>
    units.byService.get(serviceKey(namespace, name)) ?? [];
  for (const [role, read] of [
    ["ingress", ingressEntries],
    ["route", routeEntries],
    ["virtualservice", virtualServiceEntries],
    ["service", exposedServiceEntry],
  ] as const) {
    for (const { fields, namespace } of system.byRole.get(role) ?? [])
      read({ fields, namespace, resolve, sink });
  }
  // A Gateway no route binds to is still a proxy the files expose.
  for (const hop of shared.gateways.hops) {
    if (shared.boundHops.has(hop.key)) continue;
    const own = system.byRole.get("gateway") ?? [];
    if (hop.objects.some((gateway) => own.includes(gateway))) builder.gateway(hop);
  }
  for (const unit of units.units) {
    for (const workload of unit.workloads) {
      if (workload.object.kind !== "Service") continue; // Knative: public unless marked cluster-local
      const visibility = workload.fields.at(
        ["metadata", "labels", "networking.knative.dev/visibility"],
        "string",
      );
      if (visibility === "cluster-local") continue;
      const via = `Knative Service ${workload.object.name}`;
      builder.addEntry(unit.component, via, evidenceAt(workload.object, "kubernetes/knative-service", via));
    }
  }
  return builder.finish();
}

/**
 * Hosts ServiceEntries declare, each as a component made on first use. Hosts outside the mesh are made at once: the
 * entry says something calls them, even when no workload here names them.
 */
function declaredHosts(builder: GraphBuilder): Map<string, () => Component> {
  const { system } = builder;
  const declared = new Map<string, () => Component>();
  for (const { fields, namespace } of system.byRole.get("serviceentry") ?? []) {
    const isClusterHost = (host: string): boolean =>
      readServiceHost(host, namespace).candidates.some((candidate) =>
        system.units.byService.has(serviceKey(candidate.namespace, candidate.name)),
      );
    for (const { host, line, external } of serviceEntryHosts(fields, isClusterHost)) {
      const make = (): Component => {
        const component = builder.placeholder(host, () => ({
          name: "",
          kind: "external",
          system: system.id,
          location: { file: fields.object.file, line },
        }));
        component.attributes = {
          ...component.attributes,
          serviceEntry: fields.object.name,
          ...(external ? {} : { location: "MESH_INTERNAL" }),
        };
        return component;
      };
      if (!declared.has(host)) declared.set(host, make);
      if (external) make();
    }
  }
  return declared;
}

function resolveMention(
  builder: GraphBuilder,
  unit: Unit,
  mention: HostMention,
  all: Prepared[],
  knownNamespaces: Set<string>,
  declared: Map<string, () => Component>,
  warn: (warning: ExtractionWarning) => void,
): void {
  const { host, form } = mention.reference;
  const evidence = evidenceAt(mention, mention.rule, mention.detail);
  const reading = readServiceHost(host, unit.namespace);
  for (const candidate of reading.candidates) {
    const key = serviceKey(candidate.namespace, candidate.name);
    const local = builder.system.units.byService.get(key);
    if (local) {
      for (const target of local) builder.addEdge(unit.component, target.component, evidence);
      return;
    }
    const other = all.find((system) => system !== builder.system && system.units.byService.has(key));
    if (other) {
      const target = other.units.byService.get(key)![0]!.component;
      const stand = builder.placeholder(`${candidate.name}.${candidate.namespace}`, () => ({
        name: "",
        kind: target.kind,
        system: builder.system.id,
        location: { file: mention.file, line: mention.line },
        aliases: [candidate.name],
        attributes: { system: other.id, namespace: candidate.namespace },
      }));
      builder.addEdge(unit.component, stand, evidence);
      return;
    }
  }
  if (reading.ignored) return;
  const entry = declared.get(host.toLowerCase().replace(/\.$/, ""));
  if (entry) {
    builder.addEdge(unit.component, entry(), evidence);
    return;
  }
  const labels = host.split(".");
  const lookslikeService =
    reading.clusterForm ||
    (labels.length === 1
      ? form !== "bare"
      : labels.length <= 3 && (knownNamespaces.has(labels[labels.length - 1]!) || !COMMON_TLD.test(host)));
  if (lookslikeService) {
    warn({
      id: "kubernetes/unresolved-host",
      file: mention.file,
      line: mention.line,
      message: `${unit.component.name} refers to ${host}, which matches no Service in these files; no edge drawn`,
    });
    return;
  }
  if (!isExternalHost(host)) return;
  const external = builder.placeholder(host, () => ({
    name: "",
    kind: "external",
    system: builder.system.id,
    location: { file: mention.file, line: mention.line },
  }));
  builder.addEdge(unit.component, external, evidence);
}
