import type { CallGraph } from "./call-graph.js";

/**
 * Strongly connected components of the calls a request walks (none out of a queue). Every component of one group
 * reaches exactly what the others reach, so whatever depends only on what a request may touch (round trips,
 * availability, blast radius) is worked out once per group instead of once per entry point.
 */
export interface StrongComponents {
  /** Group number of each component number. Groups are numbered sinks first (a reverse topological order). */
  groupOf: Int32Array;
  count: number;
}

/** Tarjan's algorithm without recursion: a hostile graph is far deeper than the call stack. */
export function strongComponents(graph: CallGraph): StrongComponents {
  const size = graph.names.length;
  const groupOf = new Int32Array(size).fill(-1);
  const order = new Int32Array(size).fill(-1);
  const low = new Int32Array(size);
  const onStack = new Uint8Array(size);
  const stack = new Int32Array(size);
  const frames = new Int32Array(size);
  const nextCallee = new Int32Array(size);
  let stackTop = 0;
  let visited = 0;
  let count = 0;
  for (let root = 0; root < size; root++) {
    if (order[root] !== -1) continue;
    let depth = 0;
    const enter = (component: number): void => {
      order[component] = low[component] = visited++;
      stack[stackTop++] = component;
      onStack[component] = 1;
      frames[depth++] = component;
      nextCallee[component] = 0;
    };
    enter(root);
    while (depth > 0) {
      const component = frames[depth - 1]!;
      const callees = graph.passes[component] ? graph.calleeIds[component]! : EMPTY;
      if (nextCallee[component]! < callees.length) {
        const callee = callees[nextCallee[component]!++]!;
        if (order[callee] === -1) enter(callee);
        else if (onStack[callee]) low[component] = Math.min(low[component]!, order[callee]!);
        continue;
      }
      depth--;
      if (depth > 0) {
        const caller = frames[depth - 1]!;
        low[caller] = Math.min(low[caller]!, low[component]!);
      }
      if (low[component] !== order[component]) continue;
      let member: number;
      do {
        member = stack[--stackTop]!;
        onStack[member] = 0;
        groupOf[member] = count;
      } while (member !== component);
      count++;
    }
  }
  return { groupOf, count };
}

const EMPTY = new Int32Array(0);
