import { describe, expect, it } from "vitest";
import { analyzeGraphs } from "../../src/analysis/analyze.js";
import { describeFinding, evaluateGate, type GateConfig } from "../../src/analysis/gate.js";
import type {
  ChangeReport,
  EntryPointDelta,
  EntryPointMetrics,
  MergeCandidate,
  SystemReport,
} from "../../src/analysis/types.js";
import type { GraphDelta } from "../../src/graph/diff.js";
import type { Component } from "../../src/graph/model.js";
import { graphSet, system } from "./graphs.js";

function metrics(roundTrips: number, availability: number): EntryPointMetrics {
  return { via: "published port 80", requestPath: [], roundTrips, depth: roundTrips, availability };
}

/** `[roundTrips, availability]` per side; a side left out means the entry point is not there. */
function entry(name: string, base?: [number, number], head?: [number, number]): EntryPointDelta {
  return {
    entry: name,
    ...(base ? { base: metrics(...base) } : {}),
    ...(head ? { head: metrics(...head) } : {}),
  };
}

function components(count: number, systemId: string): Component[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `c${i}`,
    kind: "service" as const,
    system: systemId,
    location: { file: "compose.yaml", line: i + 1 },
  }));
}

function systemReport(
  id: string,
  options: { entries?: EntryPointDelta[]; added?: number; candidates?: MergeCandidate[] } = {},
): SystemReport {
  const delta: GraphDelta = {
    addedComponents: components(options.added ?? 0, id),
    removedComponents: [],
    renamedComponents: [],
    changedComponents: [],
    addedEdges: [],
    removedEdges: [],
    changedEdges: [],
  };
  return {
    system: id,
    format: id.split(":")[0]!,
    status: "changed",
    delta,
    entryPoints: options.entries ?? [],
    blastRadius: [],
    mergeCandidates: options.candidates ?? [],
    background: [],
  };
}

function report(systems: SystemReport[], changed = true): ChangeReport {
  return {
    headline: changed ? "changed" : "No architectural change",
    changed,
    fingerprint: "0".repeat(64),
    systems,
    warnings: [],
    notes: [],
    options: { componentAvailability: 0.999, timeBudgetMs: 6000 },
  };
}

function judged(r: ChangeReport, gate: GateConfig) {
  const result = evaluateGate(r, gate);
  return { failed: result.failed, lines: result.findings.map(describeFinding) };
}

describe("gate: added round trips per entry point", () => {
  // web goes 3 -> 5 (+2), admin 2 -> 5 (+3), api 4 -> 4.
  const r = report([
    systemReport("compose:deploy", {
      entries: [entry("web", [3, 0.997], [5, 0.995]), entry("admin", [2, 0.998], [5, 0.995])],
    }),
    systemReport("compose:other", { entries: [entry("api", [4, 0.996], [4, 0.996])] }),
  ]);

  it("passes at and under the limit, fails over it, naming the entry point and the numbers", () => {
    expect(judged(r, { maxAddedRoundTrips: 3 })).toEqual({ failed: false, lines: [] });
    expect(judged(r, { maxAddedRoundTrips: 2 })).toEqual({
      failed: true,
      lines: ["+3 round trips on admin (limit 2)"],
    });
    expect(evaluateGate(r, { maxAddedRoundTrips: 1 }).findings).toEqual([
      {
        limit: "maxAddedRoundTrips",
        level: "fail",
        system: "compose:deploy",
        entry: "web",
        base: 3,
        head: 5,
        added: 2,
        max: 1,
      },
      {
        limit: "maxAddedRoundTrips",
        level: "fail",
        system: "compose:deploy",
        entry: "admin",
        base: 2,
        head: 5,
        added: 3,
        max: 1,
      },
    ]);
  });

  it("counts all of a new entry point's round trips as added, and ignores entry points that are gone", () => {
    const withNew = report([
      systemReport("compose:.", {
        entries: [entry("public-api", undefined, [3, 0.997]), entry("legacy", [9, 0.99], undefined)],
      }),
    ]);
    expect(judged(withNew, { maxAddedRoundTrips: 3 }).failed).toBe(false);
    const over = evaluateGate(withNew, { maxAddedRoundTrips: 2 });
    expect(over.failed).toBe(true);
    expect(over.findings).toEqual([
      {
        limit: "maxAddedRoundTrips",
        level: "fail",
        system: "compose:.",
        entry: "public-api",
        head: 3,
        added: 3,
        max: 2,
      },
    ]);
  });

  it("takes 0 as no added round trip at all, while fewer round trips always pass", () => {
    const fewer = report([systemReport("compose:.", { entries: [entry("web", [5, 0.995], [4, 0.996])] })]);
    expect(judged(fewer, { maxAddedRoundTrips: 0 }).failed).toBe(false);
    const one = report([systemReport("compose:.", { entries: [entry("web", [4, 0.996], [5, 0.995])] })]);
    expect(judged(one, { maxAddedRoundTrips: 0 })).toEqual({
      failed: true,
      lines: ["+1 round trip on web (limit 0)"],
    });
  });
});

describe("gate: added components per pull request", () => {
  const r = report([
    systemReport("compose:deploy", { added: 2 }),
    systemReport("kubernetes:k8s", { added: 1 }),
  ]);

  it("adds up every system's new components and compares the total", () => {
    expect(judged(r, { maxAddedComponents: 4 }).failed).toBe(false);
    expect(judged(r, { maxAddedComponents: 3 }).failed).toBe(false);
    expect(evaluateGate(r, { maxAddedComponents: 2 })).toEqual({
      failed: true,
      findings: [
        {
          limit: "maxAddedComponents",
          level: "fail",
          added: 3,
          max: 2,
          bySystem: [
            { system: "compose:deploy", added: 2 },
            { system: "kubernetes:k8s", added: 1 },
          ],
        },
      ],
    });
    expect(judged(r, { maxAddedComponents: 2 }).lines).toEqual(["+3 components (limit 2)"]);
  });
});

describe("gate: minimum availability", () => {
  it("passes at and above the minimum and fails below it", () => {
    const r = report([systemReport("compose:.", { entries: [entry("web", [3, 0.997], [5, 0.995])] })]);
    expect(judged(r, { minAvailability: 0.994 }).failed).toBe(false);
    expect(judged(r, { minAvailability: 0.995 }).failed).toBe(false);
    expect(judged(r, { minAvailability: 0.996 })).toEqual({
      failed: true,
      lines: ["availability 99.50% on web (minimum 99.60%)"],
    });
  });

  it("shows enough decimals to tell the value from the minimum", () => {
    const r = report([systemReport("compose:.", { entries: [entry("web", [4, 0.996006], [5, 0.99501])] })]);
    expect(judged(r, { minAvailability: 0.99502 }).lines).toEqual([
      "availability 99.501% on web (minimum 99.502%)",
    ]);
  });

  it("judges new entry points, but not one the change left as low as it was or improved", () => {
    const r = report([
      systemReport("compose:.", {
        entries: [
          entry("old-same", [8, 0.992], [8, 0.992]),
          entry("old-better", [9, 0.991], [8, 0.992]),
          entry("new", undefined, [7, 0.993]),
          entry("gone", [12, 0.988], undefined),
        ],
      }),
    ]);
    const result = evaluateGate(r, { minAvailability: 0.995 });
    expect(result.findings).toEqual([
      {
        limit: "minAvailability",
        level: "fail",
        system: "compose:.",
        entry: "new",
        head: 0.993,
        min: 0.995,
      },
    ]);
  });
});

describe("gate: merge candidates", () => {
  const base = system("compose:.", { web: "service", api: "service" }, ["web>api"], ["web"]);
  const head = system(
    "compose:.",
    { web: "service", api: "service", auth: "service", db: "datastore" },
    ["web>api", "api>auth", "auth>db"],
    ["web"],
  );
  // api was already a candidate (called by web only); auth is new at head.
  const r = analyzeGraphs(graphSet(base), graphSet(head));

  it("reports only candidates that are new at head, as a warning or a failure", () => {
    expect(r.systems[0]!.mergeCandidates.map((c) => c.component)).toEqual(["api", "auth"]);
    expect(judged(r, { mergeCandidates: "warn" })).toEqual({
      failed: false,
      lines: ["new box to delete: auth (called only by api)"],
    });
    expect(evaluateGate(r, { mergeCandidates: "fail" })).toEqual({
      failed: true,
      findings: [
        {
          limit: "mergeCandidates",
          level: "fail",
          system: "compose:.",
          component: "auth",
          caller: "api",
          entryPoints: ["web"],
        },
      ],
    });
    expect(evaluateGate(r, { mergeCandidates: "off" }).findings).toEqual([]);
  });

  it("counts every candidate of a system that is new at head", () => {
    const added = analyzeGraphs(graphSet(), graphSet(head));
    expect(evaluateGate(added, { mergeCandidates: "warn" }).findings.map((f) => f.level)).toEqual([
      "warn",
      "warn",
    ]);
  });

  it("keeps warnings beside failures: one failing limit fails the gate", () => {
    const result = evaluateGate(r, { mergeCandidates: "warn", maxAddedComponents: 1 });
    expect(result.failed).toBe(true);
    expect(result.findings.map((f) => [f.limit, f.level])).toEqual([
      ["maxAddedComponents", "fail"],
      ["mergeCandidates", "warn"],
    ]);
  });
});

describe("gate: what never fails", () => {
  const strict: GateConfig = {
    maxAddedRoundTrips: 0,
    maxAddedComponents: 0,
    minAvailability: 1,
    mergeCandidates: "fail",
  };

  it("passes an unchanged report whatever the limits", () => {
    const unchanged = report(
      [systemReport("compose:.", { entries: [entry("web", undefined, [9, 0.99])], added: 4 })],
      false,
    );
    expect(evaluateGate(unchanged, strict)).toEqual({ failed: false, findings: [] });
    // The same report marked as changed does fail: the unchanged verdict comes from `changed`, not the numbers.
    expect(evaluateGate({ ...unchanged, changed: true }, strict).failed).toBe(true);
  });

  it("passes anything without a gate or with an empty one", () => {
    const r = report([
      systemReport("compose:.", { entries: [entry("web", [1, 0.999], [9, 0.99])], added: 8 }),
    ]);
    expect(evaluateGate(r, undefined)).toEqual({ failed: false, findings: [] });
    expect(evaluateGate(r, {})).toEqual({ failed: false, findings: [] });
  });
});
