import type { ComponentKind, SystemGraph } from "../graph/model.js";
import { edgeKey } from "../graph/model.js";

/** Adjacency of one system, built once and shared by every per-entry-point walk. */
export interface CallGraph {
  kinds: ReadonlyMap<string, ComponentKind>;
  /** Callees in declaration order, each listed once. */
  callees: ReadonlyMap<string, readonly string[]>;
  /** Distinct callers of each component (self-calls excluded). */
  callers: ReadonlyMap<string, readonly string[]>;
  /** Every declared call once, by endpoints, whatever its kind. */
  edges: ReadonlyArray<{ from: string; to: string }>;
}

export function callGraph(system: SystemGraph): CallGraph {
  const kinds = new Map<string, ComponentKind>();
  for (const component of system.components)
    if (!kinds.has(component.name)) kinds.set(component.name, component.kind);
  const callees = new Map<string, string[]>();
  const callers = new Map<string, string[]>();
  const edges: { from: string; to: string }[] = [];
  const seen = new Set<string>();
  for (const edge of system.edges) {
    const key = edgeKey(edge);
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push({ from: edge.from, to: edge.to });
    append(callees, edge.from, edge.to);
    if (edge.from !== edge.to) append(callers, edge.to, edge.from);
  }
  return { kinds, callees, callers, edges };
}

/** A request stops at a queue: whatever consumes from it runs later, on its own path. */
export function continuesPast(graph: CallGraph, component: string): boolean {
  return graph.kinds.get(component) !== "queue";
}

function append(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
