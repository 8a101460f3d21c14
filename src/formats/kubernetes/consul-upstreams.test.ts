import { describe, expect, it } from "vitest";
import { docs, extractManifest, service, workload } from "./__fixtures__/manifests.js";

/** A Deployment whose pod template carries Consul's upstreams annotation. */
function withUpstreams(name: string, upstreams: string, env: Record<string, string> = {}): string {
  return workload(name, { env }).replace(
    "    metadata:\n      labels:\n",
    `    metadata:\n      annotations:\n        consul.hashicorp.com/connect-inject: "true"\n        consul.hashicorp.com/connect-service-upstreams: "${upstreams}"\n      labels:\n`,
  );
}

describe("Consul service mesh upstreams", () => {
  it("calls each upstream the pod annotation lists, though the application talks to localhost", async () => {
    const result = await extractManifest(
      docs(
        withUpstreams("public-api", "products-api:9090, payments.billing:1800:dc1, prepared_query:geo:8000", {
          PRODUCT_API_URI: "http://localhost:9090",
        }),
        withUpstreams("products-api", "postgres.svc.default.ns:5432"),
        workload("payments", { namespace: "billing" }),
        service("payments", { app: "payments" }, { namespace: "billing" }),
        ...["products-api", "postgres"].flatMap((name) => [workload(name), service(name, { app: name })]),
      ),
    );
    const graph = result.systems[0]!;
    const calls = graph.edges.map((edge) => `${edge.from} -> ${edge.to}`).sort();
    expect(calls).toEqual([
      "products-api -> postgres",
      "public-api -> payments",
      "public-api -> products-api",
    ]);
    const evidence = graph.edges.find((edge) => edge.to === "products-api")!.evidence[0]!;
    expect(evidence).toMatchObject({ rule: "kubernetes/consul-upstream", file: "k8s/app.yaml" });
    expect(evidence.detail).toContain("products-api:9090");
  });

  it("keeps an upstream no Service here provides as an unresolved call", async () => {
    const result = await extractManifest(
      docs(withUpstreams("web", "billing:8080"), service("web", { app: "web" })),
    );
    const graph = result.systems[0]!;
    expect(graph.edges.map((edge) => `${edge.from} -> ${edge.to}`)).toEqual(["web -> billing"]);
    expect(result.warnings.map((warning) => warning.id)).toContain("kubernetes/unresolved-host");
  });
});
