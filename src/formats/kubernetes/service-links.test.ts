import { describe, expect, it } from "vitest";
import { docs, extractManifest, service, workload } from "./__fixtures__/manifests.js";

const PROXY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: proxy
spec:
  selector:
    matchLabels: { app: proxy }
  template:
    metadata:
      labels: { app: proxy }
    spec:
      containers:
        - name: chp
          image: example/proxy:1.0
          command:
            - configurable-http-proxy
            - --default-target=http://$(HUB_SERVICE_HOST):$(HUB_SERVICE_PORT)
            - --error-target=http://$(USER_SCHEDULER_SERVICE_HOST):$(USER_SCHEDULER_SERVICE_PORT_HTTP)/errors
          env:
            - name: METRICS_ADDR
              value: $(STATS_API_SERVICE_HOST)
            - name: ESCAPED
              value: http://$$(LEGACY_SERVICE_HOST)
`;

describe("service-link variables", () => {
  it("reads $(X_SERVICE_HOST) as Service x, dashes written as underscores", async () => {
    const neighbours = ["hub", "user-scheduler", "stats-api", "legacy"].flatMap((name) => [
      workload(name),
      service(name, { app: name }, { nodePort: false }),
    ]);
    const result = await extractManifest(docs(PROXY, ...neighbours));
    const graph = result.systems[0]!;
    const calls = graph.edges.filter((edge) => edge.from === "proxy").map((edge) => edge.to);
    expect([...new Set(calls)].sort()).toEqual(["hub", "stats-api", "user-scheduler"]);
    const toHub = graph.edges.find((edge) => edge.to === "hub")!.evidence[0]!;
    expect(toHub).toMatchObject({ rule: "kubernetes/args-host", file: "k8s/app.yaml" });
    expect(toHub.detail).toContain("$(HUB_SERVICE_HOST)");
    expect(result.warnings.filter((warning) => warning.id === "kubernetes/unresolved-host")).toEqual([]);
  });
});
