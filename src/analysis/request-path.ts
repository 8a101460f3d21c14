import type { CallGraph } from "./call-graph.js";
import { continuesPast } from "./call-graph.js";

/**
 * The components one request through `entry` may touch: the entry point, then everything reachable by calls
 * in breadth-first, declaration order, never walking out of a queue.
 */
export function requestPath(graph: CallGraph, entry: string): string[] {
  const path = [entry];
  const onPath = new Set(path);
  for (let index = 0; index < path.length; index++) {
    const component = path[index]!;
    if (!continuesPast(graph, component)) continue;
    for (const callee of graph.callees.get(component) ?? []) {
      if (onPath.has(callee)) continue;
      onPath.add(callee);
      path.push(callee);
    }
  }
  return path;
}
