import { describe, expect, it } from "vitest";
import { analyzeGraphs } from "../../src/analysis/analyze.js";
import { blastRadiusTrend } from "../../src/analysis/blast-radius.js";
import { MAX_LISTED_NAMES } from "../../src/analysis/entry-metrics.js";
import { treeHeadline } from "../../src/analysis/headline.js";
import type { GraphSet } from "../../src/graph/model.js";
import { WORKED_BASE, WORKED_HEAD, graphSet, system } from "./graphs.js";

const EMPTY: GraphSet = { systems: [], warnings: [], notes: [] };

describe("analyzeGraphs", () => {
  it("reports nothing for two empty trees", () => {
    const report = analyzeGraphs(EMPTY, EMPTY);
    expect(report.systems).toEqual([]);
    expect(report.changed).toBe(false);
    expect(report.headline).toBe("No architectural change");
    expect(report.options).toEqual({ componentAvailability: 0.999, timeBudgetMs: 8000 });
    expect(report.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it("marks every system unchanged when a tree is compared with itself, keeping its numbers", () => {
    const report = analyzeGraphs(graphSet(WORKED_HEAD), graphSet(WORKED_HEAD));
    const [only] = report.systems;
    expect(only!.status).toBe("unchanged");
    expect(report.changed).toBe(false);
    expect(report.headline).toBe("No architectural change");
    expect(only!.blastRadius).toEqual([]);
    expect(only!.entryPoints[0]!.head!.roundTrips).toBe(6);
    expect(only!.background).toEqual(["indexer"]);
  });

  it("matches systems by id: added, removed, changed and unchanged side by side", () => {
    const kept = system("compose:ops", { grafana: "service" }, [], ["grafana"]);
    const gone = system("compose:legacy", { old: "service", olddb: "datastore" }, ["old>olddb"], ["old"]);
    const fresh = system("kubernetes:k8s", { shop: "service" }, [], ["shop"]);
    const report = analyzeGraphs(graphSet(WORKED_BASE, kept, gone), graphSet(WORKED_HEAD, fresh, kept));
    expect(report.systems.map((entry) => [entry.system, entry.status])).toEqual([
      ["compose:.", "changed"],
      ["kubernetes:k8s", "added"],
      ["compose:ops", "unchanged"],
      ["compose:legacy", "removed"],
    ]);
    const legacy = report.systems[3]!;
    expect(legacy.entryPoints).toEqual([
      { entry: "old", base: expect.objectContaining({ roundTrips: 2, depth: 2 }) as unknown },
    ]);
    expect(legacy.delta.removedComponents.map((component) => component.name)).toEqual(["old", "olddb"]);
    expect(legacy.blastRadius).toEqual([
      { component: "old", base: ["old"], head: [], trend: "disappeared" },
      { component: "olddb", base: ["old"], head: [], trend: "disappeared" },
    ]);
    expect(legacy.head).toBeUndefined();
    expect(report.headline).toBe(
      "+5 components, -2 components, +1 entry point, -1 entry point, +3 round trips on `web`, availability 99.70% -> 99.40%",
    );
  });

  it("ranks the headline's round trips across systems by the largest move", () => {
    const smallBase = system("compose:a", { x: "service", y: "service" }, ["x>y"], ["x"]);
    const smallHead = system("compose:a", { x: "service", y: "service" }, ["x>y", "y>x"], ["x"]);
    const bigBase = system(
      "compose:b",
      { p: "service", q: "service", r: "service", s: "service" },
      ["p>q"],
      ["p"],
    );
    const bigHead = system(
      "compose:b",
      { p: "service", q: "service", r: "service", s: "service" },
      ["p>q", "q>r", "r>s"],
      ["p"],
    );
    const report = analyzeGraphs(graphSet(smallBase, bigBase), graphSet(smallHead, bigHead));
    expect(report.headline).toBe("+3 calls, +2 round trips on `p`, availability 99.80% -> 99.60%");
  });

  it("names the availability entry point when it is not the round-trip one", () => {
    const base = system(
      "compose:.",
      { a: "service", b: "service", c: "service" },
      ["a>b", "b>c"],
      ["a", "c"],
    );
    const head = system(
      "compose:.",
      { a: "service", b: "service", c: "service" },
      ["a>b", "b>c", "c>b", "a>c"],
      ["a", "c"],
    );
    // a: path unchanged (3 components), round trips 3 -> 5; c: path c -> c, b, round trips 1 -> 3.
    const report = analyzeGraphs(graphSet(base), graphSet(head));
    expect(report.headline).toBe("+2 calls, +2 round trips on `a`, availability on `c` 99.90% -> 99.80%");
  });

  it("counts sizes and images as changes that are not architecture", () => {
    const base = system(
      "compose:.",
      { api: { image: "shop/api:1", replicas: { min: 1, max: 1 } } },
      [],
      ["api"],
    );
    const head = system(
      "compose:.",
      { api: { image: "shop/api:2", replicas: { min: 3, max: 3 } } },
      [],
      ["api"],
    );
    const report = analyzeGraphs(graphSet(base), graphSet(head));
    expect(report.systems[0]!.status).toBe("changed");
    expect(report.systems[0]!.delta.changedComponents[0]!.changes).toEqual([
      "image shop/api:1 -> shop/api:2",
      "replicas 1 -> 3",
    ]);
    expect(report.changed).toBe(false);
    expect(report.headline).toBe("No architectural change");
  });

  it("reports a component that became a queue, and the path it cuts", () => {
    const base = system(
      "compose:.",
      { api: "service", bus: "service", worker: "service" },
      ["api>bus", "bus>worker"],
      ["api"],
    );
    const head = system(
      "compose:.",
      { api: "service", bus: "queue", worker: "service" },
      ["api>bus", "bus>worker"],
      ["api"],
    );
    const report = analyzeGraphs(graphSet(base), graphSet(head));
    const [only] = report.systems;
    expect(only!.delta.changedEdges.map(({ base: b, head: h }) => `${b.kind}->${h.kind}`)).toEqual([
      "sync->async",
    ]);
    expect(only!.blastRadius).toEqual([
      { component: "worker", base: ["api"], head: [], trend: "disappeared" },
    ]);
    expect(only!.background).toEqual(["worker"]);
    expect(report.headline).toBe(
      "1 component changed kind, 1 call changed sync/async, -1 round trip on `api`, availability 99.70% -> 99.80%",
    );
  });

  it("lists blast radius changes and classifies them", () => {
    const base = system("compose:.", { a: "service", b: "service", db: "datastore" }, ["a>db"], ["a", "b"]);
    const head = system(
      "compose:.",
      { a: "service", b: "service", db: "datastore" },
      ["a>db", "b>db"],
      ["a", "b"],
    );
    const report = analyzeGraphs(graphSet(base), graphSet(head));
    expect(report.systems[0]!.blastRadius).toEqual([
      { component: "db", base: ["a"], head: ["a", "b"], trend: "grew" },
    ]);
    expect(blastRadiusTrend(["a", "b"], ["a"])).toBe("shrank");
    expect(blastRadiusTrend(["a"], ["b"])).toBe("shifted");
    expect(blastRadiusTrend([], ["b"])).toBe("appeared");
    expect(blastRadiusTrend(["a", "b"], ["b", "a"])).toBeUndefined();
  });

  it("adds an entry point's numbers when it appears and counts it in the headline", () => {
    const base = system("compose:.", { a: "service", admin: "service" }, [], ["a"]);
    const head = system("compose:.", { a: "service", admin: "service" }, [], ["a", "admin"]);
    const report = analyzeGraphs(graphSet(base), graphSet(head));
    expect(report.systems[0]!.entryPoints.map((entry) => [entry.entry, !!entry.base, !!entry.head])).toEqual([
      ["a", true, true],
      ["admin", false, true],
    ]);
    expect(report.changed).toBe(true);
    expect(report.headline).toBe("+1 entry point");
  });

  it("merges the vias of an entry point reached several ways", () => {
    const graph = system("compose:.", { web: "service" }, [], ["web"]);
    graph.entryPoints.push({ component: "web", via: "published port 8443", evidence: [] });
    const report = analyzeGraphs(graphSet(graph), graphSet(graph));
    expect(report.systems[0]!.entryPoints).toHaveLength(1);
    expect(report.systems[0]!.entryPoints[0]!.head!.via).toBe("published port 8080, published port 8443");
  });

  it("reports head warnings once, and of the base only tree-wide problems", () => {
    const warning = { id: "compose/unknown-depends-on", file: "compose.yaml", line: 3, message: "x" };
    const deadline = { id: "engine/deadline", file: "", message: "time budget spent" };
    const base: GraphSet = {
      systems: [],
      warnings: [{ ...warning, line: 9 }, deadline],
      notes: ["n1", "n2"],
    };
    const head: GraphSet = { systems: [], warnings: [warning, { ...warning }], notes: ["n2", "n3", "n3"] };
    const report = analyzeGraphs(base, head);
    expect(report.warnings).toEqual([warning, { ...deadline, message: "at base: time budget spent" }]);
    expect(report.notes).toEqual(["n2", "n3"]);
  });

  it("applies the component availability option", () => {
    const report = analyzeGraphs(graphSet(WORKED_BASE), graphSet(WORKED_HEAD), {
      componentAvailability: 0.99,
    });
    expect(report.systems[0]!.entryPoints[0]!.head!.availability).toBeCloseTo(0.99 ** 6, 12);
    expect(report.headline).toContain("availability 97.03% -> 94.15%");
    expect(() => analyzeGraphs(EMPTY, EMPTY, { componentAvailability: 1.5 })).toThrow(RangeError);
  });
});

describe("fingerprint", () => {
  it("ignores evidence, lines and declaration order but not architecture or availability", () => {
    const reference = analyzeGraphs(graphSet(WORKED_BASE), graphSet(WORKED_HEAD)).fingerprint;
    const moved = structuredClone(WORKED_HEAD);
    moved.components.reverse();
    moved.edges.reverse();
    for (const edge of moved.edges)
      edge.evidence = [{ file: "other.yaml", line: 99, rule: "r", detail: "d" }];
    for (const component of moved.components) component.location = { file: "other.yaml", line: 42 };
    expect(analyzeGraphs(graphSet(WORKED_BASE), graphSet(moved)).fingerprint).toBe(reference);

    const rewired = structuredClone(WORKED_HEAD);
    rewired.edges.pop();
    expect(analyzeGraphs(graphSet(WORKED_BASE), graphSet(rewired)).fingerprint).not.toBe(reference);
    expect(analyzeGraphs(graphSet(WORKED_HEAD), graphSet(WORKED_BASE)).fingerprint).not.toBe(reference);
    expect(
      analyzeGraphs(graphSet(WORKED_BASE), graphSet(WORKED_HEAD), { componentAvailability: 0.99 })
        .fingerprint,
    ).not.toBe(reference);
  });
});

describe("treeHeadline", () => {
  it("describes one tree by its counts and its busiest entry point", () => {
    const report = analyzeGraphs(graphSet(WORKED_HEAD), graphSet(WORKED_HEAD));
    expect(treeHeadline(report.systems)).toBe(
      "1 system, 7 components, 1 entry point; `web` 6 round trips, availability 99.40%",
    );
    expect(treeHeadline([])).toBe("No infrastructure found");
    const quiet = analyzeGraphs(
      graphSet(system("compose:.", { worker: "service" }, [], [])),
      graphSet(system("compose:.", { worker: "service" }, [], [])),
    );
    expect(treeHeadline(quiet.systems)).toBe("1 system, 1 component, 0 entry points");
  });
});

describe("very large systems", () => {
  const ringOf = (count: number) => {
    const names = Array.from({ length: count }, (_, index) => `s${index}`);
    return system(
      "compose:big",
      Object.fromEntries(names.map((name) => [name, "service" as const])),
      names.map((name, index) => `${name}>${names[(index + 1) % count]}`),
      names,
    );
  };

  it("traces every entry point of a cycle of thousands, each seeing the whole cycle", () => {
    const count = 2000;
    const report = analyzeGraphs(graphSet(ringOf(count)), graphSet(ringOf(count)));
    const [only] = report.systems;
    expect(report.warnings).toEqual([]);
    expect(only!.entryPoints).toHaveLength(count);
    for (const entry of only!.entryPoints) {
      expect(entry.head!.requestPath[0]).toBe(entry.entry);
      expect(entry.head!.requestPath).toHaveLength(count);
      expect(entry.head!.roundTrips).toBe(count + 1);
      expect(entry.head!.depth).toBe(count);
    }
  });

  it("traces only as many entry points as their paths can list, and says so", () => {
    const count = 12_000;
    // Each of the 12,000 entry points would list all 12,000 components.
    const traced = Math.floor(MAX_LISTED_NAMES / count);
    const report = analyzeGraphs(graphSet(ringOf(count)), graphSet(ringOf(count)));
    const [only] = report.systems;
    expect(only!.entryPoints).toHaveLength(traced);
    expect(only!.entryPoints[traced - 1]!.head!.roundTrips).toBe(count + 1);
    expect(report.warnings).toEqual([
      {
        id: "analysis/too-large",
        file: "compose.yaml",
        line: 1,
        message: `compose:big has ${count} entry points over ${count} components, too many to trace each; only the first ${traced} were analysed`,
      },
    ]);
  });
});
