import { describe, expect, it } from "vitest";
import type { SystemGraph } from "../../graph/model.js";
import type { InputFile } from "../types.js";
import { docs, service, workload } from "./__fixtures__/manifests.js";
import { kubernetesFormat } from "./index.js";

const extract = (files: InputFile[]) => kubernetesFormat.extract(files, { deadline: Date.now() + 60_000 });
const edgeList = (system: SystemGraph) =>
  system.edges.map((edge) => `${edge.from} -> ${edge.to} (${edge.kind})`);

describe("Service grouping", () => {
  it("keeps workloads of different apps behind one Service apart, and a call to it reaches both", async () => {
    const result = await extract([
      {
        path: "k8s/app.yaml",
        text: docs(
          workload("orders", { labels: { app: "orders", tier: "backend" } }),
          workload("invoices", { labels: { app: "invoices", tier: "backend" } }),
          service("backend", { tier: "backend" }),
          workload("front", { env: { BACKEND_URL: "http://backend" } }),
        ),
      },
    ]);
    const system = result.systems[0]!;
    expect(system.components.map((found) => found.name)).toEqual(["orders", "invoices", "front"]);
    expect(edgeList(system)).toEqual(["front -> invoices (sync)", "front -> orders (sync)"]);
  });

  it("names the component after the Service when one Service selects one workload", async () => {
    const result = await extract([
      {
        path: "k8s/app.yaml",
        text: docs(
          workload("catalog-v1", { labels: { app: "catalog" } }),
          service("catalog", { app: "catalog" }),
        ),
      },
    ]);
    expect(result.systems[0]!.components[0]).toMatchObject({ name: "catalog", aliases: ["catalog-v1"] });
  });
});

describe("a key that names a store", () => {
  it("reads its bare value as the store's host, and not when the key says more", async () => {
    const result = await extract([
      {
        path: "k8s/app.yaml",
        text: docs(
          workload("vote-back", { image: "redis:7" }),
          service("vote-back", { app: "vote-back" }),
          workload("vote-front", { env: { REDIS: "vote-back" } }),
          workload("worker", { env: { LOG_LEVEL_REDIS: "vote-back" } }),
        ),
      },
    ]);
    expect(edgeList(result.systems[0]!)).toEqual(["vote-front -> vote-back (sync)"]);
  });
});

describe("documents", () => {
  it("flattens YAML Lists and keeps each item's line", async () => {
    const items = [
      workload("a", { env: { B_URL: "http://b:80" } }),
      workload("b"),
      service("b", { app: "b" }),
    ]
      .map((item) => `  - ${item.trimEnd().replace(/\n/g, "\n    ")}`)
      .join("\n");
    const result = await extract([
      { path: "k8s/list.yaml", text: `apiVersion: v1\nkind: List\nitems:\n${items}\n` },
    ]);
    const system = result.systems[0]!;
    expect(system.components.map((found) => [found.name, found.location.line])).toEqual([
      ["a", 4],
      ["b", 23],
    ]);
    expect(edgeList(system)).toEqual(["a -> b (sync)"]);
    // Item `a` starts at line 4; its env value is the item's 19th line.
    expect(system.edges[0]!.evidence[0]!.line).toBe(22);
  });
});

describe("namespaces and systems", () => {
  it("keeps a folder holding several namespaces one system, calls across them direct", async () => {
    const result = await extract([
      {
        path: "k8s/front.yaml",
        text: workload("front", {
          namespace: "web",
          env: { API: "http://api.backend.svc.cluster.local:8080" },
        }),
      },
      {
        path: "k8s/api.yaml",
        text: docs(
          workload("api", { namespace: "backend" }),
          service("api", { app: "api" }, { namespace: "backend" }),
        ),
      },
    ]);
    expect(result.systems.map((system) => system.id)).toEqual(["kubernetes:k8s"]);
    expect(edgeList(result.systems[0]!)).toEqual(["front -> api (sync)"]);
  });

  it("links folders through a stand-in that names the component it stands for", async () => {
    const result = await extract([
      { path: "web/front.yaml", text: workload("front", { env: { API: "http://api.backend:8080" } }) },
      {
        path: "backend/api.yaml",
        text: docs(
          workload("api", { namespace: "backend" }),
          service("api", { app: "api" }, { namespace: "backend" }),
        ),
      },
    ]);
    expect(result.systems.map((system) => system.id)).toEqual(["kubernetes:backend", "kubernetes:web"]);
    const web = result.systems[1]!;
    expect(edgeList(web)).toEqual(["front -> api.backend (sync)"]);
    expect(web.components[1]).toMatchObject({
      name: "api.backend",
      attributes: { system: "kubernetes:backend" },
      resolvesTo: { system: "kubernetes:backend", component: "api" },
    });
  });

  it("puts objects without a namespace into the Namespace the folder creates", async () => {
    const result = await extract([
      { path: "deploy/ns.yaml", text: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n" },
      {
        path: "deploy/api.yaml",
        text: docs(
          workload("api", { namespace: "shop" }),
          service("api", { app: "api" }, { namespace: "shop" }),
        ),
      },
      { path: "deploy/web.yaml", text: workload("web", { env: { API_URL: "http://api.shop:8080" } }) },
    ]);
    expect(result.systems.map((system) => system.id)).toEqual(["kubernetes:deploy"]);
    expect(edgeList(result.systems[0]!)).toEqual(["web -> api (sync)"]);
  });

  it("leaves objects without a namespace in default when a cluster DNS name puts one of them there", async () => {
    const result = await extract([
      { path: "deploy/logging.yaml", text: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: logging\n" },
      {
        path: "deploy/elastic.yaml",
        text: docs(
          workload("elastic", { namespace: "logging", image: "elasticsearch:8" }),
          service("elastic", { app: "elastic" }, { namespace: "logging" }),
        ),
      },
      {
        path: "deploy/shop.yaml",
        text: docs(
          workload("web", { env: { ORDER_URL: "http://order.default.svc.cluster.local:8080" } }),
          workload("order"),
          service("order", { app: "order" }),
        ),
      },
    ]);
    expect(edgeList(result.systems[0]!)).toEqual(["web -> order (sync)"]);
  });

  it("reads a URL to another namespace inside one Kustomize root as a direct edge, qualifying clashing names", async () => {
    const result = await extract([
      { path: "app/kustomization.yaml", text: "resources:\n  - a.yaml\n  - b.yaml\n" },
      {
        path: "app/a.yaml",
        text: docs(
          workload("api", { namespace: "a", env: { PEER: "http://api.b:80" } }),
          service("api", { app: "api" }, { namespace: "a" }),
        ),
      },
      {
        path: "app/b.yaml",
        text: docs(
          workload("api", { namespace: "b", image: "rabbitmq:3" }),
          service("api", { app: "api" }, { namespace: "b" }),
        ),
      },
    ]);
    const system = result.systems[0]!;
    expect(system.id).toBe("kubernetes:app");
    expect(system.components.map((found) => found.name)).toEqual(["api", "api.b"]);
    expect(edgeList(system)).toEqual(["api -> api.b (async)"]);
  });

  it("reaches a StatefulSet pod through its headless Service", async () => {
    const result = await extract([
      {
        path: "k8s/db.yaml",
        text: docs(
          workload("db", { kind: "StatefulSet", image: "mongo:7", namespace: "data" }),
          service("db", { app: "db" }, { namespace: "data", headless: true }),
          workload("app", {
            namespace: "data",
            env: { MONGO_URL: "mongodb://db-0.db.data.svc.cluster.local:27017,db-1.db:27017/app" },
          }),
        ),
      },
    ]);
    const system = result.systems[0]!;
    expect(edgeList(system)).toEqual(["app -> db (sync)"]);
    expect(system.edges[0]!.evidence).toHaveLength(1);
  });
});

describe("network policies", () => {
  it("turns egress rules into edges, across namespaces named by label, async to a queue", async () => {
    const policy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: worker-egress
  namespace: jobs
spec:
  podSelector:
    matchLabels:
      app: worker
  policyTypes: [Egress]
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: queues
          podSelector:
            matchLabels:
              app: broker
    - to:
        - namespaceSelector: {}
`;
    const result = await extract([
      { path: "k/kustomization.yaml", text: "resources: [all.yaml]\n" },
      {
        path: "k/all.yaml",
        text: docs(
          workload("worker", { namespace: "jobs" }),
          workload("broker", { namespace: "queues", image: "nats:2" }),
          policy,
        ),
      },
    ]);
    const system = result.systems[0]!;
    expect(edgeList(system)).toEqual(["worker -> broker (async)"]);
    // Two 17-line workloads and two separators put the policy at line 37; its first peer is 12 lines further down.
    expect(system.edges[0]!.evidence[0]).toMatchObject({
      rule: "kubernetes/network-policy",
      file: "k/all.yaml",
      line: 49,
    });
  });
});

describe("entry points", () => {
  it("reads NodePort Services and routes attached to a Gateway, not mesh routes", async () => {
    const route = `apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata:
  name: rpc
spec:
  parentRefs:
    - name: public
  rules:
    - backendRefs:
        - name: rpc
          port: 9000
`;
    const result = await extract([
      {
        path: "k8s/a.yaml",
        text: docs(
          workload("web"),
          service("web", { app: "web" }, { type: "NodePort" }),
          workload("rpc"),
          service("rpc", { app: "rpc" }),
          route,
        ),
      },
    ]);
    expect(result.systems[0]!.entryPoints.map((entry) => [entry.component, entry.via])).toEqual([
      ["public", "Gateway public (not defined in these files)"],
      ["rpc", "GRPCRoute rpc"],
      ["web", "NodePort Service web port 30080"],
    ]);
    expect(edgeList(result.systems[0]!)).toEqual(["public -> rpc (sync)"]);
  });
});

describe("more objects", () => {
  it("adds referenced PVC sizes, reads v1beta1 Ingress backends and warns about duplicates", async () => {
    const pvc = `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: uploads
spec:
  resources:
    requests:
      storage: 5Gi
`;
    const withClaim = workload("files").replace(
      "      containers:",
      "      volumes:\n        - name: data\n          persistentVolumeClaim:\n            claimName: uploads\n      containers:",
    );
    const ingress = `apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: legacy
spec:
  backend:
    serviceName: files
    servicePort: 80
`;
    const result = await extract([
      { path: "k8s/a.yaml", text: docs(withClaim, pvc, service("files", { app: "files" }), ingress) },
      { path: "k8s/b.yaml", text: workload("files") },
    ]);
    const system = result.systems[0]!;
    expect(system.components[0]).toMatchObject({ name: "files", resources: { storageBytes: 5 * 2 ** 30 } });
    expect(system.entryPoints).toEqual([
      // 20-line workload, 8-line claim, 10-line Service and three separators: `backend:` is on line 47.
      {
        component: "files",
        via: "Ingress legacy default backend",
        evidence: [expect.objectContaining({ rule: "kubernetes/ingress-backend", line: 47 })],
      },
    ]);
    expect(result.warnings).toEqual([
      {
        id: "kubernetes/duplicate-object",
        file: "k8s/b.yaml",
        line: 1,
        message: "Deployment files: also defined in k8s/a.yaml:1; the first definition is used",
      },
    ]);
  });

  it("applies bases, nameSuffix, generator env files, merge generators, delete patches and reports missing files", async () => {
    const result = await extract([
      {
        path: "base/kustomization.yaml",
        text: "resources:\n  - app.yaml\nconfigMapGenerator:\n  - name: app-env\n    envs:\n      - app.env\n",
      },
      {
        path: "base/app.yaml",
        text: docs(
          workload("app").replace(
            "          image: example/app:1.0\n",
            "          image: example/app:1.0\n          envFrom:\n            - configMapRef:\n                name: app-env\n",
          ),
          workload("debug"),
          workload("queue", { image: "rabbitmq:3" }),
          service("queue", { app: "queue" }),
        ),
      },
      { path: "base/app.env", text: "# generated\nQUEUE_URL=amqp://queue:5672\n" },
      {
        path: "prod/kustomization.yaml",
        text: [
          "bases:",
          "  - ../base",
          "  - ../missing",
          "nameSuffix: -prod",
          "configMapGenerator:",
          "  - name: app-env",
          "    behavior: merge",
          "    literals:",
          "      - EXTRA=1",
          "patchesStrategicMerge:",
          "  - |-",
          "    apiVersion: apps/v1",
          "    kind: Deployment",
          "    metadata:",
          "      name: debug",
          "    $patch: delete",
          "",
        ].join("\n"),
      },
    ]);
    expect(result.systems.map((system) => system.id)).toEqual(["kubernetes:prod"]);
    const system = result.systems[0]!;
    expect(system.components.map((found) => found.name)).toEqual(["app-prod", "queue-prod"]);
    // QUEUE_URL comes from the env file the base generator reads; the overlay's merge keeps it.
    expect(system.edges.map((edge) => [edge.from, edge.to, edge.kind, edge.evidence[0]!.detail])).toEqual([
      ["app-prod", "queue-prod", "async", "QUEUE_URL=amqp://queue:5672 (ConfigMap app-env)"],
    ]);
    expect(result.warnings).toEqual([
      expect.objectContaining({
        id: "kubernetes/kustomize-missing-resource",
        file: "prod/kustomization.yaml",
        line: 1,
        message: "resource ../missing is not in this repository (or is not a manifest)",
      }),
    ]);
  });

  it("reads matchExpressions and namespaceSelector labels, from policies kept in a folder of their own", async () => {
    const namespaces = `apiVersion: v1
kind: Namespace
metadata:
  name: web
  labels:
    team: storefront
---
apiVersion: v1
kind: Namespace
metadata:
  name: data
`;
    const ordersPolicy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: orders-ingress
  namespace: data
spec:
  podSelector:
    matchExpressions:
      - { key: app, operator: In, values: [orders, orders-canary] }
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              team: storefront
          podSelector:
            matchExpressions:
              - { key: tier, operator: Exists }
              - { key: app, operator: NotIn, values: [debug] }
`;
    const dbPolicy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db-ingress
  namespace: data
spec:
  podSelector:
    matchLabels:
      app: orders-db
  ingress:
    - from:
        - podSelector:
            matchExpressions:
              - { key: app, operator: In, values: [orders] }
        - podSelector:
            matchExpressions:
              - { key: app, operator: DoesNotExist }
`;
    const result = await extract([
      { path: "apps/namespaces.yaml", text: namespaces },
      {
        path: "apps/workloads.yaml",
        text: docs(
          workload("shop", { namespace: "web", labels: { app: "shop", tier: "front" } }),
          workload("debug", { namespace: "web", labels: { app: "debug", tier: "tools" } }),
          workload("orders", { namespace: "data", labels: { app: "orders" } }),
          workload("orders-db", { namespace: "data", labels: { app: "orders-db" }, image: "postgres:16" }),
        ),
      },
      { path: "policies/orders.yaml", text: ordersPolicy },
      { path: "policies/db.yaml", text: dbPolicy },
    ]);
    const edges = result.systems.flatMap((system) => edgeList(system));
    expect(edges.sort()).toEqual(["orders -> orders-db (sync)", "shop -> orders (sync)"]);
    const shop = result.systems.flatMap((system) => system.edges).find((edge) => edge.from === "shop")!;
    expect(shop.evidence[0]).toMatchObject({
      rule: "kubernetes/network-policy",
      file: "policies/orders.yaml",
    });
  });
});
