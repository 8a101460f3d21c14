import { describe, expect, it } from "vitest";
import { analyzeGraphs } from "../../src/analysis/analyze.js";
import { extraDowntimeHoursPerYear, formatAvailability } from "../../src/analysis/availability.js";
import { formatDowntime } from "../../src/report/format.js";
import { WORKED_BASE, WORKED_HEAD, graphSet } from "./graphs.js";

describe("the worked example of the definitions", () => {
  const report = analyzeGraphs(graphSet(WORKED_BASE), graphSet(WORKED_HEAD));
  const system = report.systems[0]!;
  const web = system.entryPoints.find((entry) => entry.entry === "web")!;

  it("walks the request path, stopping at the queue", () => {
    expect(web.base!.requestPath).toEqual(["web", "api", "posts-db"]);
    expect(web.head!.requestPath).toEqual(["web", "api", "posts-db", "cache", "events", "search"]);
  });

  it("counts round trips 3 -> 6 and depth 3 on both sides", () => {
    expect([web.base!.roundTrips, web.head!.roundTrips]).toEqual([3, 6]);
    expect([web.base!.depth, web.head!.depth]).toEqual([3, 3]);
  });

  it("multiplies availability 99.70% -> 99.40%, about 26 more hours of downtime a year", () => {
    expect(web.base!.availability).toBeCloseTo(0.999 ** 3, 12);
    expect(web.head!.availability).toBeCloseTo(0.999 ** 6, 12);
    expect(formatAvailability(web.base!.availability)).toBe("99.70%");
    expect(formatAvailability(web.head!.availability)).toBe("99.40%");
    const hours = extraDowntimeHoursPerYear(web.base!.availability, web.head!.availability);
    expect(hours).toBeCloseTo(26.19, 1);
    expect(formatDowntime(web.base!.availability, web.head!.availability)).toBe(
      "about +26 h of downtime a year",
    );
  });

  it("puts search on web's blast radius and indexer in the background", () => {
    const search = system.blastRadius.find((change) => change.component === "search");
    expect(search).toEqual({ component: "search", base: [], head: ["web"], trend: "appeared" });
    expect(system.blastRadius.map((change) => change.component)).toEqual(["cache", "events", "search"]);
    expect(system.background).toEqual(["indexer"]);
  });

  it("names api as the merge candidate saving 1 round trip on web (6 -> 5)", () => {
    expect(system.mergeCandidates).toEqual([
      { component: "api", caller: "web", entryPoints: ["web"], savedRoundTrips: 1 },
    ]);
    expect(web.head!.roundTrips - system.mergeCandidates[0]!.savedRoundTrips).toBe(5);
  });

  it("summarises the change in one line", () => {
    expect(system.status).toBe("changed");
    expect(report.changed).toBe(true);
    expect(report.headline).toBe("+4 components, +3 round trips on `web`, availability 99.70% -> 99.40%");
    expect(system.delta.addedComponents.map((component) => component.name)).toEqual([
      "cache",
      "events",
      "indexer",
      "search",
    ]);
    expect(system.delta.addedEdges).toHaveLength(5);
  });
});
