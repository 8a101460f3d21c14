import type { CallGraph } from "./call-graph.js";

/**
 * Calls on the longest chain from the client through `entry` (the client's call counts 1). Cycles are cut where a
 * depth-first walk in declaration order finds a call back into its own chain; what remains is acyclic, so the
 * longest chain is found in linear time instead of by enumerating every path.
 */
export function depth(graph: CallGraph, entry: string): number {
  const start = graph.index.get(entry);
  if (start === undefined) return 1;
  const { longest, onChain, stackComponent, stackNext, stackBest } = scratchOf(graph);
  longest.fill(-1);
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

interface Scratch {
  longest: Int32Array;
  /** All zero between walks: a walk clears what it set as it unwinds. */
  onChain: Uint8Array;
  stackComponent: Int32Array;
  stackNext: Int32Array;
  stackBest: Int32Array;
}

// One set of buffers per graph, reused by the walk of every entry point: thousands of entry points over thousands
// of components would otherwise allocate (and collect) five arrays each.
const scratches = new WeakMap<CallGraph, Scratch>();

function scratchOf(graph: CallGraph): Scratch {
  let scratch = scratches.get(graph);
  if (!scratch) {
    const size = graph.names.length;
    scratch = {
      longest: new Int32Array(size),
      onChain: new Uint8Array(size),
      stackComponent: new Int32Array(size),
      stackNext: new Int32Array(size),
      stackBest: new Int32Array(size),
    };
    scratches.set(graph, scratch);
  }
  return scratch;
}
