import type { Component, Edge, Replicas, Resources, SystemGraph } from "./model.js";
import { edgeKey } from "./model.js";

export interface ComponentChange {
  base: Component;
  head: Component;
  /** Human-readable, e.g. `kind cache -> datastore`, `replicas 1 -> 3`. */
  changes: string[];
}

export interface GraphDelta {
  addedComponents: Component[];
  removedComponents: Component[];
  changedComponents: ComponentChange[];
  addedEdges: Edge[];
  removedEdges: Edge[];
  /** Same endpoints, different kind (sync/async). */
  changedEdges: { base: Edge; head: Edge }[];
}

/**
 * What changed between two versions of one system. Components are matched by name, edges by their endpoints,
 * so a renamed component reads as one removed and one added (the graph cannot tell a rename from a swap).
 */
export function diffGraphs(base: SystemGraph | undefined, head: SystemGraph | undefined): GraphDelta {
  const baseComponents = byName(base?.components ?? []);
  const headComponents = byName(head?.components ?? []);
  const baseEdges = byEndpoints(base?.edges ?? []);
  const headEdges = byEndpoints(head?.edges ?? []);

  const changedComponents: ComponentChange[] = [];
  for (const [name, headComponent] of headComponents) {
    const baseComponent = baseComponents.get(name);
    if (!baseComponent) continue;
    const changes = componentChanges(baseComponent, headComponent);
    if (changes.length > 0) changedComponents.push({ base: baseComponent, head: headComponent, changes });
  }

  const changedEdges: GraphDelta["changedEdges"] = [];
  for (const [key, headEdge] of headEdges) {
    const baseEdge = baseEdges.get(key);
    if (baseEdge && baseEdge.kind !== headEdge.kind) changedEdges.push({ base: baseEdge, head: headEdge });
  }

  return {
    addedComponents: [...headComponents.values()].filter((component) => !baseComponents.has(component.name)),
    removedComponents: [...baseComponents.values()].filter(
      (component) => !headComponents.has(component.name),
    ),
    changedComponents,
    addedEdges: [...headEdges.entries()].filter(([key]) => !baseEdges.has(key)).map(([, edge]) => edge),
    removedEdges: [...baseEdges.entries()].filter(([key]) => !headEdges.has(key)).map(([, edge]) => edge),
    changedEdges,
  };
}

export function isEmptyDelta(delta: GraphDelta): boolean {
  return (
    delta.addedComponents.length === 0 &&
    delta.removedComponents.length === 0 &&
    delta.changedComponents.length === 0 &&
    delta.addedEdges.length === 0 &&
    delta.removedEdges.length === 0 &&
    delta.changedEdges.length === 0
  );
}

/** Readable one-liners such as `kind cache -> datastore` or `replicas 1 -> 3`, in a fixed order. */
export function componentChanges(base: Component, head: Component): string[] {
  const changes: string[] = [];
  if (base.kind !== head.kind) changes.push(`kind ${base.kind} -> ${head.kind}`);
  if ((base.image ?? "") !== (head.image ?? "")) {
    changes.push(`image ${base.image ?? "none"} -> ${head.image ?? "none"}`);
  }
  const baseReplicas = formatReplicas(base.replicas);
  const headReplicas = formatReplicas(head.replicas);
  if (baseReplicas !== headReplicas) changes.push(`replicas ${baseReplicas} -> ${headReplicas}`);
  changes.push(...resourceChanges(base.resources ?? {}, head.resources ?? {}));
  const baseRegions = [...(base.regions ?? [])].sort().join(", ");
  const headRegions = [...(head.regions ?? [])].sort().join(", ");
  if (baseRegions !== headRegions)
    changes.push(`regions ${baseRegions || "none"} -> ${headRegions || "none"}`);
  return changes;
}

const RESOURCE_FIELDS: ReadonlyArray<readonly [keyof Resources, string, (value: number) => string]> = [
  ["cpuCores", "cpu", (value) => `${round(value)} cores`],
  ["memoryBytes", "memory", formatBytes],
  ["gpus", "gpus", (value) => String(round(value))],
  ["storageBytes", "storage", formatBytes],
];

function resourceChanges(base: Resources, head: Resources): string[] {
  const changes: string[] = [];
  for (const [field, label, format] of RESOURCE_FIELDS) {
    const before = base[field];
    const after = head[field];
    if (before === after) continue;
    changes.push(
      `${label} ${before === undefined ? "unset" : format(before)} -> ${after === undefined ? "unset" : format(after)}`,
    );
  }
  return changes;
}

function formatReplicas(replicas: Replicas | undefined): string {
  if (!replicas) return "unset";
  return replicas.min === replicas.max ? String(replicas.min) : `${replicas.min}-${replicas.max}`;
}

const BYTE_UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${round(value)} ${BYTE_UNITS[unit]}`;
}

function round(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function byName(components: Component[]): Map<string, Component> {
  const map = new Map<string, Component>();
  for (const component of components) if (!map.has(component.name)) map.set(component.name, component);
  return map;
}

function byEndpoints(edges: Edge[]): Map<string, Edge> {
  const map = new Map<string, Edge>();
  for (const edge of edges) if (!map.has(edgeKey(edge))) map.set(edgeKey(edge), edge);
  return map;
}
