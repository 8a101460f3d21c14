import { describe, expect, it } from "vitest";
import { analyzeSystem } from "../../src/analysis/analyze.js";
import { hasAnyChange, isArchitecturalChange } from "../../src/analysis/architectural-change.js";
import { system } from "./graphs.js";

const A = 0.999;
const base = system("compose:.", { web: "service", db: "datastore" }, ["web>db"], ["web"]);

describe("isArchitecturalChange and hasAnyChange", () => {
  it("are both false for a system that did not change", () => {
    const report = analyzeSystem(
      base,
      system("compose:.", { web: "service", db: "datastore" }, ["web>db"], ["web"]),
      A,
    );
    expect(report.status).toBe("unchanged");
    expect(isArchitecturalChange(report)).toBe(false);
    expect(hasAnyChange(report)).toBe(false);
  });

  it("tell a size change (any change only) from an architectural one", () => {
    const resized = system(
      "compose:.",
      { web: { kind: "service", replicas: { min: 3, max: 3 } }, db: "datastore" },
      ["web>db"],
      ["web"],
    );
    const report = analyzeSystem(base, resized, A);
    expect(report.delta.changedComponents.map((change) => change.head.name)).toEqual(["web"]);
    expect(isArchitecturalChange(report)).toBe(false);
    expect(hasAnyChange(report)).toBe(true);
  });

  it("are both true when a component changes kind or a call is added", () => {
    const recast = analyzeSystem(
      base,
      system("compose:.", { web: "service", db: "cache" }, ["web>db"], ["web"]),
      A,
    );
    expect(isArchitecturalChange(recast)).toBe(true);
    expect(hasAnyChange(recast)).toBe(true);
    const called = analyzeSystem(
      base,
      system(
        "compose:.",
        { web: "service", db: "datastore", api: "service" },
        ["web>db", "web>api"],
        ["web"],
      ),
      A,
    );
    expect(isArchitecturalChange(called)).toBe(true);
    expect(hasAnyChange(called)).toBe(true);
  });
});
