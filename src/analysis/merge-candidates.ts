import type { SystemGraph } from "../graph/model.js";
import type { CallGraph } from "./call-graph.js";
import type { EntryPointMetrics, MergeCandidate } from "./types.js";

/**
 * Services that could run inside their only caller: a `service`, not an entry point, called by exactly one
 * component, and that caller is itself a `service` (code cannot move into a proxy, a store or a broker).
 * Merging saves the caller -> component round trip on every request path that contains both.
 */
export function mergeCandidates(
  system: SystemGraph | undefined,
  graph: CallGraph,
  metrics: ReadonlyMap<string, EntryPointMetrics>,
): MergeCandidate[] {
  if (!system) return [];
  const entryPoints = new Set(system.entryPoints.map((entryPoint) => entryPoint.component));
  let paths: { entry: string; onPath: Set<string> }[] | undefined;
  const candidates: MergeCandidate[] = [];
  for (const component of system.components) {
    if (component.kind !== "service" || entryPoints.has(component.name)) continue;
    const callers = graph.callers.get(component.name) ?? [];
    if (callers.length !== 1) continue;
    const caller = callers[0]!;
    if (graph.kinds.get(caller) !== "service") continue;
    paths ??= [...metrics.entries()].map(([entry, { requestPath }]) => ({
      entry,
      onPath: new Set(requestPath),
    }));
    const through = paths
      .filter(({ onPath }) => onPath.has(caller) && onPath.has(component.name))
      .map(({ entry }) => entry);
    candidates.push({ component: component.name, caller, entryPoints: through, savedRoundTrips: 1 });
  }
  return candidates;
}
