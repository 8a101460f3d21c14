import { edgeKey, type Component, type EdgeKind, type Evidence, type SystemGraph } from "../graph/model.js";
import { callGraph } from "./call-graph.js";
import { entryPointLimit, entryPointMetrics } from "./entry-metrics.js";
import { mergeCandidates } from "./merge-candidates.js";
import type { EntryPointMetrics } from "./types.js";

/** A call into or out of the explained component, with why it was inferred. */
export interface Neighbour {
  name: string;
  kind: EdgeKind;
  evidence: Evidence[];
}

/** One entry point whose request path holds the component: the path's numbers, and the calls on it that touch it. */
export interface PathThrough extends EntryPointMetrics {
  entry: string;
  /** Calls on this path into or out of the component (the round trips it takes part in). */
  callsTouching: number;
}

export interface ComponentExplanation {
  system: string;
  component: Component;
  /** How clients outside reach it, when it is an entry point itself. */
  entryVia?: string;
  callers: Neighbour[];
  callees: Neighbour[];
  paths: PathThrough[];
  /** The only caller it could run inside, when it is a box to delete. */
  mergeInto?: string;
}

/** One line per neighbour: several declarations of the same call pool their evidence; a sync one makes it sync. */
function neighbours(system: SystemGraph, side: "from" | "to", name: string): Neighbour[] {
  const other = side === "from" ? "to" : "from";
  const byName = new Map<string, Neighbour>();
  for (const edge of system.edges) {
    if (edge[side] !== name || edge[other] === name) continue;
    const known = byName.get(edge[other]);
    if (!known) byName.set(edge[other], { name: edge[other], kind: edge.kind, evidence: [...edge.evidence] });
    else {
      known.evidence.push(...edge.evidence);
      if (edge.kind === "sync") known.kind = "sync";
    }
  }
  return [...byName.values()];
}

/** Everything one component takes part in within its system, measured at the given availability per component. */
export function explainComponent(
  system: SystemGraph,
  component: Component,
  componentAvailability: number,
): ComponentExplanation {
  const graph = callGraph(system);
  const metrics = entryPointMetrics(system, graph, componentAvailability, entryPointLimit(system));
  const paths: PathThrough[] = [];
  for (const [entry, numbers] of metrics) {
    if (!numbers.requestPath.includes(component.name)) continue;
    const onPath = new Set(numbers.requestPath);
    const touching = system.edges.filter(
      (edge) =>
        (edge.from === component.name || edge.to === component.name) &&
        onPath.has(edge.from) &&
        onPath.has(edge.to),
    );
    const callsTouching = new Set(touching.map(edgeKey)).size;
    paths.push({ entry, ...numbers, callsTouching });
  }
  const explanation: ComponentExplanation = {
    system: system.id,
    component,
    callers: neighbours(system, "to", component.name),
    callees: neighbours(system, "from", component.name),
    paths,
  };
  const via = metrics.get(component.name)?.via;
  if (via !== undefined) explanation.entryVia = via;
  const candidate = mergeCandidates(system, graph, metrics).find(
    (found) => found.component === component.name,
  );
  if (candidate) explanation.mergeInto = candidate.caller;
  return explanation;
}
