import { describe, expect, it } from "vitest";
import { docs, extractManifest, service, workload } from "./__fixtures__/manifests.js";

const ENVOY_CONFIG = `apiVersion: v1
kind: ConfigMap
metadata:
  name: edge-config
data:
  envoy.yaml: |
    static_resources:
      clusters:
      - name: orders
        load_assignment:
          endpoints:
          - lb_endpoints:
            - endpoint:
                address:
                  socket_address: { address: orders, port_value: 8080 }
  nginx.conf: |
    upstream catalog { server catalog:80; }
    # server legacy:80;
`;

function mounting(name: string, configMap: string): string {
  return workload(name, { image: "envoyproxy/envoy:v1.30" }).replace(
    "      containers:\n",
    `      volumes:\n        - name: config\n          configMap: {name: ${configMap}}\n      containers:\n`,
  );
}

/** A ConfigMap `name` whose `data` is written as given, indented under it. */
function configMapOf(name: string, data: string): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n${data}`;
}

/** Workload `name` running `image` with ConfigMap `configMapName` (written as `configMap`) mounted, beside its callees. */
function extractMounting(
  name: string,
  image: string,
  configMapName: string,
  configMap: string,
  callees: string[],
) {
  return extractManifest(
    docs(
      mounting(name, configMapName).replace("envoyproxy/envoy:v1.30", image),
      configMap,
      ...callees.flatMap((callee) => [workload(callee), service(callee, { app: callee })]),
    ),
    `k8s/${name}.yaml`,
  );
}

describe("proxies configured by a mounted ConfigMap", () => {
  it("calls the upstreams of the proxy configuration, cited at their lines, skipping commented ones", async () => {
    const result = await extractManifest(
      docs(
        mounting("edge", "edge-config"),
        ENVOY_CONFIG,
        ...["orders", "catalog", "legacy"].flatMap((name) => [workload(name), service(name, { app: name })]),
      ),
      "k8s/edge.yaml",
    );
    const graph = result.systems[0]!;
    const edges = graph.edges.filter((edge) => edge.from === "edge");
    expect(edges.map((edge) => edge.to).sort()).toEqual(["catalog", "orders"]);
    const toOrders = edges.find((edge) => edge.to === "orders")!.evidence[0]!;
    expect(toOrders).toMatchObject({ rule: "kubernetes/configmap-file", file: "k8s/edge.yaml" });
    expect(toOrders.detail).toContain("address: orders");
  });

  it("does not read a database's SQL scripts mounted beside the configuration", async () => {
    const scripts = configMapOf(
      "db-init",
      `  schema.sql: |
    -- Licensed as shown at http://licenses.example.org/upl.
    INSERT INTO links VALUES ('http://orders:8080/help');
  settings.conf: |
    upstream_url = http://catalog:80
`,
    );
    const result = await extractMounting("migrate", "example/migrate:1.0", "db-init", scripts, [
      "orders",
      "catalog",
    ]);
    const callees = result.systems[0]!.edges.filter((edge) => edge.from === "migrate").map((edge) => edge.to);
    expect(callees).toEqual(["catalog"]);
  });

  it("reads an nginx upstream group's name in proxy_pass as the group, whose servers are the hosts", async () => {
    const config = `apiVersion: v1
kind: ConfigMap
metadata:
  name: edge-config
data:
  default.conf: |
    upstream frontend_upstream {
      server frontend:3000;
    }
    upstream api { server api:8080; }
    server {
      location / { proxy_pass http://frontend_upstream; }
      location /api { proxy_pass http://api; }
      location /pay { proxy_pass http://payments:1800; }
    }
`;
    const result = await extractManifest(
      docs(
        mounting("edge", "edge-config"),
        config,
        ...["frontend", "api", "payments"].flatMap((name) => [workload(name), service(name, { app: name })]),
      ),
      "k8s/edge.yaml",
    );
    const graph = result.systems[0]!;
    const callees = graph.edges.filter((edge) => edge.from === "edge").map((edge) => edge.to);
    expect(callees.sort()).toEqual(["api", "frontend", "payments"]);
    expect(graph.components.map((component) => component.name)).not.toContain("frontend_upstream");
    expect(result.warnings.filter((warning) => warning.id === "kubernetes/unresolved-host")).toEqual([]);
  });

  it("reads an nginx upstream with a variable glued after its host or port", async () => {
    const config = configMapOf(
      "gateway-config",
      `  nginx.conf: |
    server {
      location /push { proxy_pass http://distributor.default.svc.cluster.local$request_uri; }
      location /query { proxy_pass http://querier:8080$request_uri; }
    }
`,
    );
    const result = await extractMounting("gateway", "nginx:alpine", "gateway-config", config, [
      "distributor",
      "querier",
    ]);
    const edges = result.systems[0]!.edges.filter((edge) => edge.from === "gateway");
    expect(edges.map((edge) => edge.to).sort()).toEqual(["distributor", "querier"]);
    expect(result.warnings.filter((warning) => warning.id === "kubernetes/unresolved-host")).toEqual([]);
  });

  it("makes a reverse proxy that nothing here calls an entry point, and no other proxy", async () => {
    const config = (name: string, upstream: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
data:
  default.conf: |
    server { location / { proxy_pass http://${upstream}:80; } }
`;
    const internal = workload("internal", { image: "nginx:alpine", env: { API_URL: "http://web:80" } });
    const result = await extractManifest(
      docs(
        mounting("edge", "edge-config").replace("envoyproxy/envoy:v1.30", "nginx:alpine"),
        config("edge-config", "web"),
        mounting("inner", "inner-config").replace("envoyproxy/envoy:v1.30", "nginx:alpine"),
        config("inner-config", "internal"),
        workload("web", { env: { INNER_URL: "http://inner:80" } }),
        internal,
        workload("idle", { image: "nginx:alpine" }),
        ...["edge", "inner", "web", "internal", "idle"].map((name) =>
          service(name, { app: name }, { nodePort: false }),
        ),
      ),
    );
    const graph = result.systems[0]!;
    const kinds = Object.fromEntries(graph.components.map((component) => [component.name, component.kind]));
    expect(kinds).toMatchObject({ edge: "gateway", inner: "gateway", internal: "gateway", idle: "gateway" });
    expect(graph.entryPoints.map((entry) => entry.component)).toEqual(["edge"]);
    expect(graph.entryPoints[0]!.evidence[0]).toMatchObject({
      rule: "kubernetes/uncalled-proxy",
      file: "k8s/app.yaml",
    });
  });
});
