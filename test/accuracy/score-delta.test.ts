import { describe, expect, it } from "vitest";
import type { DeltaExpectation } from "../../src/accuracy/expected.js";
import { scoreDelta } from "../../src/accuracy/score-delta.js";
import { changeReport, component, edge, system } from "./helpers.js";

function expectation(overrides: Partial<DeltaExpectation>): DeltaExpectation {
  return {
    id: "abc",
    viewInputs: ["compose.yml"],
    addedComponents: [],
    removedComponents: [],
    addedEdges: [],
    removedEdges: [],
    optionalComponents: [],
    optionalEdges: [],
    aliases: {},
    negativeControl: false,
    ...overrides,
  };
}

describe("scoreDelta", () => {
  it("names reported things through the case's labels when the delta has no alias for them", () => {
    const base = system("compose:.", [component("frontend", "service")]);
    const head = system(
      "compose:.",
      [component("frontend", "service"), component("postgres", "datastore")],
      [edge("frontend", "postgres")],
    );
    const labelled = expectation({ addedComponents: ["db"], addedEdges: [["web", "db"]] });
    const caseLabels = [
      { canonical: "web", names: ["web", "frontend"] },
      { canonical: "db", names: ["db", "postgres"] },
    ];
    expect(scoreDelta(labelled, changeReport(base, head), caseLabels).exact).toBe(true);
    const withoutLabels = scoreDelta(labelled, changeReport(base, head));
    expect(withoutLabels.exact).toBe(false);
    expect(withoutLabels.addedComponents.missing).toEqual([{ name: "db", context: "found on neither side" }]);
    expect(withoutLabels.addedComponents.unexpected.map((u) => u.name)).toEqual(["postgres"]);
  });

  it("counts every component and edge of a system that appears at head as added", () => {
    const head = system(
      "compose:new",
      [component("seed", "service"), component("web", "service")],
      [edge("seed", "web")],
    );
    const report = changeReport(undefined, head);
    // A report that leaves the delta of an added system empty is read from its head graph.
    report.systems[0]!.delta.addedComponents = [];
    report.systems[0]!.delta.addedEdges = [];
    const score = scoreDelta(
      expectation({ addedComponents: ["seed", "web"], addedEdges: [["seed", "web"]] }),
      report,
    );
    expect(score.addedComponents.matched).toEqual(["seed", "web"]);
    expect(score.addedEdges.matched).toEqual(["seed -> web"]);
    expect(score.exact).toBe(true);
  });

  it("fails a negative control on a reported removal, and passes it when the removal is an optional edge", () => {
    const base = system(
      "compose:.",
      [component("web", "service"), component("api", "service")],
      [edge("web", "api")],
    );
    const head = system("compose:.", [component("web", "service"), component("api", "service")]);
    const control = expectation({ negativeControl: true });
    const failed = scoreDelta(control, changeReport(base, head));
    expect(failed.exact).toBe(false);
    expect(failed.removedEdges.unexpected.map((u) => u.name)).toEqual(["web -> api"]);
    const lenient = scoreDelta({ ...control, optionalEdges: [["WEB", "Api"]] }, changeReport(base, head));
    expect(lenient.exact).toBe(true);
  });
});
