import type { ChangeReport } from "../analysis/types.js";
import type { Component, Edge, SourceLocation, SystemGraph } from "../graph/model.js";
import type { DeltaExpectation, NamePair } from "./expected.js";
import { NameIndex, normaliseName, type NamedEntry } from "./match.js";
import type { FoundEdge } from "./score-view.js";

/**
 * Scores one delta: the components and edges the change report adds and removes, mapped to labels, must
 * equal the labelled ones exactly (optional ones aside). A negative control labels nothing, so it passes
 * only when nothing is reported.
 *
 * Names resolve through the delta's own aliases first, then through the labels of the case's views. A
 * reported addition whose label already exists at base is the same component under another name (a
 * rename, a new workload of a labelled service), so it is no addition; likewise for removals and edges.
 */

export interface DeltaComponentRef {
  system: string;
  name: string;
  location: SourceLocation;
}

export interface DeltaDifference<T> {
  /** Labelled but not reported, with what the analysis had instead. */
  missing: { name: string; context: string }[];
  /** Reported but not labelled, with what was reported. */
  unexpected: { name: string; found: T[] }[];
  matched: string[];
}

export interface DeltaScore {
  exact: boolean;
  negativeControl: boolean;
  addedComponents: DeltaDifference<DeltaComponentRef>;
  removedComponents: DeltaDifference<DeltaComponentRef>;
  addedEdges: DeltaDifference<FoundEdge>;
  removedEdges: DeltaDifference<FoundEdge>;
  /** What the report itself says, for context: a negative control may still show size or kind changes. */
  reportChanged: boolean;
  headline: string;
}

interface Label {
  key: string;
  display: string;
}

class DeltaLabels {
  private readonly index: NameIndex;

  constructor(expectation: DeltaExpectation, caseLabels: readonly NamedEntry[]) {
    const mentioned = [
      ...expectation.addedComponents,
      ...expectation.removedComponents,
      ...expectation.optionalComponents,
      ...[...expectation.addedEdges, ...expectation.removedEdges, ...expectation.optionalEdges].flat(),
      ...Object.keys(expectation.aliases),
    ];
    const own = [...new Set(mentioned)].map((name) => ({
      canonical: name,
      names: [name, ...(expectation.aliases[name] ?? [])],
    }));
    this.index = new NameIndex(own).add(caseLabels);
  }

  ofComponent(component: Pick<Component, "name" | "aliases">): Label {
    const label = this.index.resolve([component.name, ...(component.aliases ?? [])]);
    return label !== undefined
      ? { key: label, display: label }
      : { key: `\u0000${normaliseName(component.name)}`, display: component.name };
  }

  ofName(name: string): Label {
    return this.ofComponent({ name });
  }
}

/** Labels every component and edge of one side, so the other side's reports can be checked against it. */
class Side {
  readonly components = new Set<string>();
  readonly edges = new Set<string>();

  constructor(
    private readonly labels: DeltaLabels,
    graphs: readonly SystemGraph[],
  ) {
    for (const graph of graphs) {
      for (const component of graph.components) this.components.add(labels.ofComponent(component).key);
      for (const edge of graph.edges) this.edges.add(this.edgeKey(graph, edge));
    }
  }

  edgeLabel(
    graph: SystemGraph | undefined,
    edge: Pick<Edge, "from" | "to">,
  ): { key: string; display: string } {
    const endpoint = (name: string): Label => {
      const component = graph?.components.find((candidate) => candidate.name === name);
      return this.labels.ofComponent(component ?? { name });
    };
    const from = endpoint(edge.from);
    const to = endpoint(edge.to);
    return { key: `${from.key}\u0001${to.key}`, display: `${from.display} -> ${to.display}` };
  }

  private edgeKey(graph: SystemGraph, edge: Edge): string {
    return this.edgeLabel(graph, edge).key;
  }
}

export function scoreDelta(
  expectation: DeltaExpectation,
  report: ChangeReport,
  caseLabels: readonly NamedEntry[] = [],
): DeltaScore {
  const labels = new DeltaLabels(expectation, caseLabels);
  const base = new Side(
    labels,
    report.systems.flatMap((system) => (system.base ? [system.base] : [])),
  );
  const head = new Side(
    labels,
    report.systems.flatMap((system) => (system.head ? [system.head] : [])),
  );
  const optionalComponents = new Set(expectation.optionalComponents.map((name) => labels.ofName(name).key));
  const pairKey = ([from, to]: NamePair): string =>
    `${labels.ofName(from).key}\u0001${labels.ofName(to).key}`;
  const optionalEdges = new Set(expectation.optionalEdges.map(pairKey));

  const reportedComponents = (
    side: "added" | "removed",
    other: Side,
  ): Map<string, { display: string; found: DeltaComponentRef[] }> => {
    const groups = new Map<string, { display: string; found: DeltaComponentRef[] }>();
    for (const system of report.systems) {
      const graph = side === "added" ? system.head : system.base;
      let listed = side === "added" ? system.delta.addedComponents : system.delta.removedComponents;
      if (listed.length === 0 && system.status === side && graph) listed = graph.components;
      for (const component of listed) {
        const label = labels.ofComponent(component);
        if (other.components.has(label.key) || optionalComponents.has(label.key)) continue;
        const group = groups.get(label.key) ?? { display: label.display, found: [] };
        group.found.push({ system: system.system, name: component.name, location: component.location });
        groups.set(label.key, group);
      }
    }
    return groups;
  };

  const reportedEdges = (
    side: "added" | "removed",
    own: Side,
    other: Side,
  ): Map<string, { display: string; found: FoundEdge[] }> => {
    const groups = new Map<string, { display: string; found: FoundEdge[] }>();
    for (const system of report.systems) {
      const graph = side === "added" ? system.head : system.base;
      let listed = side === "added" ? system.delta.addedEdges : system.delta.removedEdges;
      if (listed.length === 0 && system.status === side && graph) listed = graph.edges;
      for (const edge of listed) {
        const label = own.edgeLabel(graph, edge);
        if (other.edges.has(label.key) || optionalEdges.has(label.key)) continue;
        const group = groups.get(label.key) ?? { display: label.display, found: [] };
        group.found.push({
          system: system.system,
          from: edge.from,
          to: edge.to,
          kind: edge.kind,
          evidence: edge.evidence,
        });
        groups.set(label.key, group);
      }
    }
    return groups;
  };

  const addedComponents = compare(
    expectation.addedComponents.map((name) => labels.ofName(name)),
    reportedComponents("added", base),
    (key) => presence(head.components.has(key), base.components.has(key)),
  );
  const removedComponents = compare(
    expectation.removedComponents.map((name) => labels.ofName(name)),
    reportedComponents("removed", head),
    (key) => presence(head.components.has(key), base.components.has(key)),
  );
  const edgeLabels = (pairs: NamePair[]): Label[] =>
    pairs.map((pair) => ({
      key: pairKey(pair),
      display: `${labels.ofName(pair[0]).display} -> ${labels.ofName(pair[1]).display}`,
    }));
  const addedEdges = compare(edgeLabels(expectation.addedEdges), reportedEdges("added", head, base), (key) =>
    presence(head.edges.has(key), base.edges.has(key)),
  );
  const removedEdges = compare(
    edgeLabels(expectation.removedEdges),
    reportedEdges("removed", base, head),
    (key) => presence(head.edges.has(key), base.edges.has(key)),
  );
  const differences = [addedComponents, removedComponents, addedEdges, removedEdges];
  return {
    exact: differences.every(
      (difference) => difference.missing.length === 0 && difference.unexpected.length === 0,
    ),
    negativeControl: expectation.negativeControl,
    addedComponents,
    removedComponents,
    addedEdges,
    removedEdges,
    reportChanged: report.changed,
    headline: report.headline,
  };
}

function presence(atHead: boolean, atBase: boolean): string {
  if (atHead && atBase) return "present at base and at head";
  if (atHead) return "present at head only, yet not reported";
  if (atBase) return "present at base only, yet not reported";
  return "found on neither side";
}

function compare<T>(
  expected: Label[],
  reported: Map<string, { display: string; found: T[] }>,
  context: (key: string) => string,
): DeltaDifference<T> {
  const unique = new Map(expected.map((label) => [label.key, label]));
  const difference: DeltaDifference<T> = { missing: [], unexpected: [], matched: [] };
  for (const label of unique.values()) {
    if (reported.has(label.key)) difference.matched.push(label.display);
    else difference.missing.push({ name: label.display, context: context(label.key) });
  }
  for (const [key, group] of reported) {
    if (!unique.has(key)) difference.unexpected.push({ name: group.display, found: group.found });
  }
  return difference;
}
