import type { SystemGraph } from "../graph/model.js";
import type { EntryPointMetrics } from "./types.js";
import type { CallGraph } from "./call-graph.js";
import { pathAvailability } from "./availability.js";
import { depth } from "./depth.js";
import { systemsCrossed } from "./linked-systems.js";
import { requestPathIds } from "./request-path.js";
import { roundTripsOnIds } from "./roundtrips.js";
import { strongComponents } from "./strong-components.js";

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
  const roundTrips = sharedRoundTrips(graph);
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
      roundTrips: roundTrips(ids),
      depth: depth(graph, entry),
      availability: pathAvailability(componentAvailability, ids.length),
    });
  }
  return metrics;
}

/**
 * Round trips of a request path, counted once per group of components that reach each other: every entry point of
 * one group touches the same components, so a cycle of thousands of entry points counts its calls once, not once
 * per entry point.
 */
function sharedRoundTrips(graph: CallGraph): (path: readonly number[]) => number {
  let groups: Int32Array | undefined;
  const byGroup = new Map<number, number>();
  return (path) => {
    const start = path[0]!;
    if (start < 0) return roundTripsOnIds(graph, path);
    groups ??= strongComponents(graph).groupOf;
    const group = groups[start]!;
    let count = byGroup.get(group);
    if (count === undefined) {
      count = roundTripsOnIds(graph, path);
      byGroup.set(group, count);
    }
    return count;
  };
}

/** Walk steps (components plus calls, per entry point) one system may cost before its entry points are capped. */
export const MAX_TRACE_WORK = 50_000_000;

/** Component names all request paths of one system may list together (each path is a list of its own). */
export const MAX_LISTED_NAMES = 10_000_000;

/**
 * How many entry points of a system can be traced: every entry point walks up to the whole graph (MAX_TRACE_WORK)
 * and lists up to every component (MAX_LISTED_NAMES), so a hostile file with thousands of entry points over
 * thousands of components is cut short. What is shared between entry points (round trips, blast radius) is not
 * counted: it is worked out once per group of components that reach each other.
 */
export function entryPointLimit(...systems: (SystemGraph | undefined)[]): number {
  const largest = (measure: (system: SystemGraph) => number): number =>
    Math.max(1, ...systems.map((system) => (system ? measure(system) : 0)));
  const walk = largest((system) => system.components.length + system.edges.length);
  const listed = largest((system) => system.components.length);
  return Math.max(1, Math.min(Math.floor(MAX_TRACE_WORK / walk), Math.floor(MAX_LISTED_NAMES / listed)));
}

export function distinctEntryPoints(system: SystemGraph | undefined): number {
  return new Set(system?.entryPoints.map((entryPoint) => entryPoint.component)).size;
}
