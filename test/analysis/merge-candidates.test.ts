import { describe, expect, it } from "vitest";
import { analyzeGraphs } from "../../src/analysis/analyze.js";
import { graphSet, system } from "./graphs.js";

function candidates(graph: ReturnType<typeof system>) {
  return analyzeGraphs(graphSet(graph), graphSet(graph)).systems[0]!.mergeCandidates;
}

describe("merge candidates", () => {
  it("names services with a single service caller and the entry points that would save a round trip", () => {
    const graph = system(
      "compose:.",
      { web: "service", admin: "service", api: "service", auth: "service", db: "datastore" },
      ["web>api", "admin>api", "api>auth", "api>auth", "auth>db"],
      ["web", "admin"],
    );
    expect(candidates(graph)).toEqual([
      { component: "auth", caller: "api", entryPoints: ["web", "admin"], savedRoundTrips: 1 },
    ]);
  });

  it("skips entry points, non-services, services with two callers and code behind a proxy or a queue", () => {
    const graph = system(
      "compose:.",
      {
        proxy: "gateway",
        web: "service",
        api: "service",
        reports: "service",
        jobs: "queue",
        worker: "service",
        db: "datastore",
      },
      ["proxy>web", "web>api", "api>db", "web>reports", "api>reports", "api>jobs", "jobs>worker"],
      ["proxy", "web"],
    );
    // web is an entry point, reports has two callers, db is not a service, worker is called by a queue.
    expect(candidates(graph)).toEqual([
      { component: "api", caller: "web", entryPoints: ["proxy", "web"], savedRoundTrips: 1 },
    ]);
  });

  it("keeps a candidate that only background work reaches, with no entry point to save", () => {
    const graph = system("compose:.", { cron: "service", cleaner: "service" }, ["cron>cleaner"], []);
    expect(candidates(graph)).toEqual([
      { component: "cleaner", caller: "cron", entryPoints: [], savedRoundTrips: 1 },
    ]);
  });

  it("ignores a self-call when counting callers", () => {
    const graph = system("compose:.", { web: "service", api: "service" }, ["web>api", "api>api"], ["web"]);
    expect(candidates(graph).map((candidate) => candidate.component)).toEqual(["api"]);
  });
});
