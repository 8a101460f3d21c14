import { describe, expect, it } from "vitest";
import { docs, service, workload } from "./__fixtures__/manifests.js";
import { kubernetesFormat } from "./index.js";

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

describe("proxies configured by a mounted ConfigMap", () => {
  it("calls the upstreams of the proxy configuration, cited at their lines, skipping commented ones", async () => {
    const result = await kubernetesFormat.extract(
      [
        {
          path: "k8s/edge.yaml",
          text: docs(
            mounting("edge", "edge-config"),
            ENVOY_CONFIG,
            ...["orders", "catalog", "legacy"].flatMap((name) => [
              workload(name),
              service(name, { app: name }),
            ]),
          ),
        },
      ],
      { deadline: Date.now() + 60_000 },
    );
    const graph = result.systems[0]!;
    const edges = graph.edges.filter((edge) => edge.from === "edge");
    expect(edges.map((edge) => edge.to).sort()).toEqual(["catalog", "orders"]);
    const toOrders = edges.find((edge) => edge.to === "orders")!.evidence[0]!;
    expect(toOrders).toMatchObject({ rule: "kubernetes/configmap-file", file: "k8s/edge.yaml" });
    expect(toOrders.detail).toContain("address: orders");
  });
});
