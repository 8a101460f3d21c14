import { describe, expect, it } from "vitest";
import type { ViewExpectation } from "../../src/accuracy/expected.js";
import { metricsOf } from "../../src/accuracy/metrics.js";
import { scoreView } from "../../src/accuracy/score-view.js";
import { component, edge, graphSet, system } from "./helpers.js";

const view: ViewExpectation = {
  name: "shop",
  inputs: ["compose.yml"],
  components: [
    { name: "web", kind: "service", aliases: ["frontend"], optional: false },
    { name: "api", kind: "service", aliases: [], optional: false },
    { name: "db", kind: "datastore", aliases: ["postgres"], optional: false },
    { name: "cache", kind: "cache", aliases: [], optional: false },
    { name: "ops", kind: "service", aliases: [], optional: true },
  ],
  edges: [
    { from: "web", to: "api", visible: true, optional: false },
    { from: "api", to: "db", visible: true, optional: false },
    { from: "api", to: "cache", visible: false, optional: false },
    { from: "web", to: "ops", visible: true, optional: true },
  ],
  entryPoints: [
    { component: "web", optional: false },
    { component: "ops", optional: true },
  ],
  nonEdges: [
    { from: "web", to: "db", directed: false },
    { from: "api", to: "web", directed: true },
  ],
};

// Two systems: their union is scored, and the same labelled edge or entry point reported twice counts once.
const graphs = graphSet(
  system(
    "compose:a",
    [
      component("frontend", "service"),
      component("api", "service"),
      component("postgres-main", "cache", ["postgres"]),
      component("ops", "service"),
      component("metrics", "service"),
    ],
    [
      edge("frontend", "api"),
      edge("api", "postgres-main"),
      edge("postgres-main", "frontend", "test/reverse-non-edge"),
      edge("api", "frontend", "test/directed-non-edge"),
      edge("frontend", "ops"),
      edge("ops", "frontend", "test/reversed"),
      edge("api", "metrics", "test/unlabelled"),
    ],
    ["frontend", "ops", "api"],
  ),
  system(
    "compose:b",
    [component("web", "service"), component("api", "service")],
    [edge("web", "api")],
    ["web"],
  ),
);

describe("scoreView", () => {
  const score = scoreView(view, graphs);

  it("counts required components found under their name or an alias, optional ones aside", () => {
    expect(score.counts.components).toEqual({ required: 4, found: 3 });
    expect(score.findings.missedComponents).toEqual([{ name: "cache", kind: "cache" }]);
    expect(score.findings.unlabelledComponents.map((c) => c.name)).toEqual(["metrics"]);
  });

  it("judges the kind of each found required component, against every component reported under its label", () => {
    expect(score.counts.kinds).toEqual({ judged: 3, correct: 2 });
    expect(score.findings.kindMismatches).toHaveLength(1);
    expect(score.findings.kindMismatches[0]!.name).toBe("db");
    expect(score.findings.kindMismatches[0]!.found.map((c) => c.kind)).toEqual(["cache"]);
  });

  it("scores edges: optional ones neither way, non-edges both ways and directed, unlabelled ends as false positives", () => {
    expect(score.counts.edges).toEqual({
      foundRequired: 2,
      falsePositives: 4,
      optionalFound: 1,
      required: 3,
      requiredVisible: 2,
      foundRequiredVisible: 2,
    });
    const mistakes = score.findings.falsePositiveEdges
      .map((fp) => `${fp.from}->${fp.to}:${fp.mistake}`)
      .sort();
    expect(mistakes).toEqual([
      "api->metrics:unlabelled-end",
      "api->web:non-edge",
      "db->web:non-edge",
      "ops->web:reversed",
    ]);
    expect(score.findings.optionalEdgesFound).toEqual([{ from: "web", to: "ops" }]);
    const metrics = metricsOf(score.counts);
    expect(metrics.edgePrecision).toBeCloseTo(2 / 6);
    expect(metrics.edgeRecallVisible).toBe(1);
    expect(metrics.edgeRecallAll).toBeCloseTo(2 / 3);
  });

  it("keeps the evidence of each false positive and reports what the tool had for a miss", () => {
    const reversed = score.findings.falsePositiveEdges.find((fp) => fp.mistake === "reversed")!;
    expect(reversed.found[0]!.evidence[0]).toMatchObject({ file: "app.yml", line: 7, rule: "test/reversed" });
    expect(score.findings.missedEdges).toHaveLength(1);
    const missed = score.findings.missedEdges[0]!;
    expect(missed).toMatchObject({ from: "api", to: "cache", visible: false, toFound: [] });
    expect(missed.fromFound.map((c) => c.system)).toEqual(["compose:a", "compose:b"]);
  });

  it("scores entry points: optional ones neither way, a labelled component that is no entry point as a false positive", () => {
    expect(score.counts.entryPoints).toEqual({
      required: 1,
      foundRequired: 1,
      falsePositives: 1,
      optionalFound: 1,
    });
    expect(score.findings.falsePositiveEntryPoints.map((e) => [e.component, e.labelled])).toEqual([
      ["api", true],
    ]);
    const metrics = metricsOf(score.counts);
    expect(metrics.entryPrecision).toBe(0.5);
    expect(metrics.entryRecall).toBe(1);
    expect(metrics.entryF1).toBeCloseTo(2 / 3);
  });

  it("counts a self edge produced by two names of one labelled component as a false positive", () => {
    const selfScore = scoreView(
      view,
      graphSet(system("k8s:.", [component("web", "service", ["frontend"])], [edge("frontend", "web")])),
    );
    expect(selfScore.findings.falsePositiveEdges.map((fp) => fp.mistake)).toEqual(["self"]);
  });

  it("gives n/a rather than a perfect score when there is nothing to measure", () => {
    const empty = scoreView({ ...view, edges: [], entryPoints: [] }, graphSet());
    const metrics = metricsOf(empty.counts);
    expect(metrics.edgePrecision).toBeNull();
    expect(metrics.edgeRecallVisible).toBeNull();
    expect(metrics.componentRecall).toBe(0);
  });
});
