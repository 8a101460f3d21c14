import type { Component, Edge, SystemGraph } from "../graph/model.js";

/**
 * Each system as a request sees it: its own components, plus the components of other systems that its stand-ins
 * resolve to (`Component.resolvesTo`) and everything those call in turn, so a request path, its round trips, depth,
 * availability and blast radius are counted end to end across system boundaries. A system without resolvable
 * stand-ins is returned as it is.
 *
 * Components of another system are named `name (system)` and keep their own `system`; a stand-in is replaced by
 * the component it stands for, so crossing a boundary costs no extra hop.
 */
export function linkSystems(systems: readonly SystemGraph[]): Map<string, SystemGraph> {
  const byId = new Map<string, SystemGraph>();
  for (const system of systems) if (!byId.has(system.id)) byId.set(system.id, system);
  const linked = new Map<string, SystemGraph>();
  for (const system of byId.values()) linked.set(system.id, linkOne(system, byId));
  return linked;
}

/** How a request path of another system names component `name` of system `system`. */
export function linkedName(name: string, system: string): string {
  return `${name} (${system})`;
}

/**
 * The systems other than its own that components on a path of `system` belong to, in path order. The
 * components are indexed once for all the paths asked about.
 */
export function systemsCrossed(system: SystemGraph): (path: readonly string[]) => string[] {
  const systemOf = new Map(system.components.map((component) => [component.name, component.system]));
  // A system whose components are all its own crosses nothing: no path needs walking.
  if (system.components.every((component) => component.system === system.id)) return () => [];
  return (path) => {
    const crossed: string[] = [];
    for (const name of path) {
      const other = systemOf.get(name);
      if (other !== undefined && other !== system.id && !crossed.includes(other)) crossed.push(other);
    }
    return crossed;
  };
}

function linkOne(system: SystemGraph, byId: ReadonlyMap<string, SystemGraph>): SystemGraph {
  if (!system.components.some((component) => resolvable(component, byId))) return system;
  const components = new Map<string, Component>();
  const edges: Edge[] = [];
  const visited = new Set<string>();
  const queue: { graph: SystemGraph; name: string }[] = [];
  const indexes = new Map<SystemGraph, Map<string, Component>>();
  const componentOf = (graph: SystemGraph, name: string): Component | undefined => {
    let index = indexes.get(graph);
    if (!index) {
      index = new Map(graph.components.map((component) => [component.name, component]));
      indexes.set(graph, index);
    }
    return index.get(name);
  };
  const outgoing = new Map<SystemGraph, Map<string, Edge[]>>();
  const edgesFrom = (graph: SystemGraph, name: string): Edge[] => {
    let index = outgoing.get(graph);
    if (!index) {
      index = new Map();
      for (const edge of graph.edges) {
        const list = index.get(edge.from);
        if (list) list.push(edge);
        else index.set(edge.from, [edge]);
      }
      outgoing.set(graph, index);
    }
    return index.get(name) ?? [];
  };
  // The name a component of `graph` has in the linked system, visiting it when it belongs to another system.
  const nameOf = (graph: SystemGraph, name: string): string => {
    const own = componentOf(graph, name);
    const target = own && resolvable(own, byId) ? own.resolvesTo : undefined;
    const [home, local] = target ? [byId.get(target.system)!, target.component] : [graph, name];
    if (home.id === system.id) return local;
    const qualified = linkedName(local, home.id);
    if (!visited.has(qualified)) {
      visited.add(qualified);
      const found = componentOf(home, local);
      if (found) components.set(qualified, { ...found, name: qualified });
      queue.push({ graph: home, name: local });
    }
    return qualified;
  };
  for (const component of system.components)
    if (!resolvable(component, byId)) components.set(component.name, component);
  const addEdges = (graph: SystemGraph, list: readonly Edge[]) => {
    for (const edge of list)
      edges.push({ ...edge, from: nameOf(graph, edge.from), to: nameOf(graph, edge.to) });
  };
  addEdges(system, system.edges);
  for (let next = queue.shift(); next; next = queue.shift())
    addEdges(next.graph, edgesFrom(next.graph, next.name));
  return { ...system, components: [...components.values()], edges };
}

function resolvable(component: Component, byId: ReadonlyMap<string, SystemGraph>): boolean {
  const target = component.resolvesTo;
  return (
    target !== undefined &&
    (byId.get(target.system)?.components.some((other) => other.name === target.component) ?? false)
  );
}
