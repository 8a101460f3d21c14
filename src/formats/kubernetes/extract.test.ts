import { describe, expect, it } from "vitest";
import type { Component, SystemGraph } from "../../graph/model.js";
import { readFixture } from "./__fixtures__/read-fixture.js";
import { kubernetesFormat } from "./index.js";

const FAR = Date.now() + 60_000;
const extraction = await kubernetesFormat.extract(readFixture("cluster"), { deadline: FAR });
const apps = extraction.systems.find((system) => system.id === "kubernetes:apps")!;

function component(system: SystemGraph, name: string): Component {
  const found = system.components.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no component ${name} in ${system.components.map((c) => c.name).join(", ")}`);
  return found;
}

function edges(system: SystemGraph): string[] {
  return system.edges.map((edge) => `${edge.from} -> ${edge.to} (${edge.kind})`);
}

function edge(system: SystemGraph, from: string, to: string) {
  return system.edges.find((candidate) => candidate.from === from && candidate.to === to);
}

describe("systems", () => {
  it("makes one system per top-level folder and namespace", () => {
    expect(extraction.systems.map((system) => system.id)).toEqual(["kubernetes:apps", "kubernetes:other"]);
    expect(apps.format).toBe("kubernetes");
  });
});

describe("workloads", () => {
  it("reads every workload kind, named after the Service that selects it", () => {
    const names = apps.components.map((found) => found.name).sort();
    expect(names).toEqual(
      [
        "api",
        "api.stripe.com",
        "billing.billing",
        "checkout",
        "events",
        "ghost",
        "legacy-billing",
        "log-agent",
        "nightly-report",
        "payments",
        "postgres",
        "public",
        "ratings",
        "redis",
        "resizer",
        "reviews",
        "search",
        "shop-gateway",
        "thumbnailer",
        "web",
        "worker",
      ].sort(),
    );
    expect(component(apps, "nightly-report").attributes).toMatchObject({
      workload: "CronJob",
      schedule: "0 3 * * *",
    });
    expect(component(apps, "log-agent").attributes).toMatchObject({
      workload: "DaemonSet",
      replicas: "one per node",
    });
    expect(component(apps, "checkout").attributes).toMatchObject({ workload: "Rollout" });
    expect(component(apps, "thumbnailer").attributes).toMatchObject({ workload: "Knative Service" });
  });

  it("takes the kind from the image", () => {
    expect(component(apps, "postgres").kind).toBe("datastore");
    expect(component(apps, "redis").kind).toBe("cache");
    expect(component(apps, "events").kind).toBe("queue");
    expect(component(apps, "api").kind).toBe("service");
  });

  it("reads replicas, autoscaler bounds, requests, limits, GPUs and claim sizes", () => {
    expect(component(apps, "web").replicas).toEqual({ min: 3, max: 3 });
    expect(component(apps, "api").replicas).toEqual({ min: 2, max: 8 });
    expect(component(apps, "web").resources).toEqual({ cpuCores: 0.25, memoryBytes: 256 * 2 ** 20 });
    expect(component(apps, "web").attributes).toMatchObject({
      cpuLimitCores: 1,
      memoryLimitBytes: 512 * 2 ** 20,
    });
    // No requests: the limits are what the scheduler reserves.
    expect(component(apps, "postgres").resources).toEqual({
      cpuCores: 2,
      memoryBytes: 4 * 2 ** 30,
      storageBytes: 10 * 2 ** 30,
    });
    expect(component(apps, "resizer").resources).toEqual({ gpus: 1 });
  });

  it("keeps file and line for every component", () => {
    expect(component(apps, "api").location).toEqual({ file: "apps/api.yaml", line: 1 });
    expect(component(apps, "reviews").location).toEqual({ file: "apps/reviews.yaml", line: 2 });
    expect(component(apps, "log-agent").location.file).toBe("apps/batch.json");
    expect(component(apps, "log-agent").location.line).toBe(32);
  });
});

describe("Services", () => {
  it("makes the two versions behind one Service one component, keeping the versions", () => {
    const reviews = component(apps, "reviews");
    expect(reviews.aliases).toEqual(["reviews-v1", "reviews-v2"]);
    expect(reviews.replicas).toEqual({ min: 3, max: 3 });
    expect(reviews.attributes).toMatchObject({
      workloads: "reviews-v1, reviews-v2",
      versions: "v1, v2",
      images: "example/reviews:1.0, example/reviews:2.0",
    });
  });

  it("lists a second Service on the same pods as an alias", () => {
    expect(component(apps, "web").aliases).toEqual(["web-public"]);
  });

  it("treats ExternalName, manual Endpoints and Services selecting nothing as external", () => {
    expect(component(apps, "search")).toMatchObject({
      kind: "external",
      attributes: { externalName: "search.example.net" },
    });
    expect(component(apps, "payments")).toMatchObject({
      kind: "external",
      attributes: { endpoints: "manual" },
    });
    expect(component(apps, "ghost")).toMatchObject({
      kind: "external",
      attributes: { selector: "app=ghost" },
    });
  });

  it("marks headless Services", () => {
    expect(component(apps, "postgres").attributes).toMatchObject({ headless: true });
  });
});

describe("edges", () => {
  it("finds every call named in env, ConfigMaps, args and mounted files, and nothing else", () => {
    expect(edges(apps).sort()).toEqual(
      [
        "api -> api.stripe.com (sync)",
        "api -> billing.billing (sync)",
        "api -> legacy-billing (sync)",
        "api -> payments (sync)",
        "api -> postgres (sync)",
        "api -> redis (sync)",
        "api -> reviews (sync)",
        "api -> search (sync)",
        "checkout -> api (sync)",
        "nightly-report -> api (sync)",
        "public -> reviews (sync)",
        "reviews -> ratings (sync)",
        "shop-gateway -> ratings (sync)",
        "thumbnailer -> resizer (sync)",
        "web -> api (sync)",
        "worker -> events (async)",
        "worker -> reviews (sync)",
      ].sort(),
    );
  });

  it("resolves every DNS form of a Service name", () => {
    // svc:port in a URL, svc.ns.svc.cluster.local in a DSN, bare svc under a host key, svc.ns.svc, svc.ns, pod.svc
    expect(edge(apps, "web", "api")!.evidence[0]).toMatchObject({
      rule: "kubernetes/env-host",
      file: "apps/web.yaml",
      line: 21,
      detail: "API_URL=http://api:8080",
    });
    expect(edge(apps, "api", "postgres")!.evidence[0]!.line).toBe(23);
    expect(edge(apps, "api", "reviews")!.evidence[0]!.detail).toBe("REVIEWS_HOST=reviews");
    expect(edge(apps, "checkout", "api")!.evidence[0]!.detail).toBe("API_URL=http://api.shop.svc:8080");
    expect(edge(apps, "worker", "reviews")!.evidence[0]).toMatchObject({
      rule: "kubernetes/configmap-file",
      line: 67,
    });
    expect(edge(apps, "worker", "events")!.evidence[0]).toMatchObject({
      rule: "kubernetes/args-host",
      line: 50,
    });
  });

  it("reads envFrom and configMapKeyRef ConfigMaps, with the ConfigMap's line", () => {
    const payments = edge(apps, "api", "payments")!;
    expect(payments.evidence.map((evidence) => evidence.rule)).toEqual([
      "kubernetes/configmap-env",
      "kubernetes/configmap-env",
    ]);
    expect(payments.evidence[0]).toMatchObject({ file: "apps/api.yaml", line: 83 });
    expect(edge(apps, "api", "search")!.evidence[0]!.detail).toBe(
      "SEARCH_URL=http://search.shop.svc:9200 (ConfigMap api-config)",
    );
  });

  it("redacts credentials in evidence and never reads Secret values", () => {
    expect(edge(apps, "api", "postgres")!.evidence[0]!.detail).toBe(
      "DATABASE_URL=postgres://shop:***@postgres.shop.svc.cluster.local:5432/shop",
    );
    const text = JSON.stringify(extraction);
    expect(text).not.toContain("pa55w0rd");
    expect(text).not.toContain("do-not-print-this");
    // The Secret's DATABASE_URL names vault-db; it must not become an edge or a warning.
    expect(text).not.toContain("vault-db");
  });

  it("points a URL to another folder's namespace at a stand-in for that system's Service", () => {
    expect(component(apps, "billing.billing")).toMatchObject({
      kind: "service",
      aliases: ["billing"],
      attributes: { system: "kubernetes:other", namespace: "billing" },
    });
  });

  it("makes plainly public hosts external components", () => {
    expect(component(apps, "api.stripe.com").kind).toBe("external");
  });

  it("takes a NetworkPolicy allow rule between pod selectors as an edge, and notes a default deny", () => {
    expect(edge(apps, "reviews", "ratings")!.evidence).toEqual([
      {
        file: "apps/policy.yaml",
        line: 22,
        rule: "kubernetes/network-policy",
        detail: "NetworkPolicy ratings-from-reviews allows ingress reviews -> ratings",
      },
    ]);
    expect(extraction.notes).toContain(
      "Namespace shop denies all ingress by default (NetworkPolicy default-deny): its NetworkPolicies are an explicit allow-list",
    );
  });

  it("keeps a call to a Service-looking name that matches no Service, to an unresolved component", () => {
    expect(extraction.warnings).toContainEqual({
      id: "kubernetes/unresolved-host",
      file: "apps/api.yaml",
      line: 82,
      message:
        "api refers to legacy-billing, which matches no Service in these files; the call goes to legacy-billing, unresolved",
    });
    expect(component(apps, "legacy-billing")).toMatchObject({
      kind: "external",
      attributes: { unresolved: true },
    });
    expect(apps.entryPoints.some((entry) => entry.component === "legacy-billing")).toBe(false);
    // 0.0.0.0:3000 and a plain value such as LOG_LEVEL=info are neither edges nor warnings.
    expect(extraction.warnings.filter((warning) => warning.id === "kubernetes/unresolved-host")).toHaveLength(
      1,
    );
  });
});

describe("entry points", () => {
  const entry = (name: string) => apps.entryPoints.find((candidate) => candidate.component === name);

  it("reads an Ingress with several hosts, its default backend and a LoadBalancer Service", () => {
    expect(apps.entryPoints.map((found) => found.component)).toEqual([
      "api",
      "public",
      "ratings",
      "reviews",
      "shop-gateway",
      "thumbnailer",
      "web",
    ]);
    expect(entry("web")!.via).toBe(
      "Ingress shop default backend; Ingress shop.example.com/; LoadBalancer Service web-public port 443",
    );
    expect(entry("api")!.via).toBe("Ingress admin.example.com/api");
    expect(entry("api")!.evidence[0]).toMatchObject({
      rule: "kubernetes/ingress-backend",
      file: "apps/web.yaml",
    });
  });

  it("reads Gateway API routes, gateway-bound VirtualServices and public Knative Services", () => {
    expect(entry("reviews")!.via).toBe("HTTPRoute reviews-public (reviews.example.com)");
    expect(entry("ratings")!.via).toBe("VirtualService ratings-edge (gateway shop-gateway)");
    expect(entry("thumbnailer")!.via).toBe("Knative Service thumbnailer");
    expect(entry("resizer")).toBeUndefined(); // cluster-local
  });

  it("warns about a backend that is not defined", () => {
    expect(extraction.warnings).toContainEqual(
      expect.objectContaining({ id: "kubernetes/unknown-backend", file: "apps/web.yaml", line: 90 }),
    );
  });
});
