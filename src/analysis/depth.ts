import type { CallGraph } from "./call-graph.js";
import { continuesPast } from "./call-graph.js";

/**
 * Calls on the longest chain from the client through `entry` (the client's call counts 1). Cycles are cut where a
 * depth-first walk in declaration order finds a call back into its own chain; what remains is acyclic, so the
 * longest chain is found in linear time instead of by enumerating every path.
 */
export function depth(graph: CallGraph, entry: string): number {
  const longest = new Map<string, number>();
  const onChain = new Set<string>();
  const stack: { component: string; next: number; best: number }[] = [];
  const enter = (component: string): void => {
    onChain.add(component);
    stack.push({ component, next: 0, best: 0 });
  };
  enter(entry);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const callees = continuesPast(graph, frame.component) ? (graph.callees.get(frame.component) ?? []) : [];
    if (frame.next < callees.length) {
      const callee = callees[frame.next++]!;
      if (onChain.has(callee)) continue;
      const known = longest.get(callee);
      if (known !== undefined) frame.best = Math.max(frame.best, known + 1);
      else enter(callee);
      continue;
    }
    stack.pop();
    onChain.delete(frame.component);
    longest.set(frame.component, frame.best);
    const parent = stack[stack.length - 1];
    if (parent) parent.best = Math.max(parent.best, frame.best + 1);
  }
  return 1 + (longest.get(entry) ?? 0);
}
