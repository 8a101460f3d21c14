import type { ComponentKind, SystemGraph } from "../graph/model.js";
import { edgeKey } from "../graph/model.js";

/**
 * Adjacency of one system, built once and shared by every per-entry-point walk. Components are numbered so the
 * walks run on typed arrays: a hostile file can hold thousands of entry points over thousands of components.
 */
export interface CallGraph {
  names: readonly string[];
  index: ReadonlyMap<string, number>;
  kinds: ReadonlyMap<string, ComponentKind>;
  /** Per component number: callee numbers in declaration order, each listed once; event deliveries are left out. */
  calleeIds: readonly Int32Array[];
  /** Per component number: whether a request walks on past it (everything but a queue). */
  passes: Uint8Array;
  /** Distinct callers of each component (self-calls excluded). */
  callers: ReadonlyMap<string, readonly string[]>;
  /** Every declared call a request may wait for once, by endpoints: sync calls and publishing to a queue. */
  edgeFrom: Int32Array;
  edgeTo: Int32Array;
}

export function callGraph(system: SystemGraph): CallGraph {
  const kinds = new Map<string, ComponentKind>();
  for (const component of system.components)
    if (!kinds.has(component.name)) kinds.set(component.name, component.kind);
  const names: string[] = [];
  const index = new Map<string, number>();
  const id = (name: string): number => {
    let found = index.get(name);
    if (found === undefined) {
      found = names.length;
      names.push(name);
      index.set(name, found);
    }
    return found;
  };
  for (const name of kinds.keys()) id(name);
  const callees: number[][] = [];
  const callers = new Map<string, string[]>();
  const from: number[] = [];
  const to: number[] = [];
  const seen = new Set<string>();
  for (const edge of system.edges) {
    const key = edgeKey(edge);
    if (seen.has(key)) continue;
    seen.add(key);
    const source = id(edge.from);
    const target = id(edge.to);
    if (edge.from !== edge.to) append(callers, edge.to, edge.from);
    if (isDelivery(edge, kinds)) continue;
    from.push(source);
    to.push(target);
    (callees[source] ??= []).push(target);
  }
  const passes = new Uint8Array(names.length);
  names.forEach((name, number) => (passes[number] = kinds.get(name) === "queue" ? 0 : 1));
  return {
    names,
    index,
    kinds,
    calleeIds: names.map((_, number) => Int32Array.from(callees[number] ?? [])),
    passes,
    callers,
    edgeFrom: Int32Array.from(from),
    edgeTo: Int32Array.from(to),
  };
}

/**
 * An async call to anything but a queue is an event handed over (a queue feeding its consumer, a bucket notifying a
 * function): no request waits for it, so no walk follows it and it is no round trip. Publishing to a queue is one.
 */
function isDelivery(edge: SystemGraph["edges"][number], kinds: ReadonlyMap<string, ComponentKind>): boolean {
  return edge.kind === "async" && kinds.get(edge.to) !== "queue";
}

function append(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
