import type { CallGraph } from "./call-graph.js";

/**
 * The components one request through `entry` may touch: the entry point, then everything reachable by calls
 * in breadth-first, declaration order, never walking out of a queue (what consumes from a queue runs later,
 * on its own path).
 */
export function requestPath(graph: CallGraph, entry: string): string[] {
  return requestPathIds(graph, entry).map((id) => graph.names[id] ?? entry);
}

/** Component numbers on the path; an entry point unknown to the graph is a path of its own. */
export function requestPathIds(graph: CallGraph, entry: string): number[] {
  const start = graph.index.get(entry);
  if (start === undefined) return [-1];
  const path = [start];
  const onPath = new Uint8Array(graph.names.length);
  onPath[start] = 1;
  for (let position = 0; position < path.length; position++) {
    const component = path[position]!;
    if (!graph.passes[component]) continue;
    for (const callee of graph.calleeIds[component]!) {
      if (onPath[callee]) continue;
      onPath[callee] = 1;
      path.push(callee);
    }
  }
  return path;
}
