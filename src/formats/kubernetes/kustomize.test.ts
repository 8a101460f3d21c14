import { describe, expect, it } from "vitest";
import type { SystemGraph } from "../../graph/model.js";
import { readFixture } from "./__fixtures__/read-fixture.js";
import { kubernetesFormat } from "./index.js";
import { joinPath } from "./kustomize.js";

const extraction = await kubernetesFormat.extract(readFixture("kustomize"), {
  deadline: Date.now() + 60_000,
});
const system = (id: string): SystemGraph => extraction.systems.find((found) => found.id === id)!;
const prod = system("kubernetes:deploy/overlays/prod");
const dev = system("kubernetes:deploy/overlays/dev");
const named = (graph: SystemGraph, name: string) => graph.components.find((found) => found.name === name)!;

describe("Kustomize", () => {
  it("makes one system per root, and files outside any kustomization their own folder system", () => {
    // base is included by both overlays and components/tracing is a Component: neither is a root.
    expect(extraction.systems.map((found) => found.id)).toEqual([
      "kubernetes:deploy/overlays/dev",
      "kubernetes:deploy/overlays/prod",
      "kubernetes:loose",
    ]);
  });

  it("does not apply a file its kustomization does not list", () => {
    expect(extraction.systems.flatMap((graph) => graph.components.map((found) => found.name))).not.toContain(
      "stray",
    );
  });

  it("applies replicas, images, namespace and namePrefix from the overlay", () => {
    expect(prod.components.map((found) => found.name)).toEqual([
      "prod-api",
      "prod-db",
      "prod-cache",
      "prod-collector",
      "search.search",
    ]);
    expect(named(prod, "prod-api")).toMatchObject({
      aliases: ["api"],
      image: "example/api:1.1",
      replicas: { min: 4, max: 4 },
      attributes: { namespace: "shop-prod" },
    });
    expect(named(prod, "prod-db").image).toBe("registry.example.com/postgres:16");
    expect(named(prod, "prod-db").kind).toBe("datastore");
  });

  it("applies JSON 6902 and strategic-merge patches (replicas and env)", () => {
    expect(named(prod, "prod-db").replicas).toEqual({ min: 3, max: 3 });
    expect(named(dev, "api").replicas).toEqual({ min: 2, max: 2 });
    expect(named(dev, "api").image).toBe("example/api:1.0");
    // The patched-in SEARCH_URL names a namespace nobody defines: reported, not guessed.
    expect(extraction.warnings).toContainEqual(
      expect.objectContaining({
        id: "kubernetes/unresolved-host",
        message: expect.stringContaining("search.search.svc.cluster.local"),
      }),
    );
  });

  it("follows components and generated ConfigMaps, and resolves names written before the prefix", () => {
    expect(prod.edges.map((edge) => `${edge.from} -> ${edge.to}`)).toEqual([
      "prod-api -> prod-cache",
      "prod-api -> prod-collector",
      "prod-api -> prod-db",
      "prod-api -> search.search",
    ]);
    expect(prod.edges[0]!.evidence[0]).toMatchObject({
      rule: "kubernetes/configmap-env",
      file: "deploy/base/kustomization.yaml",
      detail: "CACHE_ADDR=cache:6379 (ConfigMap api-env)",
    });
    // The dev overlay leaves the cache component out, but the api still names it: a call to an unresolved cache.
    expect(dev.edges.map((edge) => `${edge.from} -> ${edge.to}`)).toEqual(["api -> cache", "api -> db"]);
  });

  it("warns about remote resources it does not fetch", () => {
    expect(extraction.warnings).toContainEqual(
      expect.objectContaining({
        id: "kubernetes/kustomize-remote-resource",
        file: "deploy/overlays/prod/kustomization.yaml",
        line: 8,
      }),
    );
  });

  it("reports a kustomization cycle once instead of looping", async () => {
    const cycle = await kubernetesFormat.extract(
      [
        { path: "a/kustomization.yaml", text: "resources:\n  - ../b\n  - pod.yaml\n" },
        { path: "b/kustomization.yaml", text: "resources:\n  - ../a\n" },
        {
          path: "a/pod.yaml",
          text: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: p\n      image: busybox\n",
        },
      ],
      { deadline: Date.now() + 60_000 },
    );
    expect(cycle.systems.map((graph) => [graph.id, graph.components.map((found) => found.name)])).toEqual([
      ["kubernetes:a", ["p"]],
    ]);
    expect(cycle.warnings).toEqual([
      {
        id: "kubernetes/kustomize-cycle",
        file: "b/kustomization.yaml",
        line: 2,
        message: "a includes itself (through a -> b); not followed again",
      },
    ]);
  });

  it("joins paths within the repository only", () => {
    expect(joinPath("deploy/overlays/prod", "../../base")).toBe("deploy/base");
    expect(joinPath("deploy", "../..")).toBeUndefined();
    expect(joinPath("a", "./b/")).toBe("a/b");
  });
});
