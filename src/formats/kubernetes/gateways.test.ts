import { describe, expect, it } from "vitest";
import type { SystemGraph } from "../../graph/model.js";
import type { InputFile } from "../types.js";
import { docs, service, workload } from "./__fixtures__/manifests.js";
import { kubernetesFormat } from "./index.js";

const extract = (files: InputFile[]) => kubernetesFormat.extract(files, { deadline: Date.now() + 60_000 });
const edgeList = (system: SystemGraph) => system.edges.map((edge) => `${edge.from} -> ${edge.to}`);
const entries = (system: SystemGraph) => system.entryPoints.map((entry) => [entry.component, entry.via]);
const component = (system: SystemGraph, name: string) =>
  system.components.find((found) => found.name === name);

/** A workload and the Service in front of it, both named `name`. */
function app(name: string, labels: Record<string, string> = { app: name }): string {
  return docs(workload(name, { labels }), service(name, labels, { nodePort: false }));
}

function istioGateway(name: string, selector: string, options: { namespace?: string; port?: number } = {}) {
  return `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: ${name}
${options.namespace ? `  namespace: ${options.namespace}\n` : ""}spec:
  selector:
    ${selector}
  servers:
    - port:
        number: ${options.port ?? 80}
        name: http
        protocol: HTTP
      hosts: ["shop.example.com"]
`;
}

function virtualService(name: string, gateways: string[], host: string, extra = ""): string {
  return `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
spec:
  hosts: ["*"]
${gateways.length > 0 ? `  gateways: [${gateways.join(", ")}]\n` : ""}  http:
${extra}    - route:
        - destination:
            host: ${host}
`;
}

describe("Istio Gateways", () => {
  it("puts the Gateway in front of the backends of the VirtualServices bound to it", async () => {
    const result = await extract([
      {
        path: "k8s/app.yaml",
        text: docs(
          app("shop"),
          app("cart"),
          istioGateway("shop-gateway", "istio: ingressgateway"),
          virtualService("shop", ["shop-gateway"], "shop"),
          // Mesh-internal routing between versions: no hop, no entry point.
          virtualService("cart", [], "cart"),
        ),
      },
    ]);
    const system = result.systems[0]!;
    expect(component(system, "shop-gateway")).toMatchObject({
      kind: "gateway",
      aliases: ["istio-ingressgateway"],
      attributes: { selector: "istio=ingressgateway", gatewayApi: "istio", namespace: "default" },
      location: { file: "k8s/app.yaml", line: 55 },
    });
    expect(edgeList(system)).toEqual(["shop-gateway -> shop"]);
    expect(system.edges[0]!.evidence[0]).toMatchObject({ rule: "kubernetes/gateway-route", line: 79 });
    expect(entries(system)).toEqual([
      ["shop", "VirtualService shop (gateway shop-gateway)"],
      ["shop-gateway", "Istio Gateway shop-gateway port 80 hosts shop.example.com"],
    ]);
  });

  it("makes Gateways with one selector one hop, and skips routes that only the mesh takes", async () => {
    const meshOnly = `    - match:
        - gateways: [mesh]
      route:
        - destination:
            host: cart
`;
    const result = await extract([
      {
        path: "k8s/app.yaml",
        text: docs(
          app("shop"),
          app("cart"),
          istioGateway("public", "istio: ingressgateway"),
          istioGateway("admin", "istio: ingressgateway", { port: 8443 }),
          virtualService("shop", ["public", "mesh"], "shop", meshOnly),
          virtualService("admin", ["admin"], "shop"),
        ),
      },
    ]);
    const system = result.systems[0]!;
    const gateways = system.components.filter((found) => found.kind === "gateway");
    expect(gateways.map((found) => [found.name, found.aliases])).toEqual([
      ["admin", ["istio-ingressgateway", "public"]],
    ]);
    expect(edgeList(system)).toEqual(["admin -> shop"]);
    expect(entries(system)).toEqual([
      [
        "admin",
        "Istio Gateway admin port 8443 hosts shop.example.com; Istio Gateway public port 80 hosts shop.example.com",
      ],
      ["shop", "VirtualService shop (gateway public); VirtualService admin (gateway admin)"],
    ]);
  });

  it("finds a Gateway in a namespace without workloads, and names an undefined one after the reference", async () => {
    const result = await extract([
      {
        path: "k8s/app.yaml",
        text: docs(
          app("shop"),
          app("cart"),
          istioGateway("edge", "istio: ingressgateway", { namespace: "istio-system" }),
          virtualService("shop", ["istio-system/edge"], "shop"),
          virtualService("cart", ["partners"], "cart"),
        ),
      },
    ]);
    expect(result.systems.map((system) => system.id)).toEqual(["kubernetes:k8s"]);
    const system = result.systems[0]!;
    expect(component(system, "edge")?.attributes).toMatchObject({ namespace: "istio-system" });
    expect(component(system, "partners")).toMatchObject({
      kind: "gateway",
      attributes: { opaque: "Gateway not defined in these files" },
    });
    expect(edgeList(system).sort()).toEqual(["edge -> shop", "partners -> cart"]);
  });

  it("uses the gateway pods when the files deploy them, and keeps an unbound Gateway as an entry", async () => {
    const deployed = await extract([
      {
        path: "k8s/app.yaml",
        text: docs(
          app("shop"),
          app("istio-ingressgateway", { app: "istio-ingressgateway", istio: "ingressgateway" }),
          istioGateway("public", "istio: ingressgateway"),
          virtualService("shop", ["public"], "shop"),
        ),
      },
    ]);
    const system = deployed.systems[0]!;
    expect(component(system, "istio-ingressgateway")).toMatchObject({ kind: "gateway", aliases: ["public"] });
    expect(component(system, "public")).toBeUndefined();
    expect(edgeList(system)).toEqual(["istio-ingressgateway -> shop"]);

    const unbound = await extract([
      { path: "k8s/app.yaml", text: docs(app("shop"), istioGateway("public", "istio: ingressgateway")) },
    ]);
    expect(entries(unbound.systems[0]!)).toEqual([
      ["public", "Istio Gateway public port 80 hosts shop.example.com"],
    ]);
    expect(unbound.systems[0]!.edges).toEqual([]);
  });
});

describe("Gateway API Gateways", () => {
  it("puts the Gateway in front of the backends of the routes whose parentRefs name it", async () => {
    const gateway = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: shop
spec:
  gatewayClassName: envoy
  listeners:
    - name: https
      port: 443
      protocol: HTTPS
      hostname: shop.example.com
`;
    const route = (name: string, parent: string, backend: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: ${name}
spec:
  parentRefs:
    - ${parent}
  rules:
    - backendRefs:
        - name: ${backend}
          port: 80
`;
    const result = await extract([
      {
        path: "k8s/app.yaml",
        text: docs(
          app("shop"),
          app("cart"),
          gateway,
          route("public", "name: shop", "shop"),
          // A Service parent is mesh routing (GAMMA): no hop.
          route("split", "{group: '', kind: Service, name: cart}", "cart"),
        ),
      },
    ]);
    const system = result.systems[0]!;
    // The Gateway and the Service share a name; the Gateway takes the next free one.
    expect(component(system, "shop-2")).toMatchObject({
      kind: "gateway",
      aliases: ["shop"],
      attributes: { gatewayClassName: "envoy", gatewayApi: "gateway-api" },
    });
    expect(edgeList(system)).toEqual(["shop-2 -> shop"]);
    expect(entries(system)).toEqual([
      ["shop", "HTTPRoute public"],
      ["shop-2", "Gateway shop (envoy) port 443 hosts shop.example.com"],
    ]);
  });
});

describe("Istio ServiceEntries", () => {
  it("adds an external component per host outside the mesh, and guesses no caller", async () => {
    const entry = (name: string, hosts: string[], location?: string) => `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: ${name}
spec:
  hosts: [${hosts.join(", ")}]
${location ? `  location: ${location}\n` : ""}  ports:
    - number: 443
      name: https
      protocol: HTTPS
`;
    const result = await extract([
      {
        path: "k8s/app.yaml",
        text: docs(
          app("shop"),
          entry("payments", ["api.payments.example.com", "hooks.payments.example.com"], "MESH_EXTERNAL"),
          entry("books", ["www.books.example.org"]),
          entry("vm-db", ["db.vm.svc.cluster.local"], "MESH_INTERNAL"),
          entry("legacy", ["legacy-db"]),
        ),
      },
    ]);
    const system = result.systems[0]!;
    const externals = system.components.filter((found) => found.kind === "external");
    expect(
      externals.map((found) => [found.name, found.attributes?.serviceEntry, found.location.line]),
    ).toEqual([
      ["api.payments.example.com", "payments", 33],
      ["hooks.payments.example.com", "payments", 33],
      ["www.books.example.org", "books", 45],
    ]);
    expect(system.edges).toEqual([]);
    expect(system.entryPoints).toEqual([]);
  });

  it("resolves a workload's call to a declared host, inside the mesh too, to the entry's component", async () => {
    const caller = app("shop").replace(
      "          image: example/shop:1.0\n",
      `          image: example/shop:1.0
          env:
            - {name: PAYMENTS_URL, value: "https://api.payments.example.com/v1"}
            - {name: DB_HOST, value: db.vm.svc.cluster.local}
`,
    );
    const result = await extract([
      {
        path: "k8s/app.yaml",
        text: docs(
          caller,
          `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: outside
spec:
  hosts: [api.payments.example.com]
  location: MESH_EXTERNAL
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: vm-db
spec:
  hosts: [db.vm.svc.cluster.local]
  location: MESH_INTERNAL
`,
        ),
      },
    ]);
    const system = result.systems[0]!;
    expect(
      system.components.map((found) => [found.name, found.kind, found.attributes?.serviceEntry]),
    ).toEqual([
      ["shop", "service", undefined],
      ["api.payments.example.com", "external", "outside"],
      ["db.vm.svc.cluster.local", "external", "vm-db"],
    ]);
    expect(edgeList(system)).toEqual(["shop -> api.payments.example.com", "shop -> db.vm.svc.cluster.local"]);
    expect(result.warnings.filter((warning) => warning.id === "kubernetes/unresolved-host")).toEqual([]);
  });
});
