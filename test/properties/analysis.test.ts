import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeGraphs } from "../../src/analysis/analyze.js";
import { blastRadius } from "../../src/analysis/blast-radius.js";
import { callGraph } from "../../src/analysis/call-graph.js";
import { strongComponents } from "../../src/analysis/strong-components.js";
import type { EntryPointMetrics } from "../../src/analysis/types.js";
import { diffGraphs, isEmptyDelta, type GraphDelta } from "../../src/graph/diff.js";
import { COMPONENT_KINDS, type SystemGraph } from "../../src/graph/model.js";
import { graphSet } from "../analysis/graphs.js";

/**
 * Properties of the analysis over generated graphs (cycles, self-calls, queues, calls to undefined names, hostile
 * names). Seeds are fixed so a failure reproduces; fast-check prints the smallest graph that breaks a property.
 */

const RUNS = { seed: 20_261_203, numRuns: 300 };
const NAMES = ["web", "api", "db", "queue", "worker", "cache", "@team", '"]);<img>', "a b", "x-1"];

const graphs: fc.Arbitrary<SystemGraph> = fc
  .record({
    components: fc.uniqueArray(
      fc.record({ name: fc.constantFrom(...NAMES), kind: fc.constantFrom(...COMPONENT_KINDS) }),
      {
        selector: (component) => component.name,
        maxLength: NAMES.length,
      },
    ),
    edges: fc.array(fc.tuple(fc.constantFrom(...NAMES), fc.constantFrom(...NAMES)), { maxLength: 30 }),
    entries: fc.array(fc.constantFrom(...NAMES), { maxLength: 6 }),
  })
  .map(({ components, edges, entries }) => {
    const kinds = new Map(components.map((component) => [component.name, component.kind]));
    const known = (name: string) => kinds.has(name);
    const unique = new Map(
      edges.filter(([from, to]) => known(from) && known(to)).map((edge) => [edge.join(">"), edge]),
    );
    return {
      id: "compose:.",
      format: "compose",
      components: components.map((component) => ({
        ...component,
        system: "compose:.",
        location: { file: "compose.yaml", line: 1 },
      })),
      edges: [...unique.values()].map(([from, to]) => ({
        from,
        to,
        kind: kinds.get(to) === "queue" ? ("async" as const) : ("sync" as const),
        evidence: [{ file: "compose.yaml", line: 2, rule: "test/edge", detail: `${from} -> ${to}` }],
      })),
      entryPoints: entries
        .filter(known)
        .map((component) => ({ component, via: "published port 80", evidence: [] })),
    };
  });

const availabilities = fc.double({ min: Number.MIN_VALUE, max: 1, noNaN: true });

/** What one request through `entry` may touch, walked independently of the analysis: calls, never out of a queue. */
function reachable(system: SystemGraph, entry: string): Set<string> {
  const kinds = new Map(system.components.map((component) => [component.name, component.kind]));
  const seen = new Set([entry]);
  const pending = [entry];
  while (pending.length > 0) {
    const at = pending.pop()!;
    if (kinds.get(at) === "queue") continue;
    for (const edge of system.edges)
      if (edge.from === at && !seen.has(edge.to)) {
        seen.add(edge.to);
        pending.push(edge.to);
      }
  }
  return seen;
}

function headMetrics(system: SystemGraph, availability: number): Map<string, EntryPointMetrics> {
  const report = analyzeGraphs(graphSet(system), graphSet(system), { componentAvailability: availability });
  return new Map((report.systems[0]?.entryPoints ?? []).map((entry) => [entry.entry, entry.head!]));
}

describe("analysis properties", () => {
  it("an entry point's round trips >= its depth >= 1, and availability is in (0, 1]", () => {
    fc.assert(
      fc.property(graphs, availabilities, (system, availability) => {
        for (const metrics of headMetrics(system, availability).values()) {
          expect(metrics.depth).toBeGreaterThanOrEqual(1);
          expect(metrics.roundTrips).toBeGreaterThanOrEqual(metrics.depth);
          expect(metrics.availability).toBeGreaterThan(0);
          expect(metrics.availability).toBeLessThanOrEqual(1);
        }
      }),
      RUNS,
    );
  });

  it("a component's blast radius is exactly the entry points whose request path holds it", () => {
    fc.assert(
      fc.property(graphs, (system) => {
        const metrics = headMetrics(system, 0.999);
        for (const [entry, { requestPath }] of metrics)
          expect(new Set(requestPath)).toEqual(reachable(system, entry));
        const radius = blastRadius(system, metrics);
        for (const component of system.components) {
          const expected = [...metrics.keys()].filter((entry) =>
            reachable(system, entry).has(component.name),
          );
          expect([component.name, [...(radius.get(component.name) ?? [])].sort()]).toEqual([
            component.name,
            expected.sort(),
          ]);
        }
      }),
      RUNS,
    );
  });

  it("round trips are 1 plus the declared calls with both ends on the request path", () => {
    fc.assert(
      fc.property(graphs, (system) => {
        for (const [entry, metrics] of headMetrics(system, 0.999)) {
          const onPath = reachable(system, entry);
          const calls = system.edges.filter((edge) => onPath.has(edge.from) && onPath.has(edge.to));
          expect([entry, metrics.roundTrips]).toEqual([entry, 1 + calls.length]);
        }
      }),
      RUNS,
    );
  });

  it("two components share a group exactly when each reaches the other", () => {
    fc.assert(
      fc.property(graphs, (system) => {
        const graph = callGraph(system);
        const { groupOf } = strongComponents(graph);
        for (const a of graph.names)
          for (const b of graph.names) {
            const mutual = reachable(system, a).has(b) && reachable(system, b).has(a);
            const same = groupOf[graph.index.get(a)!] === groupOf[graph.index.get(b)!];
            expect([a, b, same]).toEqual([a, b, mutual]);
          }
      }),
      RUNS,
    );
  });

  it("diff(g, g) is empty", () => {
    fc.assert(
      fc.property(graphs, (system) => {
        expect(isEmptyDelta(diffGraphs(system, system))).toBe(true);
        expect(isEmptyDelta(diffGraphs(system, structuredClone(system)))).toBe(true);
      }),
      RUNS,
    );
  });

  it("diff(a, b) reversed is diff(b, a)", () => {
    fc.assert(
      fc.property(graphs, graphs, (a, b) => {
        expect(reversed(diffGraphs(a, b))).toEqual(summary(diffGraphs(b, a)));
      }),
      RUNS,
    );
  });
});

/** A delta as sets of names, order aside, so two deltas compare by what they say. */
function summary(delta: GraphDelta) {
  const names = (items: { name: string }[]) => items.map((item) => item.name).sort();
  const edges = (items: { from: string; to: string }[]) =>
    items.map((edge) => `${edge.from}>${edge.to}`).sort();
  return {
    added: names(delta.addedComponents),
    removed: names(delta.removedComponents),
    renamed: delta.renamedComponents.map((rename) => `${rename.base.name}>${rename.head.name}`).sort(),
    changed: names(delta.changedComponents.map((change) => change.head)),
    addedEdges: edges(delta.addedEdges),
    removedEdges: edges(delta.removedEdges),
    changedEdges: edges(delta.changedEdges.map((pair) => pair.head)),
  };
}

function reversed(delta: GraphDelta) {
  const forward = summary(delta);
  return {
    added: forward.removed,
    removed: forward.added,
    renamed: delta.renamedComponents.map((rename) => `${rename.head.name}>${rename.base.name}`).sort(),
    changed: forward.changed,
    addedEdges: forward.removedEdges,
    removedEdges: forward.addedEdges,
    changedEdges: forward.changedEdges,
  };
}
