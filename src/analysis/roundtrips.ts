import type { CallGraph } from "./call-graph.js";

/**
 * 1 for the client's call to the entry point, plus each declared call whose both ends are on the request path,
 * counted once even when it closes a cycle.
 */
export function roundTrips(graph: CallGraph, path: readonly string[]): number {
  const onPath = new Set(path);
  let calls = 0;
  for (const edge of graph.edges) if (onPath.has(edge.from) && onPath.has(edge.to)) calls++;
  return 1 + calls;
}
