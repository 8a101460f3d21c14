import { describe, expect, it } from "vitest";
import { docs, extractManifest, service, workload } from "./__fixtures__/manifests.js";

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: main
          image: example/web:1.0
          env:
            - name: POD_NAMESPACE
              valueFrom:
                fieldRef: { fieldPath: metadata.namespace }
            - name: CATALOG_ADDR
              value: catalog.<NAMESPACE>:8081
            - name: DATABASE_URL
              value: postgres://app@db.\${NAMESPACE}.svc.cluster.local:5432/shop
            - name: CACHE_HOST
              value: cache.$(POD_NAMESPACE).svc
            - name: QUEUE_HOST
              value: $(QUEUE_NAME)
`;

describe("hosts whose namespace is filled in at install or run time", () => {
  it("reads a placeholder or a $(VAR) in the namespace's place as the workload's own namespace", async () => {
    const neighbours = ["catalog", "db", "cache"].flatMap((name) => [
      workload(name, { namespace: "shop" }),
      service(name, { app: name }, { namespace: "shop" }),
    ]);
    const result = await extractManifest(docs(WEB, ...neighbours));
    const graph = result.systems[0]!;
    const calls = graph.edges.filter((edge) => edge.from === "web").map((edge) => edge.to);
    expect(calls.sort()).toEqual(["cache", "catalog", "db"]);
    const toCatalog = graph.edges.find((edge) => edge.to === "catalog")!.evidence[0]!;
    expect(toCatalog).toMatchObject({ rule: "kubernetes/env-host", file: "k8s/app.yaml" });
    expect(toCatalog.detail).toContain("catalog.<NAMESPACE>:8081");
    expect(result.warnings.filter((warning) => warning.id === "kubernetes/unresolved-host")).toEqual([]);
  });
});
