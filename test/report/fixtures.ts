/**
 * Hand-made ChangeReport values for the report tests. The worked example carries its numbers
 * written out by hand (from the product definitions), so the tests check printing, not arithmetic.
 */
import type { Component, ComponentKind, Edge, EntryPoint, SystemGraph } from "../../src/graph/model.js";
import { edgeKey } from "../../src/graph/model.js";
import type {
  ChangeReport,
  EntryPointDelta,
  EntryPointMetrics,
  SystemReport,
} from "../../src/analysis/types.js";
import type { GraphDelta } from "../../src/graph/diff.js";

export const OPTIONS = { componentAvailability: 0.999, timeBudgetMs: 10_000 };

export function component(
  system: string,
  name: string,
  kind: ComponentKind,
  file: string,
  line?: number,
): Component {
  return { name, kind, system, location: line === undefined ? { file } : { file, line } };
}

export function edge(
  graph: SystemGraph,
  from: string,
  to: string,
  file = "",
  line?: number,
  detail = "",
): Edge {
  const target = graph.components.find((item) => item.name === to);
  return {
    from,
    to,
    kind: target?.kind === "queue" ? "async" : "sync",
    evidence: [{ rule: "compose/env-host", file, ...(line === undefined ? {} : { line }), detail }],
  };
}

export function entry(componentName: string, via: string, file: string, line: number): EntryPoint {
  return {
    component: componentName,
    via,
    evidence: [{ rule: "compose/published-port", file, line, detail: via }],
  };
}

export function emptyDelta(): GraphDelta {
  return {
    addedComponents: [],
    removedComponents: [],
    renamedComponents: [],
    changedComponents: [],
    addedEdges: [],
    removedEdges: [],
    changedEdges: [],
  };
}

/** Components and edges added and removed, matched by name (what the analysis reports). */
export function deltaOf(base: SystemGraph | undefined, head: SystemGraph | undefined): GraphDelta {
  const baseNames = new Set(base?.components.map((item) => item.name));
  const headNames = new Set(head?.components.map((item) => item.name));
  const baseEdges = new Set(base?.edges.map(edgeKey));
  const headEdges = new Set(head?.edges.map(edgeKey));
  return {
    ...emptyDelta(),
    addedComponents: (head?.components ?? []).filter((item) => !baseNames.has(item.name)),
    removedComponents: (base?.components ?? []).filter((item) => !headNames.has(item.name)),
    addedEdges: (head?.edges ?? []).filter((item) => !baseEdges.has(edgeKey(item))),
    removedEdges: (base?.edges ?? []).filter((item) => !headEdges.has(edgeKey(item))),
  };
}

/** The base and head graphs of the worked example, for one system id (e.g. `compose:deploy`). */
export function workedGraphs(
  system: string,
  file = "deploy/docker-compose.yml",
): {
  base: SystemGraph;
  head: SystemGraph;
} {
  const base: SystemGraph = {
    id: system,
    format: system.split(":")[0]!,
    components: [
      component(system, "web", "service", file, 2),
      component(system, "api", "service", file, 8),
      component(system, "posts-db", "datastore", file, 14),
    ],
    edges: [],
    entryPoints: [entry("web", "published port 8080", file, 5)],
  };
  base.edges = [
    edge(base, "web", "api", file, 4, "API_URL=http://api:3000"),
    edge(base, "api", "posts-db", file, 10, "DATABASE_URL=postgres://app:***@posts-db:5432/posts"),
  ];
  const head: SystemGraph = {
    ...base,
    components: [
      ...base.components,
      component(system, "cache", "cache", file, 20),
      component(system, "events", "queue", file, 24),
      component(system, "indexer", "service", file, 28),
      component(system, "search", "datastore", file, 34),
    ],
  };
  head.edges = [
    ...base.edges,
    edge(head, "api", "cache", file, 11, "REDIS_URL=redis://cache:6379"),
    edge(head, "api", "events", file, 12, "KAFKA_BROKERS=events:9092"),
    edge(head, "indexer", "events", file, 30, "KAFKA_BROKERS=events:9092"),
    edge(head, "indexer", "search", file, 31, "SEARCH_URL=http://search:9200"),
    edge(head, "api", "search", file, 13, "SEARCH_URL=http://search:9200"),
  ];
  return { base, head };
}

/** The worked example as the analysis reports it, numbers written out by hand. */
export function workedSystem(system = "compose:deploy", file = "deploy/docker-compose.yml"): SystemReport {
  const { base, head } = workedGraphs(system, file);
  const baseWeb: EntryPointMetrics = {
    via: "published port 8080",
    requestPath: ["web", "api", "posts-db"],
    roundTrips: 3,
    depth: 3,
    availability: 0.999 ** 3,
  };
  const headWeb: EntryPointMetrics = {
    via: "published port 8080",
    requestPath: ["web", "api", "posts-db", "cache", "events", "search"],
    roundTrips: 6,
    depth: 3,
    availability: 0.999 ** 6,
  };
  return {
    system,
    format: base.format,
    status: "changed",
    delta: deltaOf(base, head),
    entryPoints: [{ entry: "web", base: baseWeb, head: headWeb }],
    blastRadius: [
      { component: "cache", base: [], head: ["web"] },
      { component: "events", base: [], head: ["web"] },
      { component: "search", base: [], head: ["web"] },
    ],
    mergeCandidates: [{ component: "api", caller: "web", entryPoints: ["web"], savedRoundTrips: 1 }],
    background: ["indexer"],
    base,
    head,
  };
}

export interface AddedNamesOptions {
  system: string;
  file: string;
  /** Kind of the `index`-th added component. */
  kindOf: (index: number) => ComponentKind;
  webKind: ComponentKind;
  /** Line and evidence detail of every added call (the detail may hold a credential to keep out). */
  callLine: number;
  callDetail: string;
}

/**
 * A compose system whose head adds one component per name, each called from `web` (the one entry point):
 * for names written to break out of Markdown, Mermaid or HTML.
 */
export function systemAddingNames(names: readonly string[], options: AddedNamesOptions): SystemReport {
  const { system, file } = options;
  const base: SystemGraph = {
    id: system,
    format: "compose",
    components: [component(system, "web", options.webKind, file, 1)],
    edges: [],
    entryPoints: [entry("web", "published port 80", file, 1)],
  };
  const head: SystemGraph = {
    ...base,
    components: [
      ...base.components,
      ...names.map((name, i) => component(system, name, options.kindOf(i), file, i + 2)),
    ],
  };
  head.edges = names.map((name) => edge(head, "web", name, file, options.callLine, options.callDetail));
  return {
    system,
    format: "compose",
    status: "changed",
    delta: deltaOf(base, head),
    entryPoints: [],
    blastRadius: [],
    mergeCandidates: [],
    background: [],
    base,
    head,
  };
}

export function report(systems: SystemReport[], extra: Partial<ChangeReport> = {}): ChangeReport {
  return {
    headline: "+4 components, +3 round trips on web, availability 99.70% -> 99.40%",
    changed: systems.some((system) => system.status !== "unchanged"),
    fingerprint: "f00dcafe",
    systems,
    warnings: [],
    notes: [],
    options: OPTIONS,
    ...extra,
  };
}

export function workedExample(): ChangeReport {
  return report([workedSystem()], {
    warnings: [
      {
        id: "compose/unknown-depends-on",
        file: "deploy/docker-compose.yml",
        line: 9,
        message: "depends_on names `mailer`, which is not a service",
      },
    ],
    notes: ["Helm chart under charts/ skipped"],
  });
}

/** A system whose head graph equals its base graph. */
export function unchangedSystem(graph: SystemGraph, entries: EntryPointDelta[] = []): SystemReport {
  return {
    system: graph.id,
    format: graph.format,
    status: "unchanged",
    delta: emptyDelta(),
    entryPoints: entries,
    blastRadius: [],
    mergeCandidates: [],
    background: [],
    base: graph,
    head: graph,
  };
}

/**
 * A changed system of `size` services in a chain behind one entry point, with `added` new services
 * hanging off the first one: enough components and edges to break every size limit.
 */
export function hugeSystem(
  system: string,
  size: number,
  added: number,
  nameOf = (i: number) => `svc-${i}`,
): SystemReport {
  const file = "deploy/huge.yml";
  const baseComponents = Array.from({ length: size }, (_, i) =>
    component(system, nameOf(i), "service", file, i + 1),
  );
  const addedComponents = Array.from({ length: added }, (_, i) =>
    component(system, `${nameOf(size + i)}`, "datastore", file, size + i + 1),
  );
  const base: SystemGraph = {
    id: system,
    format: "compose",
    components: baseComponents,
    edges: [],
    entryPoints: [],
  };
  base.edges = baseComponents.slice(1).map((item, i) => edge(base, nameOf(i), item.name, file, i + 1));
  base.entryPoints = [entry(nameOf(0), "published port 80", file, 1)];
  const head: SystemGraph = { ...base, components: [...baseComponents, ...addedComponents] };
  head.edges = [...base.edges, ...addedComponents.map((item) => edge(head, nameOf(0), item.name, file, 1))];
  const availability = (count: number) => 0.999 ** count;
  return {
    system,
    format: "compose",
    status: "changed",
    delta: deltaOf(base, head),
    entryPoints: [
      {
        entry: nameOf(0),
        base: {
          via: "published port 80",
          requestPath: baseComponents.map((item) => item.name),
          roundTrips: size,
          depth: size,
          availability: availability(size),
        },
        head: {
          via: "published port 80",
          requestPath: head.components.map((item) => item.name),
          roundTrips: size + added,
          depth: size,
          availability: availability(size + added),
        },
      },
    ],
    blastRadius: addedComponents.map((item) => ({ component: item.name, base: [], head: [nameOf(0)] })),
    mergeCandidates: [],
    background: [],
    base,
    head,
  };
}
