import type { Evidence } from "../../graph/model.js";
import { evidenceAt } from "../shared/evidence.js";
import { isMapping, type YamlPath } from "../shared/yaml.js";
import type { Unit } from "./components.js";
import { readServiceHost } from "./dns.js";
import type { FieldReader } from "./fields.js";
import { gatewayApiRefs, istioGatewayRefs, type GatewayRef } from "./gateways.js";

export type ServiceResolver = (namespace: string, name: string) => Unit[];

export interface EntrySink {
  add(unit: Unit, via: string, evidence: Evidence): void;
  /** A route bound to Gateways: each Gateway is a hop in front of the backend. */
  through(gateways: GatewayRef[], unit: Unit, evidence: Evidence): void;
}

interface Context {
  fields: FieldReader;
  namespace: string;
  resolve: ServiceResolver;
  sink: EntrySink;
}

function backend(
  context: Context,
  name: string | undefined,
  path: YamlPath,
  via: string,
  rule: string,
  gateways: GatewayRef[] = [],
): void {
  if (name === undefined) return;
  const { fields, namespace } = context;
  const units = context.resolve(namespace, name);
  if (units.length === 0) {
    fields.warn(
      "kubernetes/unknown-backend",
      path,
      `routes to Service ${name}, which is not defined in namespace ${namespace} in these files`,
    );
    return;
  }
  const evidence = evidenceAt(
    { file: fields.object.file, line: fields.object.lineOf(path) },
    rule,
    `${fields.object.kind} ${fields.object.name} -> ${name}`,
  );
  for (const unit of units) {
    context.sink.add(unit, via, evidence);
    if (gateways.length > 0) context.sink.through(gateways, unit, evidence);
  }
}

/** networking.k8s.io/v1 (and the older v1beta1 shape): one entry per host and path, plus the default backend. */
export function ingressEntries(context: Context): void {
  const { fields } = context;
  const serviceName = (path: YamlPath): string | undefined =>
    fields.at([...path, "service", "name"], "string") ?? fields.at([...path, "serviceName"], "string");
  for (const key of ["defaultBackend", "backend"]) {
    const name = serviceName(["spec", key]);
    backend(
      context,
      name,
      ["spec", key],
      `Ingress ${fields.object.name} default backend`,
      "kubernetes/ingress-backend",
    );
  }
  const rules = fields.at(["spec", "rules"], "list") ?? [];
  // One entry per host and backend, listing its paths: `Ingress shop.example.com/, /cart`.
  const routes = new Map<string, { host: string; name: string | undefined; paths: string[]; at: YamlPath }>();
  rules.forEach((_rule, ruleIndex) => {
    const host = fields.at(["spec", "rules", ruleIndex, "host"], "string") ?? "*";
    const paths = fields.at(["spec", "rules", ruleIndex, "http", "paths"], "list") ?? [];
    paths.forEach((_path, pathIndex) => {
      const base = ["spec", "rules", ruleIndex, "http", "paths", pathIndex, "backend"];
      const name = serviceName(base);
      const key = `${host}\u0000${name ?? ""}`;
      const route = routes.get(key) ?? { host, name, paths: [], at: base };
      const path =
        fields.at(["spec", "rules", ruleIndex, "http", "paths", pathIndex, "path"], "string") ?? "/";
      if (!route.paths.includes(path)) route.paths.push(path);
      routes.set(key, route);
    });
  });
  for (const route of routes.values()) {
    const via = `Ingress ${route.host}${route.paths.join(", ")}`;
    backend(context, route.name, route.at, via, "kubernetes/ingress-backend");
  }
}

/** Gateway API HTTPRoute / GRPCRoute `backendRefs` (kind Service, the default) of routes attached to a Gateway. */
export function routeEntries(context: Context): void {
  const { fields } = context;
  // Only a route attached to a Gateway is reached from outside; `parentRefs` of kind Service are mesh routing.
  const gateways = gatewayApiRefs(fields, context.namespace);
  if (gateways.length === 0) return;
  const hostnames = (fields.at(["spec", "hostnames"], "list") ?? []).filter(
    (host): host is string => typeof host === "string",
  );
  const via = `${fields.object.kind} ${fields.object.name}${hostnames.length > 0 ? ` (${hostnames.join(", ")})` : ""}`;
  const rules = fields.at(["spec", "rules"], "list") ?? [];
  rules.forEach((_rule, ruleIndex) => {
    const refs = fields.at(["spec", "rules", ruleIndex, "backendRefs"], "list") ?? [];
    refs.forEach((_ref, refIndex) => {
      const path = ["spec", "rules", ruleIndex, "backendRefs", refIndex];
      const kind = fields.at([...path, "kind"], "string") ?? "Service";
      if (kind !== "Service") return;
      const namespace = fields.at([...path, "namespace"], "string") ?? context.namespace;
      backend(
        { ...context, namespace },
        fields.at([...path, "name"], "string"),
        path,
        via,
        "kubernetes/route-backend",
        gateways,
      );
    });
  });
}

/** Istio VirtualService routes bound to a gateway other than `mesh`: the destination is reached from outside. */
export function virtualServiceEntries(context: Context): void {
  const { fields } = context;
  const gateways = istioGatewayRefs(fields, context.namespace);
  if (gateways.length === 0) return;
  const via = `VirtualService ${fields.object.name} (gateway ${gateways.map((gateway) => gateway.name).join(", ")})`;
  for (const protocol of ["http", "tcp", "tls"]) {
    const routes = fields.at(["spec", protocol], "list") ?? [];
    routes.forEach((_route, routeIndex) => {
      const routeGateways = matchedGateways(fields, [protocol, routeIndex], gateways);
      if (routeGateways.length === 0) return;
      const destinations = fields.at(["spec", protocol, routeIndex, "route"], "list") ?? [];
      destinations.forEach((_destination, destinationIndex) => {
        const path = ["spec", protocol, routeIndex, "route", destinationIndex, "destination", "host"];
        const host = fields.at(path, "string");
        if (host === undefined) return;
        const candidate = readServiceHost(host, context.namespace).candidates.find(
          (name) => context.resolve(name.namespace, name.name).length > 0,
        );
        if (!candidate) {
          fields.warn(
            "kubernetes/unknown-backend",
            path,
            `routes to ${host}, which matches no Service in these files`,
          );
          return;
        }
        backend(
          { ...context, namespace: candidate.namespace },
          candidate.name,
          path,
          via,
          "kubernetes/virtualservice-route",
          routeGateways,
        );
      });
    });
  }
}

/**
 * A route whose every `match` names `gateways` applies only to those: a `mesh`-only route is sidecar routing even in
 * a VirtualService that is also bound to an ingress gateway.
 */
function matchedGateways(fields: FieldReader, at: [string, number], gateways: GatewayRef[]): GatewayRef[] {
  const matches = fields.at(["spec", ...at, "match"], "list") ?? [];
  const named = matches.map((match) =>
    isMapping(match) && Array.isArray(match.gateways)
      ? match.gateways.filter((gateway): gateway is string => typeof gateway === "string")
      : undefined,
  );
  if (named.length === 0 || named.some((list) => list === undefined)) return gateways;
  const allowed = new Set(named.flat());
  return gateways.filter((gateway) => allowed.has(gateway.written));
}

/** LoadBalancer and NodePort Services are reachable from outside the cluster. */
export function exposedServiceEntry(context: Context): void {
  const { fields } = context;
  const type = fields.at(["spec", "type"], "string");
  if (type !== "LoadBalancer" && type !== "NodePort") return;
  const ports = (fields.at(["spec", "ports"], "list") ?? [])
    .map((port) =>
      port && typeof port === "object"
        ? ((port as Record<string, unknown>)[type === "NodePort" ? "nodePort" : "port"] ??
          (port as Record<string, unknown>).port)
        : undefined,
    )
    .filter((port) => typeof port === "number" || typeof port === "string");
  const via = `${type} Service ${fields.object.name}${ports.length > 0 ? ` port ${ports.join(", ")}` : ""}`;
  backend(context, fields.object.name, ["spec", "type"], via, "kubernetes/service-type");
}
