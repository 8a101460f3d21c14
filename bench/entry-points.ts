/** The analysis alone on its worst case: every service an entry point, on a cycle, so every path sees them all. */
import { analyzeGraphs } from "../src/engine.js";
import type { GraphSet, SystemGraph } from "../src/graph/model.js";
import { median } from "./processes.js";

export interface EntryPointRow {
  entryPoints: number;
  cpuMs: number;
}

function cycle(count: number, callsEach: number): GraphSet {
  const names = Array.from({ length: count }, (_, index) => `svc-${index}`);
  const location = { file: "compose.yaml" };
  const system: SystemGraph = {
    id: "compose:.",
    format: "compose",
    components: names.map((name) => ({ name, kind: "service" as const, system: "compose:.", location })),
    edges: names.flatMap((name, index) =>
      Array.from({ length: callsEach }, (_, step) => ({
        from: name,
        to: names[(index + step + 1) % count]!,
        kind: "sync" as const,
        evidence: [],
      })),
    ),
    entryPoints: names.map((component) => ({ component, via: "published port", evidence: [] })),
  };
  return { systems: [system], warnings: [], notes: [] };
}

/** CPU time of `analyzeGraphs` from a cycle of two calls each to three, median of `runs`. */
export function entryPointCost(count: number, runs: number): EntryPointRow {
  const base = cycle(count, 2);
  const head = cycle(count, 3);
  const samples = Array.from({ length: runs }, () => {
    const start = process.cpuUsage();
    analyzeGraphs(base, head);
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  });
  return { entryPoints: count, cpuMs: median(samples) };
}
