import type { ComponentKind, Edge, SystemGraph } from "../graph/model.js";
import { edgeKey } from "../graph/model.js";
import { blastRadius } from "./blast-radius.js";
import { callGraph } from "./call-graph.js";
import { entryPointLimit, entryPointMetrics } from "./entry-metrics.js";
import type { EntryPointMetrics } from "./types.js";

/** An entry point's numbers before and after the change asked about; `after` is absent when it no longer exists. */
export interface EntryPointOutcome {
  entry: string;
  /** The entry point's name afterwards (a merged entry point answers as the component it moved into). */
  afterEntry?: string;
  before: EntryPointMetrics;
  after?: EntryPointMetrics;
}

export type MergeRefusal =
  | { reason: "same-component" }
  /** Only a service's code can move into another process. */
  | { reason: "not-code"; component: string; kind: ComponentKind }
  | { reason: "into-not-code"; component: string; kind: ComponentKind };

export interface MergeOutcome {
  system: string;
  moved: string;
  into: string;
  entryPoints: EntryPointOutcome[];
  componentsBefore: number;
  componentsAfter: number;
  /** Components other than `into` that called `moved`: they call `into` afterwards. */
  otherCallers: string[];
  /** Entry points that fail when `into` fails, before and after: the merged process fails as one. */
  blastRadius: { before: string[]; after: string[] };
}

function measure(system: SystemGraph, componentAvailability: number): Map<string, EntryPointMetrics> {
  return entryPointMetrics(system, callGraph(system), componentAvailability, entryPointLimit(system));
}

function uniqueEdges(edges: readonly Edge[]): Edge[] {
  const byKey = new Map<string, Edge>();
  for (const edge of edges) {
    const known = byKey.get(edgeKey(edge));
    if (!known) byKey.set(edgeKey(edge), { ...edge, evidence: [...edge.evidence] });
    else {
      known.evidence.push(...edge.evidence);
      if (edge.kind === "sync") known.kind = "sync";
    }
  }
  return [...byKey.values()];
}

/** The system as it would be with `moved` running inside `into`: one component, their calls to each other gone. */
export function mergedSystem(system: SystemGraph, moved: string, into: string): SystemGraph {
  const rename = (name: string) => (name === moved ? into : name);
  const edges = system.edges
    .filter(
      (edge) => !((edge.from === moved && edge.to === into) || (edge.from === into && edge.to === moved)),
    )
    .map((edge) => ({ ...edge, from: rename(edge.from), to: rename(edge.to) }))
    .filter(
      (edge) => edge.from !== edge.to || system.edges.some((e) => e.from === edge.from && e.to === edge.to),
    );
  return {
    ...system,
    components: system.components.filter((component) => component.name !== moved),
    edges: uniqueEdges(edges),
    entryPoints: system.entryPoints.map((entryPoint) => ({
      ...entryPoint,
      component: rename(entryPoint.component),
    })),
  };
}

/**
 * What running `moved` inside `into` would change: the request paths, round trips, depth and availability of
 * every entry point, and the failure domain they then share. Refused when it makes no sense: a datastore, cache,
 * queue, gateway or third-party service is not code that can move into a process, nor a place code can move to.
 */
export function whatIfMerge(
  system: SystemGraph,
  moved: string,
  into: string,
  componentAvailability: number,
): { ok: true; outcome: MergeOutcome } | { ok: false; refusal: MergeRefusal } {
  if (moved === into) return { ok: false, refusal: { reason: "same-component" } };
  const kindOf = (name: string) => system.components.find((component) => component.name === name)?.kind;
  const movedKind = kindOf(moved) ?? "service";
  const intoKind = kindOf(into) ?? "service";
  if (movedKind !== "service")
    return { ok: false, refusal: { reason: "not-code", component: moved, kind: movedKind } };
  if (intoKind !== "service")
    return { ok: false, refusal: { reason: "into-not-code", component: into, kind: intoKind } };

  const after = mergedSystem(system, moved, into);
  const beforeMetrics = measure(system, componentAvailability);
  const afterMetrics = measure(after, componentAvailability);
  const entryPoints = [...beforeMetrics].map(([entry, before]): EntryPointOutcome => {
    const afterEntry = entry === moved ? into : entry;
    const outcome: EntryPointOutcome = { entry, afterEntry, before };
    const metrics = afterMetrics.get(afterEntry);
    if (metrics) outcome.after = metrics;
    return outcome;
  });
  const callersOf = (name: string) =>
    system.edges.filter((edge) => edge.to === name && edge.from !== name).map((edge) => edge.from);
  return {
    ok: true,
    outcome: {
      system: system.id,
      moved,
      into,
      entryPoints,
      componentsBefore: system.components.length,
      componentsAfter: after.components.length,
      otherCallers: [...new Set(callersOf(moved))].filter((caller) => caller !== into),
      blastRadius: {
        before: blastRadius(system, beforeMetrics).get(into) ?? [],
        after: blastRadius(after, afterMetrics).get(into) ?? [],
      },
    },
  };
}

/** One entry point after a component is deleted: gone (it was the entry point), losing part of its path, or not. */
export interface DeleteImpact extends EntryPointOutcome {
  effect: "gone" | "loses" | "unaffected";
  /** Components on its path before that it no longer reaches, the deleted one first. */
  lost: string[];
}

export interface DeleteOutcome {
  system: string;
  deleted: string;
  entryPoints: DeleteImpact[];
  /** Components that called the deleted one: their code has to do without it. */
  callers: string[];
  /** Components some entry point reached before and none reaches afterwards (the deleted one aside). */
  stranded: string[];
}

/** The system without `deleted`, its calls and its entry points. */
export function withoutComponent(system: SystemGraph, deleted: string): SystemGraph {
  return {
    ...system,
    components: system.components.filter((component) => component.name !== deleted),
    edges: system.edges.filter((edge) => edge.from !== deleted && edge.to !== deleted),
    entryPoints: system.entryPoints.filter((entryPoint) => entryPoint.component !== deleted),
  };
}

/** "Delete half the boxes; what survives?" for one box: which entry points lose what, and which do not notice. */
export function whatIfDelete(
  system: SystemGraph,
  deleted: string,
  componentAvailability: number,
): DeleteOutcome {
  const after = withoutComponent(system, deleted);
  const beforeMetrics = measure(system, componentAvailability);
  const afterMetrics = measure(after, componentAvailability);
  const entryPoints = [...beforeMetrics].map(([entry, before]): DeleteImpact => {
    const metrics = afterMetrics.get(entry);
    if (!metrics) return { entry, before, effect: "gone", lost: before.requestPath };
    const reached = new Set(metrics.requestPath);
    const lost = before.requestPath.filter((name) => !reached.has(name));
    return {
      entry,
      afterEntry: entry,
      before,
      after: metrics,
      effect: lost.length > 0 ? "loses" : "unaffected",
      lost,
    };
  });
  const reachedBefore = new Set([...beforeMetrics.values()].flatMap((metrics) => metrics.requestPath));
  const reachedAfter = new Set([...afterMetrics.values()].flatMap((metrics) => metrics.requestPath));
  const callers = system.edges
    .filter((edge) => edge.to === deleted && edge.from !== deleted)
    .map((edge) => edge.from);
  return {
    system: system.id,
    deleted,
    entryPoints,
    callers: [...new Set(callers)],
    stranded: [...reachedBefore].filter((name) => name !== deleted && !reachedAfter.has(name)),
  };
}
