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
