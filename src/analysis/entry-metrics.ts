import type { SystemGraph } from "../graph/model.js";
import type { EntryPointMetrics } from "./types.js";
import type { CallGraph } from "./call-graph.js";
import { pathAvailability } from "./availability.js";
import { depth } from "./depth.js";
import { systemsCrossed } from "./linked-systems.js";
import { requestPathIds } from "./request-path.js";
import { roundTripsOnIds } from "./roundtrips.js";

/**
 * Numbers for every entry point of one system, keyed by component. A component reached several ways
 * (two published ports, an Ingress and a NodePort) is one entry point whose `via` lists them all.
 */
export function entryPointMetrics(
  system: SystemGraph,
  graph: CallGraph,
  componentAvailability: number,
  maxEntryPoints = Number.POSITIVE_INFINITY,
): Map<string, EntryPointMetrics> {
  const vias = new Map<string, string[]>();
  for (const entryPoint of system.entryPoints) {
    if (!vias.has(entryPoint.component) && vias.size >= maxEntryPoints) continue;
    const list = vias.get(entryPoint.component) ?? [];
    if (!list.includes(entryPoint.via)) list.push(entryPoint.via);
    vias.set(entryPoint.component, list);
  }
  const metrics = new Map<string, EntryPointMetrics>();
  const crossedOn = systemsCrossed(system);
  for (const [entry, via] of vias) {
    const ids = requestPathIds(graph, entry);
    const requestPath = ids.map((id) => graph.names[id] ?? entry);
    const crossed = crossedOn(requestPath);
    metrics.set(entry, {
      via: via.join(", "),
      requestPath,
      ...(crossed.length > 0 ? { systems: crossed } : {}),
      roundTrips: roundTripsOnIds(graph, ids),
      depth: depth(graph, entry),
      availability: pathAvailability(componentAvailability, ids.length),
    });
  }
  return metrics;
}

/** Walk steps (components plus calls, per entry point) one system may cost before its entry points are capped. */
export const MAX_TRACE_WORK = 2_000_000;

/**
 * How many entry points of a system can be traced within MAX_TRACE_WORK: every entry point walks up to the
 * whole graph, so a hostile file with thousands of entry points over thousands of components is cut short.
 */
export function entryPointLimit(...systems: (SystemGraph | undefined)[]): number {
  const size = Math.max(
    1,
    ...systems.map((system) => (system ? system.components.length + system.edges.length : 0)),
  );
  return Math.max(1, Math.floor(MAX_TRACE_WORK / size));
}

export function distinctEntryPoints(system: SystemGraph | undefined): number {
  return new Set(system?.entryPoints.map((entryPoint) => entryPoint.component)).size;
}
