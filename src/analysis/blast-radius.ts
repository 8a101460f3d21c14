import type { SystemGraph } from "../graph/model.js";
import { callGraph, type CallGraph } from "./call-graph.js";
import { strongComponents, type StrongComponents } from "./strong-components.js";
import type { BlastRadiusChange, BlastRadiusTrend, EntryPointMetrics } from "./types.js";

/**
 * For each component of the system, the entry points whose request path contains it (in entry point order).
 * Components that reach each other are on exactly the same paths, so they share one list, and an entry point is
 * added to each group it reaches rather than to each component on its path: a cycle of thousands of components
 * holds one list of its entry points, not one per component. `metrics` says which entry points were traced.
 */
export function blastRadius(
  system: SystemGraph | undefined,
  metrics: ReadonlyMap<string, EntryPointMetrics>,
  graph: CallGraph = callGraph(system ?? { id: "", format: "", components: [], edges: [], entryPoints: [] }),
): Map<string, string[]> {
  const groups = strongComponents(graph);
  const shared: string[][] = Array.from({ length: groups.count }, () => []);
  const radius = new Map<string, string[]>();
  graph.names.forEach((name, id) => radius.set(name, shared[groups.groupOf[id]!]!));
  for (const component of system?.components ?? [])
    if (!radius.has(component.name)) radius.set(component.name, []);
  const reached = reachedGroups(graph, groups);
  for (const entry of metrics.keys()) {
    const id = graph.index.get(entry);
    if (id === undefined) {
      const own = radius.get(entry);
      if (own) own.push(entry);
      else radius.set(entry, [entry]);
      continue;
    }
    for (const group of reached(groups.groupOf[id]!)) shared[group]!.push(entry);
  }
  return radius;
}

/** The groups a request entering group `start` reaches (itself first), worked out once per group. */
function reachedGroups(graph: CallGraph, { groupOf, count }: StrongComponents): (start: number) => number[] {
  const members: number[][] = Array.from({ length: count }, () => []);
  groupOf.forEach((group, id) => members[group]!.push(id));
  const known = new Map<number, number[]>();
  const seen = new Int32Array(count).fill(-1);
  return (start) => {
    let list = known.get(start);
    if (list) return list;
    list = [start];
    seen[start] = start;
    for (let position = 0; position < list.length; position++) {
      for (const member of members[list[position]!]!) {
        if (!graph.passes[member]) continue;
        for (const callee of graph.calleeIds[member]!) {
          const group = groupOf[callee]!;
          if (seen[group] === start) continue;
          seen[group] = start;
          list.push(group);
        }
      }
    }
    known.set(start, list);
    return list;
  };
}

/**
 * Components whose set of affected entry points differs between base and head, in head order then base order.
 * Components sharing one list on each side share the comparison too.
 */
export function blastRadiusChanges(
  base: ReadonlyMap<string, readonly string[]>,
  head: ReadonlyMap<string, readonly string[]>,
): BlastRadiusChange[] {
  const names = [...new Set([...head.keys(), ...base.keys()])];
  const trends = new Map<readonly string[], Map<readonly string[], BlastRadiusTrend | undefined>>();
  const trendOf = (before: readonly string[], after: readonly string[]): BlastRadiusTrend | undefined => {
    let byAfter = trends.get(before);
    if (!byAfter) trends.set(before, (byAfter = new Map()));
    if (!byAfter.has(after)) byAfter.set(after, blastRadiusTrend(before, after));
    return byAfter.get(after);
  };
  const changes: BlastRadiusChange[] = [];
  for (const component of names) {
    const before = base.get(component) ?? NONE;
    const after = head.get(component) ?? NONE;
    const trend = trendOf(before, after);
    if (trend) changes.push({ component, base: before, head: after, trend });
  }
  return changes;
}

const NONE: readonly string[] = [];

/** How one component's blast radius moved, or undefined when it covers the same entry points. */
export function blastRadiusTrend(
  base: readonly string[],
  head: readonly string[],
): BlastRadiusTrend | undefined {
  const before = new Set(base);
  const after = new Set(head);
  if (before.size === after.size && [...after].every((entry) => before.has(entry))) return undefined;
  if (before.size === 0) return "appeared";
  if (after.size === 0) return "disappeared";
  if (after.size > before.size) return "grew";
  if (after.size < before.size) return "shrank";
  return "shifted";
}

/** Components on no entry point's request path: they run on their own (workers, cron jobs, consumers). */
export function backgroundComponents(
  system: SystemGraph | undefined,
  radius: ReadonlyMap<string, readonly string[]>,
): string[] {
  return (system?.components ?? [])
    .filter((component) => (radius.get(component.name) ?? []).length === 0)
    .map((component) => component.name);
}
