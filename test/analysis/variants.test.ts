import { describe, expect, it } from "vitest";
import { analyzeGraphs } from "../../src/analysis/analyze.js";
import { graphSet, system } from "./graphs.js";

const PROJECT = system("compose:.", { web: "service", db: "datastore" }, ["web>db"], ["web"]);
const WITH_ADDON = system(
  "compose:.#geoip/compose.geoip.yaml",
  { web: "service", db: "datastore", geoip: "service" },
  ["web>db", "web>geoip"],
  ["web"],
);

const names = (items: { name: string }[]) => items.map((item) => item.name);

describe("a compose variant on one side only", () => {
  it("reads as what its add-on file brings when the file is deleted", () => {
    const report = analyzeGraphs(graphSet(PROJECT, WITH_ADDON), graphSet(PROJECT));
    const variant = report.systems.find((found) => found.system === WITH_ADDON.id)!;
    expect(variant.status).toBe("changed");
    expect(names(variant.delta.removedComponents)).toEqual(["geoip"]);
    expect(variant.delta.addedComponents).toEqual([]);
  });

  it("reads as what its add-on file brings when the file is added", () => {
    const report = analyzeGraphs(graphSet(PROJECT), graphSet(PROJECT, WITH_ADDON));
    const variant = report.systems.find((found) => found.system === WITH_ADDON.id)!;
    expect(names(variant.delta.addedComponents)).toEqual(["geoip"]);
    expect(variant.delta.removedComponents).toEqual([]);
  });

  it("is added whole when its base project is new too", () => {
    const report = analyzeGraphs(graphSet(), graphSet(PROJECT, WITH_ADDON));
    const variant = report.systems.find((found) => found.system === WITH_ADDON.id)!;
    expect(variant.status).toBe("added");
    expect(names(variant.delta.addedComponents)).toEqual(["web", "db", "geoip"]);
  });
});

describe("a system gone at head whose files a new system reads", () => {
  const at = (file: string) => ({ kind: "service" as const, location: { file, line: 1 } });
  const ROOT = system(
    "kubernetes:k8s/base",
    { web: at("k8s/base/web.yaml"), api: at("k8s/base/api.yaml") },
    ["web>api"],
    ["web"],
  );
  const OVERLAY = system(
    "kubernetes:k8s/tracing",
    { web: at("k8s/base/web.yaml"), api: at("k8s/base/api.yaml"), collector: at("k8s/base/web.yaml") },
    ["web>api", "web>collector", "api>collector"],
    ["web"],
  );

  it("is compared with the new system (an overlay over a former root), not reported removed", () => {
    const report = analyzeGraphs(graphSet(ROOT), graphSet(OVERLAY));
    expect(report.systems.map((found) => `${found.system} ${found.status}`)).toEqual([
      "kubernetes:k8s/tracing changed",
    ]);
    expect(names(report.systems[0]!.delta.addedComponents)).toEqual(["collector"]);
    expect(report.systems[0]!.delta.removedComponents).toEqual([]);
  });

  it("stays removed when the new system reads other files", () => {
    const moved = system("kubernetes:deploy", { web: at("deploy/web.yaml") }, [], ["web"]);
    const report = analyzeGraphs(graphSet(ROOT), graphSet(moved));
    expect(report.systems.map((found) => `${found.system} ${found.status}`)).toEqual([
      "kubernetes:deploy added",
      "kubernetes:k8s/base removed",
    ]);
  });

  it("is compared with a new system elsewhere that holds most of its components: the manifests moved", () => {
    const moved = system(
      "kubernetes:deploy/overlays/prod",
      {
        web: at("deploy/base/web.yaml"),
        api: at("deploy/base/api.yaml"),
        cache: at("deploy/base/cache.yaml"),
      },
      ["web>api", "api>cache"],
      ["web"],
    );
    const report = analyzeGraphs(graphSet(ROOT), graphSet(moved));
    expect(report.systems.map((found) => `${found.system} ${found.status}`)).toEqual([
      "kubernetes:deploy/overlays/prod changed",
    ]);
    expect(names(report.systems[0]!.delta.addedComponents)).toEqual(["cache"]);
    expect(report.systems[0]!.delta.removedComponents).toEqual([]);
  });
});
