import type { Component, EntryPoint, Evidence, ExtractionWarning, SystemGraph } from "../../graph/model.js";
import { evidenceAt } from "../shared/evidence.js";
import { EdgeCollector } from "../shared/edges.js";
import { isExternalHost, type HostForm } from "../shared/hosts.js";
import { serviceKey, type Unit } from "./components.js";
import { readServiceHost } from "./dns.js";
import {
  exposedServiceEntry,
  ingressEntries,
  routeEntries,
  virtualServiceEntries,
  type EntrySink,
} from "./entry-points.js";
import type { FieldReader, ObjectInNamespace } from "./fields.js";
import {
  gatewayApiRefs,
  gatewayComponent,
  gatewayEntries,
  GatewayIndex,
  hopNames,
  hopSelector,
  istioGatewayRefs,
  type GatewayHop,
  type GatewayRef,
} from "./gateways.js";
import { readNetworkPolicy, type NamespaceLabels } from "./network-policy.js";
import type { KubeObject } from "./objects.js";
import { hostMentions, startOrderOnly, type HostMention } from "./references.js";
import { serviceEntryHosts } from "./service-entries.js";
import { prepare, type Prepared, type SystemInput } from "./prepare.js";
import { selects, stringMap } from "./workloads.js";

/** What every system may look up: the Gateways, and which of them some route binds to. */
interface Shared {
  gateways: GatewayIndex;
  boundHops: Set<string>;
  /** Labels of every Namespace these files create, for NetworkPolicy namespace selectors. */
  namespaceLabels: NamespaceLabels;
  /** NetworkPolicies of folders that hold no workloads: they apply to the namespaces they name, wherever those run. */
  loosePolicies: ObjectInNamespace[];
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
  const shared = { ...shareGateways(prepared), ...sharePolicies(prepared) };
  const graphs: SystemGraph[] = [];
  for (const system of prepared) {
    const graph = connect(system, prepared, shared, knownNamespaces, warnings, notes);
    if (graph.components.length > 0) graphs.push(graph);
  }
  return graphs;
}

function sharePolicies(prepared: Prepared[]): Pick<Shared, "namespaceLabels" | "loosePolicies"> {
  const namespaceLabels = new Map<string, Record<string, string>>();
  for (const system of prepared) {
    for (const { fields } of system.byRole.get("namespace") ?? []) {
      const name = fields.object.name;
      const labels = stringMap(fields.at(["metadata", "labels"], "mapping"));
      namespaceLabels.set(name, {
        ...namespaceLabels.get(name),
        ...labels,
        "kubernetes.io/metadata.name": name,
      });
    }
  }
  const loosePolicies = prepared
    .filter((system) => system.units.units.length === 0)
    .flatMap((system) => system.byRole.get("networkpolicy") ?? []);
  return { namespaceLabels, loosePolicies };
}

function shareGateways(prepared: Prepared[]): Pick<Shared, "gateways" | "boundHops"> {
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

  calleesOf(from: Component): string[] {
    return this.edges.calleesOf(from.name);
  }

  /** Adds `evidence` to every call `from` makes so far: why something else is not among them. */
  explainCalls(from: Component, evidence: Evidence): void {
    for (const to of this.edges.calleesOf(from.name)) this.edges.add(from.name, to, evidence);
  }

  addEntry(component: Component, via: string, evidence: Evidence): void {
    const entry = this.entries.get(component.name) ?? { component: component.name, via: "", evidence: [] };
    const vias = entry.via ? entry.via.split("; ") : [];
    if (!vias.includes(via)) vias.push(via);
    entry.via = vias.join("; ");
    entry.evidence.push(evidence);
    this.entries.set(component.name, entry);
  }

  hasEntry(name: string): boolean {
    return this.entries.has(name);
  }

  /** Names some component of this system calls. */
  callees(): Set<string> {
    return new Set(this.edges.edges(() => undefined).map((edge) => edge.to));
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

  finish(warnings: ExtractionWarning[]): SystemGraph {
    const dense = this.edges.tooDense("kubernetes/too-dense", this.system.id);
    if (dense) warnings.push(dense);
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
  hostEdges(builder, all, knownNamespaces, warnings, notes);
  networkPolicyEdges(builder, shared, notes);
  routedEntries(builder, shared);
  knativeEntries(builder);
  hostPortEntries(builder);
  uncalledProxyEntries(builder);
  return builder.finish(warnings);
}

/** Calls to the hosts workloads name in their configuration. */
function hostEdges(
  builder: GraphBuilder,
  all: Prepared[],
  knownNamespaces: Set<string>,
  warnings: ExtractionWarning[],
  notes: string[],
): void {
  const { system } = builder;
  const configMap = (namespace: string, name: string): KubeObject | undefined =>
    system.configMaps.get(serviceKey(namespace, name));
  const note = (text: string): void => {
    if (!notes.includes(text)) notes.push(text);
  };
  const declared = declaredHosts(builder);
  // Several workloads may read one ConfigMap: a host none of them can resolve is reported once per place.
  const reported = new Set<string>();
  const warn = (warning: ExtractionWarning): void => {
    const key = `${warning.file}:${warning.line}:${warning.message}`;
    if (reported.has(key)) return;
    reported.add(key);
    warnings.push(warning);
  };
  const mentions = system.units.units.map((unit) =>
    unit.workloads.map((workload) => startOrderOnly(hostMentions(workload, configMap))),
  );
  const shared = sharedConfigMaps(mentions);
  for (const [index, unit] of system.units.units.entries()) {
    for (const { calls, startOrder } of mentions[index] ?? []) {
      for (const mention of withoutDirectories(builder, unit, calls, shared, note))
        resolveMention(builder, unit, mention, all, knownNamespaces, declared, warn);
      for (const mention of startOrder) {
        const detail = `waits for ${mention.reference.host} in an init container: start-up order, not a call`;
        note(`kubernetes/start-order: ${unit.component.name} (${mention.file}:${mention.line}) ${detail}`);
        builder.explainCalls(unit.component, evidenceAt(mention, "kubernetes/start-order", detail));
      }
    }
  }
}

/** ConfigMaps that the workloads of more than one component load whole. */
function sharedConfigMaps(mentions: { calls: HostMention[] }[][]): Set<string | undefined> {
  const loaders = new Map<string | undefined, number>();
  for (const unit of mentions) {
    const names = new Set(unit.flatMap(({ calls }) => calls.map((mention) => mention.wholeConfigMap)));
    for (const name of names) if (name !== undefined) loaders.set(name, (loaders.get(name) ?? 0) + 1);
  }
  return new Set([...loaders].filter(([, count]) => count > 1).map(([name]) => name));
}

/**
 * A ConfigMap loaded whole by several components that also gives this workload's own address is a directory of
 * the system's addresses, not a list of what this one calls: its hosts are no calls of it. A ConfigMap only one
 * component loads is that component's own configuration, its own address included (for links it hands out).
 */
function withoutDirectories(
  builder: GraphBuilder,
  unit: Unit,
  mentions: HostMention[],
  shared: ReadonlySet<string | undefined>,
  note: (text: string) => void,
): HostMention[] {
  const isSelf = (mention: HostMention): boolean =>
    readServiceHost(mention.reference.host, unit.namespace).candidates.some((candidate) =>
      builder.system.units.byService.get(serviceKey(candidate.namespace, candidate.name))?.includes(unit),
    );
  const directories = new Set(
    mentions
      .filter((mention) => shared.has(mention.wholeConfigMap) && isSelf(mention))
      .map((m) => m.wholeConfigMap),
  );
  for (const name of directories) {
    const self = mentions.find((mention) => mention.wholeConfigMap === name && isSelf(mention))!;
    const others = mentions.filter((mention) => mention.wholeConfigMap === name && !isSelf(mention));
    if (others.length > 0)
      note(
        `kubernetes/address-directory: ${unit.component.name} loads ConfigMap ${name} whole (${self.file}:${self.line}), which also gives its own address: a directory of addresses, not calls of ${unit.component.name}`,
      );
  }
  return mentions.filter((mention) => !directories.has(mention.wholeConfigMap));
}

function isStore(kind: Component["kind"]): boolean {
  return kind === "datastore" || kind === "cache" || kind === "queue";
}

function networkPolicyEdges(builder: GraphBuilder, shared: Shared, notes: string[]): void {
  const { system } = builder;
  const policies = [...(system.byRole.get("networkpolicy") ?? []), ...shared.loosePolicies];
  for (const { fields, namespace } of policies) {
    const reading = readNetworkPolicy(fields, namespace, system.units.units, shared.namespaceLabels);
    if (reading.defaultDeny && !notes.includes(reading.defaultDeny)) notes.push(reading.defaultDeny);
    for (const edge of reading.edges) {
      builder.addEdge(
        edge.from.component,
        edge.to.component,
        evidenceAt({ file: fields.object.file, line: edge.line }, "kubernetes/network-policy", edge.detail),
      );
    }
  }
}

/** Entry points through Ingresses, routes and exposed Services, with the Gateway hops in front of routes. */
function routedEntries(builder: GraphBuilder, shared: Shared): void {
  const { system } = builder;
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
    system.units.byService.get(serviceKey(namespace, name)) ?? [];
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
  const own = system.byRole.get("gateway") ?? [];
  for (const hop of shared.gateways.hops) {
    if (shared.boundHops.has(hop.key)) continue;
    if (hop.objects.some((gateway) => own.includes(gateway))) builder.gateway(hop);
  }
}

/** A Knative Service is public unless it is labelled cluster-local. */
function knativeEntries(builder: GraphBuilder): void {
  for (const unit of builder.system.units.units) {
    for (const workload of unit.workloads) {
      if (workload.object.kind !== "Service") continue;
      const visibility = workload.fields.at(
        ["metadata", "labels", "networking.knative.dev/visibility"],
        "string",
      );
      if (visibility === "cluster-local") continue;
      const via = `Knative Service ${workload.object.name}`;
      builder.addEntry(unit.component, via, evidenceAt(workload.object, "kubernetes/knative-service", via));
    }
  }
}

/** A container port bound to a `hostPort` answers on the node's own address: clients outside the cluster reach it. */
function hostPortEntries(builder: GraphBuilder): void {
  for (const unit of builder.system.units.units) {
    for (const { object, fields, containers } of unit.workloads) {
      for (const container of containers) {
        if (container.init) continue;
        const ports = fields.at([...container.path, "ports"], "list") ?? [];
        ports.forEach((_port, index) => {
          const path = [...container.path, "ports", index, "hostPort"];
          const hostPort = fields.at(path, "number");
          if (hostPort === undefined) return;
          const via = `hostPort ${hostPort} of ${object.kind} ${object.name}`;
          const at = { file: object.file, line: object.lineOf(path) };
          builder.addEntry(unit.component, via, evidenceAt(at, "kubernetes/host-port", via));
        });
      }
    }
  }
}

/**
 * A reverse proxy that forwards to components here but that nothing here calls has no client but outside ones: it is
 * what users reach, through `kubectl port-forward`, a host port or a load balancer set up outside these files.
 */
function uncalledProxyEntries(builder: GraphBuilder): void {
  const callees = builder.callees();
  for (const unit of builder.system.units.units) {
    const { component } = unit;
    const workload = unit.workloads[0];
    if (!workload || component.kind !== "gateway" || builder.hasEntry(component.name)) continue;
    if (callees.has(component.name) || builder.calleesOf(component).length === 0) continue;
    const via = `reverse proxy ${component.name}, which nothing here calls`;
    builder.addEntry(component, via, evidenceAt(workload.object, "kubernetes/uncalled-proxy", via));
  }
}

/**
 * Hosts ServiceEntries declare, each as a component made on first use. Hosts outside the mesh are made at once: the
 * entry says something calls them, even when no workload here names them.
 */
/**
 * Host names this system answers for: Istio ServiceEntry hosts (their own component), and the hosts an Ingress here
 * serves, which name its backend (`null` when the host's paths lead to several backends: a call is inside the
 * system, but to which one the configuration does not say).
 */
function declaredHosts(builder: GraphBuilder): Map<string, (() => Component) | null> {
  const { system } = builder;
  const declared = new Map<string, (() => Component) | null>(ingressHosts(builder));
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

/** Each host an Ingress rule or a Gateway API route serves, with its backend when it has only one. */
function ingressHosts(builder: GraphBuilder): Map<string, (() => Component) | null> {
  const { system } = builder;
  const backends = new Map<string, Set<string>>();
  const serve = (host: string, key: string): void => {
    const set = backends.get(host) ?? new Set<string>();
    set.add(key);
    backends.set(host, set);
  };
  for (const { fields, namespace } of system.byRole.get("route") ?? []) {
    const hosts = (fields.at(["spec", "hostnames"], "list") ?? []).filter(
      (host): host is string => typeof host === "string" && !host.includes("*"),
    );
    const rules = fields.at(["spec", "rules"], "list") ?? [];
    rules.forEach((_rule, ruleIndex) => {
      const refs = fields.at(["spec", "rules", ruleIndex, "backendRefs"], "list") ?? [];
      refs.forEach((_ref, refIndex) => {
        const path = ["spec", "rules", ruleIndex, "backendRefs", refIndex];
        const name = fields.at([...path, "name"], "string");
        if ((fields.at([...path, "kind"], "string") ?? "Service") !== "Service" || name === undefined) return;
        const key = serviceKey(fields.at([...path, "namespace"], "string") ?? namespace, name);
        for (const host of hosts) serve(host.toLowerCase(), key);
      });
    });
  }
  for (const { fields, namespace } of system.byRole.get("ingress") ?? []) {
    const rules = fields.at(["spec", "rules"], "list") ?? [];
    rules.forEach((_rule, ruleIndex) => {
      const host = fields.at(["spec", "rules", ruleIndex, "host"], "string")?.toLowerCase();
      if (host === undefined || host.includes("*")) return;
      const paths = fields.at(["spec", "rules", ruleIndex, "http", "paths"], "list") ?? [];
      paths.forEach((_path, pathIndex) => {
        const base = ["spec", "rules", ruleIndex, "http", "paths", pathIndex, "backend"];
        const name =
          fields.at([...base, "service", "name"], "string") ?? fields.at([...base, "serviceName"], "string");
        if (name !== undefined) serve(host, serviceKey(namespace, name));
      });
    });
  }
  const served = new Map<string, (() => Component) | null>();
  for (const [host, keys] of backends) {
    const units = keys.size === 1 ? system.units.byService.get([...keys][0] as string) : undefined;
    const unit = units?.[0];
    served.set(host, unit ? () => unit.component : null);
  }
  return served;
}

function resolveMention(
  builder: GraphBuilder,
  unit: Unit,
  mention: HostMention,
  all: Prepared[],
  knownNamespaces: Set<string>,
  declared: Map<string, (() => Component) | null>,
  warn: (warning: ExtractionWarning) => void,
): void {
  const { host, form } = mention.reference;
  const evidence = evidenceAt(mention, mention.rule, mention.detail);
  const reading = readServiceHost(host, unit.namespace);
  const services = serviceTargets(builder, reading.candidates, all, mention);
  if (services) {
    for (const target of services) {
      // A database handed the system's settings does not call the application: it only answers.
      if (isStore(unit.component.kind) && target.kind === "service") continue;
      builder.addEdge(unit.component, target, evidence);
    }
    return;
  }
  if (reading.ignored) return;
  const entry = declared.get(host.toLowerCase().replace(/\.$/, ""));
  if (entry === null) return;
  if (entry) {
    builder.addEdge(unit.component, entry(), evidence);
    return;
  }
  if (reading.clusterForm || looksLikeServiceName(host, form, knownNamespaces)) {
    // The callee's manifest often comes in a later change: the call exists already, to a component not known yet.
    const candidate = reading.candidates[0];
    const name = !candidate
      ? host
      : candidate.namespace === unit.namespace
        ? candidate.name
        : `${candidate.name}.${candidate.namespace}`;
    const unresolved = builder.placeholder(name, () => ({
      name: "",
      kind: "external",
      system: builder.system.id,
      location: { file: mention.file, line: mention.line },
      attributes: { unresolved: true },
    }));
    builder.addEdge(unit.component, unresolved, evidence);
    warn({
      id: "kubernetes/unresolved-host",
      file: mention.file,
      line: mention.line,
      message: `${unit.component.name} refers to ${host}, which matches no Service in these files; the call goes to ${name}, unresolved`,
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

/**
 * The components behind the first candidate Service found: this system's units, or a stand-in for another
 * system's Service. Undefined when no candidate names a Service in these files.
 */
function serviceTargets(
  builder: GraphBuilder,
  candidates: readonly { namespace: string; name: string }[],
  all: Prepared[],
  mention: HostMention,
): Component[] | undefined {
  for (const candidate of candidates) {
    const key = serviceKey(candidate.namespace, candidate.name);
    const local = builder.system.units.byService.get(key);
    if (local) return local.map((target) => target.component);
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
        resolvesTo: { system: other.id, component: target.name },
      }));
      return [stand];
    }
  }
  return undefined;
}

/** A single label written as a URL or host:port, or `a.b` / `a.b.c` not under an internet TLD, names a Service. */
function looksLikeServiceName(host: string, form: HostForm, knownNamespaces: Set<string>): boolean {
  const labels = host.split(".");
  if (labels.length === 1) return form !== "bare";
  return labels.length <= 3 && (knownNamespaces.has(labels[labels.length - 1]!) || !COMMON_TLD.test(host));
}
