import type { CallGraph } from "./call-graph.js";

/**
 * Calls on the longest chain from the client through `entry` (the client's call counts 1). Cycles are cut where a
 * depth-first walk in declaration order finds a call back into its own chain; what remains is acyclic, so the
 * longest chain is found in linear time instead of by enumerating every path.
 */
export function depth(graph: CallGraph, entry: string): number {
  const start = graph.index.get(entry);
  if (start === undefined) return 1;
  const size = graph.names.length;
  const longest = new Int32Array(size).fill(-1);
  const onChain = new Uint8Array(size);
  const stackComponent = new Int32Array(size);
  const stackNext = new Int32Array(size);
  const stackBest = new Int32Array(size);
  let top = 0;
  const enter = (component: number): void => {
    onChain[component] = 1;
    stackComponent[top] = component;
    stackNext[top] = 0;
    stackBest[top] = 0;
    top++;
  };
  enter(start);
  while (top > 0) {
    const frame = top - 1;
    const component = stackComponent[frame]!;
    const callees = graph.calleeIds[component]!;
    if (graph.passes[component] && stackNext[frame]! < callees.length) {
      const callee = callees[stackNext[frame]!++]!;
      if (onChain[callee]) continue;
      const known = longest[callee]!;
      if (known >= 0) stackBest[frame] = Math.max(stackBest[frame]!, known + 1);
      else enter(callee);
      continue;
    }
    top--;
    onChain[component] = 0;
    longest[component] = stackBest[frame]!;
    if (top > 0) stackBest[top - 1] = Math.max(stackBest[top - 1]!, stackBest[frame]! + 1);
  }
  return 1 + longest[start]!;
}
