import type { SystemGraph } from "../graph/model.js";
import type { EntryPointMetrics } from "./types.js";
import type { CallGraph } from "./call-graph.js";
import { pathAvailability } from "./availability.js";
import { depth } from "./depth.js";
import { requestPath } from "./request-path.js";
import { roundTrips } from "./roundtrips.js";

/**
 * Numbers for every entry point of one system, keyed by component. A component reached several ways
 * (two published ports, an Ingress and a NodePort) is one entry point whose `via` lists them all.
 */
export function entryPointMetrics(
  system: SystemGraph,
  graph: CallGraph,
  componentAvailability: number,
): Map<string, EntryPointMetrics> {
  const vias = new Map<string, string[]>();
  for (const entryPoint of system.entryPoints) {
    const list = vias.get(entryPoint.component) ?? [];
    if (!list.includes(entryPoint.via)) list.push(entryPoint.via);
    vias.set(entryPoint.component, list);
  }
  const metrics = new Map<string, EntryPointMetrics>();
  for (const [entry, via] of vias) {
    const path = requestPath(graph, entry);
    metrics.set(entry, {
      via: via.join(", "),
      requestPath: path,
      roundTrips: roundTrips(graph, path),
      depth: depth(graph, entry),
      availability: pathAvailability(componentAvailability, path.length),
    });
  }
  return metrics;
}
