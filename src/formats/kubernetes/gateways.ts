import type { Component, Evidence, SourceLocation } from "../../graph/model.js";
import { redactText } from "../../graph/redact.js";
import { evidenceAt } from "../shared/evidence.js";
import { isMapping } from "../shared/yaml.js";
import type { FieldReader, ObjectInNamespace } from "./fields.js";
import { stringMap } from "./workloads.js";

/** Istio `networking.istio.io` Gateways or Kubernetes Gateway API `gateway.networking.k8s.io` Gateways. */
export type GatewayApi = "istio" | "gateway-api";

/** A route's binding to a Gateway (`spec.gateways` of a VirtualService, `parentRefs` of an HTTPRoute). */
export interface GatewayRef {
  api: GatewayApi;
  namespace: string;
  name: string;
  /** As the route wrote it (`istio-system/public`), for matching per-route `gateways`. */
  written: string;
  location: SourceLocation;
}

/**
 * One proxy a request passes through. Istio Gateways with the same selector configure the same gateway pods, so
 * they are one hop; each Gateway API Gateway gets its own listeners (and usually its own deployment).
 */
export interface GatewayHop {
  key: string;
  /** Sorted by name; empty when the routes name a Gateway these files do not define. */
  objects: ObjectInNamespace[];
  ref?: GatewayRef;
}

function apiOf(fields: FieldReader): GatewayApi {
  return fields.object.apiVersion.startsWith("networking.istio.io/") ? "istio" : "gateway-api";
}

/** `spec.gateways` of a VirtualService, without the `mesh` pseudo-gateway (sidecar routing, not a hop). */
export function istioGatewayRefs(fields: FieldReader, namespace: string): GatewayRef[] {
  const refs: GatewayRef[] = [];
  const list = fields.at(["spec", "gateways"], "list") ?? [];
  list.forEach((entry, index) => {
    if (typeof entry !== "string" || entry === "mesh" || entry.length === 0) return;
    const slash = entry.indexOf("/");
    // `ns/name`, or the older FQDN form `name.ns.svc.cluster.local`.
    const [name, refNamespace] =
      slash >= 0
        ? [entry.slice(slash + 1), entry.slice(0, slash)]
        : entry.includes(".")
          ? [entry.split(".")[0]!, entry.split(".")[1]!]
          : [entry, namespace];
    refs.push({
      api: "istio",
      namespace: refNamespace,
      name,
      written: entry,
      location: { file: fields.object.file, line: fields.object.lineOf(["spec", "gateways", index]) },
    });
  });
  return refs;
}

/** `parentRefs` of an HTTPRoute/GRPCRoute that are Gateways (kind Service parents are mesh routing). */
export function gatewayApiRefs(fields: FieldReader, namespace: string): GatewayRef[] {
  const refs: GatewayRef[] = [];
  const list = fields.at(["spec", "parentRefs"], "list") ?? [];
  list.forEach((parent, index) => {
    if (!isMapping(parent)) return;
    const kind = parent.kind ?? "Gateway";
    const group = parent.group ?? "gateway.networking.k8s.io";
    if (kind !== "Gateway" || group !== "gateway.networking.k8s.io") return;
    if (typeof parent.name !== "string" || parent.name.length === 0) return;
    refs.push({
      api: "gateway-api",
      namespace: typeof parent.namespace === "string" ? parent.namespace : namespace,
      name: parent.name,
      written: parent.name,
      location: { file: fields.object.file, line: fields.object.lineOf(["spec", "parentRefs", index]) },
    });
  });
  return refs;
}

function objectKey(api: GatewayApi, namespace: string, name: string): string {
  return `${api}\u0000${namespace}/${name}`;
}

/** Every Gateway the files define, by the names routes use for them. */
export class GatewayIndex {
  private readonly byName = new Map<string, GatewayHop>();
  readonly hops: GatewayHop[] = [];

  constructor(objects: ObjectInNamespace[]) {
    const byKey = new Map<string, GatewayHop>();
    const sorted = [...objects].sort((a, b) => a.fields.object.name.localeCompare(b.fields.object.name));
    for (const gateway of sorted) {
      const { object } = gateway.fields;
      const api = apiOf(gateway.fields);
      const names = [object.name, ...(object.formerNames ?? [])];
      if (names.some((name) => this.byName.has(objectKey(api, gateway.namespace, name)))) continue;
      const selector = api === "istio" ? selectorText(gateway.fields) : "";
      const key = selector
        ? `istio\u0000selector:${selector}`
        : objectKey(api, gateway.namespace, object.name);
      let hop = byKey.get(key);
      if (!hop) {
        hop = { key, objects: [] };
        byKey.set(key, hop);
        this.hops.push(hop);
      }
      hop.objects.push(gateway);
      for (const name of names) this.byName.set(objectKey(api, gateway.namespace, name), hop);
    }
  }

  /** The hop a route is bound to; a Gateway defined elsewhere is still a hop, known only by its name. */
  resolve(ref: GatewayRef): GatewayHop {
    const key = objectKey(ref.api, ref.namespace, ref.name);
    const found = this.byName.get(key);
    if (found) return found;
    const hop: GatewayHop = { key, objects: [], ref };
    this.byName.set(key, hop);
    return hop;
  }
}

function selectorText(fields: FieldReader): string {
  return Object.entries(stringMap(fields.at(["spec", "selector"], "mapping")))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${value}`)
    .join(",");
}

/**
 * The name the gateway workload goes by, from an Istio selector: Istio installs the pods selected by `istio: X` as
 * Deployment `istio-X`; an `app` label names its app.
 */
function selectorName(fields: FieldReader): string | undefined {
  const selector = stringMap(fields.at(["spec", "selector"], "mapping"));
  if (selector.istio) return `istio-${selector.istio}`;
  return selector["app.kubernetes.io/name"] ?? selector.app;
}

/** Names to try, best first: the Gateway object's, then (when taken) the gateway workload's. */
export function hopNames(hop: GatewayHop): string[] {
  const primary = hop.objects[0];
  if (!primary) return [hop.ref!.name];
  const derived = apiOf(primary.fields) === "istio" ? selectorName(primary.fields) : undefined;
  return derived ? [primary.fields.object.name, derived] : [primary.fields.object.name];
}

/** The `istio`-style pod selector of an Istio Gateway, to find its pods when the files deploy them. */
export function hopSelector(hop: GatewayHop): Record<string, string> {
  const primary = hop.objects[0];
  if (!primary || apiOf(primary.fields) !== "istio") return {};
  return stringMap(primary.fields.at(["spec", "selector"], "mapping"));
}

export function gatewayComponent(hop: GatewayHop, system: string, name: string): Component {
  const primary = hop.objects[0];
  if (!primary) {
    const ref = hop.ref!;
    return {
      name,
      kind: "gateway",
      system,
      location: ref.location,
      ...(name !== ref.name ? { aliases: [ref.name] } : {}),
      attributes: {
        namespace: ref.namespace,
        gatewayApi: ref.api,
        opaque: "Gateway not defined in these files",
      },
    };
  }
  const aliases = new Set<string>();
  const attributes: Record<string, string | number | boolean> = {
    namespace: primary.namespace,
    gatewayApi: apiOf(primary.fields),
  };
  for (const gateway of hop.objects) {
    const { object } = gateway.fields;
    for (const alias of [object.name, ...(object.formerNames ?? [])]) aliases.add(alias);
    const derived = apiOf(gateway.fields) === "istio" ? selectorName(gateway.fields) : undefined;
    if (derived) aliases.add(derived);
  }
  aliases.delete(name);
  if (apiOf(primary.fields) === "istio") {
    const selector = selectorText(primary.fields);
    if (selector) attributes.selector = selector;
  } else {
    const gatewayClass = primary.fields.at(["spec", "gatewayClassName"], "string");
    if (gatewayClass !== undefined) attributes.gatewayClassName = gatewayClass;
  }
  if (hop.objects.length > 1)
    attributes.gateways = hop.objects.map((gateway) => gateway.fields.object.name).join(", ");
  return {
    name,
    kind: "gateway",
    system,
    location: { file: primary.fields.object.file, line: primary.fields.object.line },
    ...(aliases.size > 0 ? { aliases: [...aliases].sort() } : {}),
    attributes,
  };
}

/** How clients reach the gateway: one `via` per Gateway object, naming its ports and hosts. */
export function gatewayEntries(hop: GatewayHop): { via: string; evidence: Evidence }[] {
  if (hop.objects.length === 0) {
    const ref = hop.ref!;
    const via = redactText(
      `${ref.api === "istio" ? "Istio Gateway" : "Gateway"} ${ref.name} (not defined in these files)`,
    );
    return [{ via, evidence: evidenceAt(ref.location, "kubernetes/gateway", via) }];
  }
  return hop.objects.map(({ fields }) => {
    const istio = apiOf(fields) === "istio";
    const listeners = fields.at(["spec", istio ? "servers" : "listeners"], "list") ?? [];
    const ports = new Set<string>();
    const hosts = new Set<string>();
    for (const listener of listeners) {
      if (!isMapping(listener)) continue;
      const port = istio ? (isMapping(listener.port) ? listener.port.number : undefined) : listener.port;
      if (typeof port === "number" || typeof port === "string") ports.add(String(port));
      const named = istio ? listener.hosts : [listener.hostname];
      if (Array.isArray(named))
        for (const host of named) if (typeof host === "string" && host.length > 0) hosts.add(host);
    }
    const gatewayClass = istio ? undefined : fields.at(["spec", "gatewayClassName"], "string");
    const via = redactText(
      [
        `${istio ? "Istio Gateway" : "Gateway"} ${fields.object.name}`,
        gatewayClass !== undefined ? `(${gatewayClass})` : "",
        ports.size > 0 ? `port ${[...ports].join(", ")}` : "",
        hosts.size > 0 ? `hosts ${[...hosts].join(", ")}` : "",
      ]
        .filter(Boolean)
        .join(" "),
    );
    return {
      via,
      evidence: evidenceAt(fields.object, "kubernetes/gateway", via),
    };
  });
}
