import type { Component, EdgeKind, Evidence, GraphSet, SourceLocation } from "../graph/model.js";
import type { ExpectedComponent, ViewExpectation } from "./expected.js";
import { NameIndex, normaliseName } from "./match.js";
import { emptyCounts, type ViewCounts } from "./metrics.js";

/**
 * Scores one view: the union of every system the extractors returned for the view's inputs against the
 * labelled components, edges and entry points. Reported things are mapped to labels by name or alias
 * (see match.ts); several reported things mapping to the same label count once.
 */

export interface FoundComponent {
  system: string;
  name: string;
  kind: string;
  location: SourceLocation;
}

export interface FoundEdge {
  system: string;
  from: string;
  to: string;
  kind: EdgeKind;
  evidence: Evidence[];
}

export interface FoundEntryPoint {
  system: string;
  component: string;
  via: string;
  evidence: Evidence[];
}

/**
 * Why a reported edge is a false positive: it is a labelled non-edge; an end is no labelled component;
 * it is the reverse of a labelled edge; both ends are the same labelled component; or none of these.
 */
export type EdgeMistake = "non-edge" | "unlabelled-end" | "reversed" | "self" | "unlabelled-edge";

export interface EdgeFalsePositive {
  from: string;
  to: string;
  mistake: EdgeMistake;
  found: FoundEdge[];
}

export interface MissedEdge {
  from: string;
  to: string;
  visible: boolean;
  /** What the extractors had: the reported components for each end, and any edge reported the other way. */
  fromFound: FoundComponent[];
  toFound: FoundComponent[];
  reversed: FoundEdge[];
}

export interface ViewFindings {
  missedComponents: { name: string; kind: string }[];
  kindMismatches: { name: string; expected: string; found: FoundComponent[] }[];
  /** Reported components that match no label: not scored, listed to study. */
  unlabelledComponents: FoundComponent[];
  falsePositiveEdges: EdgeFalsePositive[];
  missedEdges: MissedEdge[];
  optionalEdgesFound: { from: string; to: string }[];
  falsePositiveEntryPoints: { component: string; labelled: boolean; found: FoundEntryPoint[] }[];
  missedEntryPoints: { component: string; found: FoundComponent[] }[];
}

export interface ViewScore {
  counts: ViewCounts;
  findings: ViewFindings;
}

/** A reported endpoint after matching: its label, or its own system-qualified name when it has none. */
interface Resolved {
  key: string;
  display: string;
  labelled: boolean;
}

function groupKey(from: Resolved, to: Resolved): string {
  return `${from.key}\u0000${to.key}`;
}

export function scoreView(view: ViewExpectation, graphs: GraphSet): ViewScore {
  const labels = new NameIndex(
    view.components.map((c) => ({ canonical: c.name, names: [c.name, ...c.aliases] })),
  );
  const labelOf = (name: string): string => labels.resolve([name]) ?? name;
  const expectedByName = new Map<string, ExpectedComponent>(view.components.map((c) => [c.name, c]));

  // Reported components, per system, mapped to labels.
  const componentsBySystem = new Map<string, Map<string, Component>>();
  const foundByLabel = new Map<string, FoundComponent[]>();
  const unlabelledComponents: FoundComponent[] = [];
  for (const system of graphs.systems) {
    const byName = new Map<string, Component>();
    componentsBySystem.set(system.id, byName);
    for (const component of system.components) {
      byName.set(component.name, component);
      const found: FoundComponent = {
        system: system.id,
        name: component.name,
        kind: component.kind,
        location: component.location,
      };
      const label = labels.resolve([component.name, ...(component.aliases ?? [])]);
      if (label === undefined) unlabelledComponents.push(found);
      else foundByLabel.set(label, [...(foundByLabel.get(label) ?? []), found]);
    }
  }
  const resolve = (system: string, name: string): Resolved => {
    const component = componentsBySystem.get(system)?.get(name);
    const label = labels.resolve([name, ...(component?.aliases ?? [])]);
    return label !== undefined
      ? { key: label, display: label, labelled: true }
      : { key: `${system}\u0000${normaliseName(name)}`, display: name, labelled: false };
  };

  const counts = emptyCounts();
  const findings: ViewFindings = {
    missedComponents: [],
    kindMismatches: [],
    unlabelledComponents,
    falsePositiveEdges: [],
    missedEdges: [],
    optionalEdgesFound: [],
    falsePositiveEntryPoints: [],
    missedEntryPoints: [],
  };

  for (const expected of view.components) {
    const found = foundByLabel.get(expected.name) ?? [];
    if (expected.optional) continue;
    counts.components.required++;
    if (found.length === 0) {
      findings.missedComponents.push({ name: expected.name, kind: expected.kind });
      continue;
    }
    counts.components.found++;
    counts.kinds.judged++;
    // Every component reported under this label must carry the labelled kind.
    if (found.every((component) => component.kind === expected.kind)) counts.kinds.correct++;
    else findings.kindMismatches.push({ name: expected.name, expected: expected.kind, found });
  }

  scoreEdges(view, graphs, { labelOf, resolve, foundByLabel }, counts, findings);
  scoreEntryPoints(view, graphs, { labelOf, resolve, foundByLabel, expectedByName }, counts, findings);
  return { counts, findings };
}

interface Matching {
  labelOf(name: string): string;
  resolve(system: string, name: string): Resolved;
  foundByLabel: Map<string, FoundComponent[]>;
}

function scoreEdges(
  view: ViewExpectation,
  graphs: GraphSet,
  matching: Matching,
  counts: ViewCounts,
  findings: ViewFindings,
): void {
  const { labelOf, resolve, foundByLabel } = matching;
  const labelledKey = (from: string, to: string): string => `${labelOf(from)}\u0000${labelOf(to)}`;

  // A required edge listed twice stays required; an optional listing never weakens it.
  const expected = new Map<string, { from: string; to: string; visible: boolean; optional: boolean }>();
  for (const edge of view.edges) {
    const key = labelledKey(edge.from, edge.to);
    const known = expected.get(key);
    if (!known || (known.optional && !edge.optional)) {
      expected.set(key, {
        from: labelOf(edge.from),
        to: labelOf(edge.to),
        visible: edge.visible,
        optional: edge.optional,
      });
    }
  }
  const forbidden = new Set<string>();
  for (const nonEdge of view.nonEdges) {
    forbidden.add(labelledKey(nonEdge.from, nonEdge.to));
    if (!nonEdge.directed) forbidden.add(labelledKey(nonEdge.to, nonEdge.from));
  }

  const reported = new Map<string, { from: Resolved; to: Resolved; found: FoundEdge[] }>();
  for (const system of graphs.systems) {
    for (const edge of system.edges) {
      const from = resolve(system.id, edge.from);
      const to = resolve(system.id, edge.to);
      const key = groupKey(from, to);
      const group = reported.get(key) ?? { from, to, found: [] };
      group.found.push({
        system: system.id,
        from: edge.from,
        to: edge.to,
        kind: edge.kind,
        evidence: edge.evidence,
      });
      reported.set(key, group);
    }
  }

  for (const [key, group] of reported) {
    const match = expected.get(key);
    const labelled = group.from.labelled && group.to.labelled;
    if (labelled && !forbidden.has(key) && match) {
      if (match.optional) {
        counts.edges.optionalFound++;
        findings.optionalEdgesFound.push({ from: match.from, to: match.to });
      } else {
        counts.edges.foundRequired++;
        if (match.visible) counts.edges.foundRequiredVisible++;
      }
      continue;
    }
    counts.edges.falsePositives++;
    findings.falsePositiveEdges.push({
      from: group.from.display,
      to: group.to.display,
      mistake: edgeMistake(
        group.from,
        group.to,
        forbidden.has(key),
        expected.has(groupKey(group.to, group.from)),
      ),
      found: group.found,
    });
  }

  for (const [key, edge] of expected) {
    if (edge.optional) continue;
    counts.edges.required++;
    if (edge.visible) counts.edges.requiredVisible++;
    if (reported.has(key)) continue;
    findings.missedEdges.push({
      from: edge.from,
      to: edge.to,
      visible: edge.visible,
      fromFound: foundByLabel.get(edge.from) ?? [],
      toFound: foundByLabel.get(edge.to) ?? [],
      reversed: reported.get(`${edge.to}\u0000${edge.from}`)?.found ?? [],
    });
  }
}

function edgeMistake(
  from: Resolved,
  to: Resolved,
  forbidden: boolean,
  reverseExpected: boolean,
): EdgeMistake {
  if (forbidden) return "non-edge";
  if (!from.labelled || !to.labelled) return "unlabelled-end";
  if (from.key === to.key) return "self";
  return reverseExpected ? "reversed" : "unlabelled-edge";
}

function scoreEntryPoints(
  view: ViewExpectation,
  graphs: GraphSet,
  matching: Matching & { expectedByName: Map<string, ExpectedComponent> },
  counts: ViewCounts,
  findings: ViewFindings,
): void {
  const { labelOf, resolve, foundByLabel, expectedByName } = matching;
  const expected = new Map<string, boolean>();
  for (const entry of view.entryPoints) {
    const label = labelOf(entry.component);
    // Required wins when a component is listed both ways.
    expected.set(label, (expected.get(label) ?? true) && entry.optional);
  }

  const reported = new Map<string, { at: Resolved; found: FoundEntryPoint[] }>();
  for (const system of graphs.systems) {
    for (const entry of system.entryPoints) {
      const at = resolve(system.id, entry.component);
      const group = reported.get(at.key) ?? { at, found: [] };
      group.found.push({
        system: system.id,
        component: entry.component,
        via: entry.via,
        evidence: entry.evidence,
      });
      reported.set(at.key, group);
    }
  }

  for (const [key, group] of reported) {
    const optional = group.at.labelled ? expected.get(key) : undefined;
    if (optional === true) counts.entryPoints.optionalFound++;
    else if (optional === false) counts.entryPoints.foundRequired++;
    else {
      counts.entryPoints.falsePositives++;
      findings.falsePositiveEntryPoints.push({
        component: group.at.display,
        labelled: group.at.labelled && expectedByName.has(key),
        found: group.found,
      });
    }
  }

  for (const [label, optional] of expected) {
    if (optional) continue;
    counts.entryPoints.required++;
    if (!reported.has(label))
      findings.missedEntryPoints.push({ component: label, found: foundByLabel.get(label) ?? [] });
  }
}
