import { describe, expect, it } from "vitest";
import { analyzeChange, analyzeGraphs } from "../../src/engine.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { toJsonReport } from "../../src/report/json.js";
import { graphSet, system } from "./graphs.js";

const standIn = (target: string, component: string) => ({
  kind: "service" as const,
  resolvesTo: { system: target, component },
});

describe("request paths across systems", () => {
  const web = system(
    "kubernetes:web",
    { front: "service", "api.backend": standIn("kubernetes:backend", "api") },
    ["front>api.backend"],
    ["front"],
  );
  const backend = system(
    "kubernetes:backend",
    { api: "service", db: "datastore", audit: "service" },
    ["api>db"],
    [],
  );

  it("follows a call into another system and counts round trips, depth and availability end to end", () => {
    const report = analyzeGraphs(graphSet(web, backend), graphSet(web, backend));
    const front = report.systems.find((s) => s.system === "kubernetes:web")!.entryPoints[0]!.head!;
    expect(front.requestPath).toEqual(["front", "api (kubernetes:backend)", "db (kubernetes:backend)"]);
    expect(front.roundTrips).toBe(3);
    expect(front.depth).toBe(3);
    expect(front.availability).toBeCloseTo(0.999 ** 3, 12);
    expect(front.systems).toEqual(["kubernetes:backend"]);
  });

  it("reports a callee's new dependency on the caller's entry point, with blast radius", () => {
    const head = system(
      "kubernetes:backend",
      { api: "service", db: "datastore", cache: "cache" },
      ["api>db", "api>cache"],
      [],
    );
    const report = analyzeGraphs(graphSet(web, backend), graphSet(web, head));
    const webReport = report.systems.find((s) => s.system === "kubernetes:web")!;
    expect(webReport.entryPoints[0]!.base!.roundTrips).toBe(3);
    expect(webReport.entryPoints[0]!.head!.roundTrips).toBe(4);
    expect(webReport.blastRadius.map((change) => [change.component, change.head])).toEqual([
      ["cache (kubernetes:backend)", ["front"]],
    ]);
    expect(
      toJsonReport(report).systems.find((s) => s.id === "kubernetes:web")!.entryPoints[0]!.head!.systems,
    ).toEqual(["kubernetes:backend"]);
    expect(renderMarkdown(report)).toContain("through the Kubernetes manifests in `backend/`");
  });

  it("reads a component renamed in the callee's system as the same one on the caller's request paths", () => {
    const store = { kind: "datastore" as const, image: "postgres:16" };
    const before = system(
      "kubernetes:backend",
      { api: "service", "orders-db": store },
      ["api>orders-db"],
      [],
    );
    const after = system("kubernetes:backend", { api: "service", "order-db": store }, ["api>order-db"], []);
    const report = analyzeGraphs(graphSet(web, before), graphSet(web, after));
    const webReport = report.systems.find((s) => s.system === "kubernetes:web")!;
    expect(webReport.entryPoints[0]!.base!.requestPath).toEqual([
      "front",
      "api (kubernetes:backend)",
      "order-db (kubernetes:backend)",
    ]);
    expect(webReport.blastRadius).toEqual([]);
    expect(webReport.status).toBe("unchanged");
  });

  it("keeps a stand-in whose system is not in the tree as an ordinary component", () => {
    const report = analyzeGraphs(graphSet(web), graphSet(web));
    const front = report.systems[0]!.entryPoints[0]!.head!;
    expect(front.requestPath).toEqual(["front", "api.backend"]);
    expect(front.systems).toBeUndefined();
  });

  it("moves a Kubernetes workload into another namespace of its folder without re-partitioning it", async () => {
    const deployment = (name: string, namespace: string, env = "") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
        - name: ${name}
          image: example/${name}:1
${env}---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector: { app: ${name} }
  ports: [{ port: 80 }]
`;
    const front = (host: string) =>
      deployment(
        "front",
        "shop",
        `          env:\n            - { name: PAYMENTS_URL, value: "http://${host}" }\n`,
      ).replace(
        "spec:\n  selector: { app: front }\n  ports",
        "spec:\n  type: LoadBalancer\n  selector: { app: front }\n  ports",
      );
    const base = [
      { path: "k8s/front.yaml", text: front("payments") },
      { path: "k8s/payments.yaml", text: deployment("payments", "shop") },
    ];
    const head = [
      { path: "k8s/front.yaml", text: front("payments.payments") },
      { path: "k8s/payments.yaml", text: deployment("payments", "payments") },
    ];
    const report = await analyzeChange(base, head);
    expect(report.systems.map((s) => [s.system, s.status])).toEqual([["kubernetes:k8s", "unchanged"]]);
    expect(report.changed).toBe(false);
  });
});
