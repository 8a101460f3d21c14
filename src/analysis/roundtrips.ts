import type { CallGraph } from "./call-graph.js";

/**
 * 1 for the client's call to the entry point, plus each declared call whose both ends are on the request path,
 * counted once even when it closes a cycle.
 */
export function roundTrips(graph: CallGraph, path: readonly string[]): number {
  return roundTripsOnIds(
    graph,
    path.map((name) => graph.index.get(name) ?? -1),
  );
}

export function roundTripsOnIds(graph: CallGraph, path: readonly number[]): number {
  const onPath = new Uint8Array(graph.names.length);
  for (const id of path) if (id >= 0) onPath[id] = 1;
  // Each declared call is listed once among its caller's callees: walking the path's callers finds every call with
  // both ends on the path without scanning the calls of the rest of the graph.
  let calls = 0;
  for (const id of path) {
    if (id < 0) continue;
    for (const callee of graph.calleeIds[id]!) if (onPath[callee]) calls++;
  }
  return 1 + calls;
}
