import type { Component, ComponentKind, GraphSet, SystemGraph } from "../../src/graph/model.js";

/** Terse graph literals for tests: `system("compose:.", { web: "service" }, ["web>api"], ["web"])`. */
export function system(
  id: string,
  components: Record<string, ComponentKind | Partial<Component>>,
  edges: string[],
  entryPoints: string[],
): SystemGraph {
  const kinds = new Map(
    Object.entries(components).map(([name, value]) => [
      name,
      typeof value === "string" ? value : (value.kind ?? "service"),
    ]),
  );
  return {
    id,
    format: id.split(":")[0]!,
    components: Object.entries(components).map(([name, value]) => ({
      name,
      system: id,
      location: { file: "compose.yaml", line: 1 },
      ...(typeof value === "string" ? { kind: value } : { kind: "service" as const, ...value }),
    })),
    edges: edges.map((text) => {
      const [from, to] = text.split(">") as [string, string];
      return {
        from,
        to,
        kind: kinds.get(to) === "queue" ? ("async" as const) : ("sync" as const),
        evidence: [{ file: "compose.yaml", line: 2, rule: "test/edge", detail: text }],
      };
    }),
    entryPoints: entryPoints.map((component) => ({ component, via: "published port 8080", evidence: [] })),
  };
}

export function graphSet(...systems: SystemGraph[]): GraphSet {
  return { systems, warnings: [], notes: [] };
}

/** The worked example of the product definitions. */
export const WORKED_BASE = system(
  "compose:.",
  { web: "service", api: "service", "posts-db": "datastore" },
  ["web>api", "api>posts-db"],
  ["web"],
);

export const WORKED_HEAD = system(
  "compose:.",
  {
    web: "service",
    api: "service",
    "posts-db": "datastore",
    cache: "cache",
    events: "queue",
    indexer: "service",
    search: "datastore",
  },
  ["web>api", "api>posts-db", "api>cache", "api>events", "indexer>events", "indexer>search", "api>search"],
  ["web"],
);
