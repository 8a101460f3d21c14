/**
 * The machine-readable report (`--format json`), documented in docs/json.md. Every string from the
 * repository is redacted; the shape only grows (new fields), and `version` changes if a field changes meaning.
 */
import type { ComponentRename } from "../graph/diff.js";
import type { Component, Edge, EntryPoint, Evidence, SystemGraph } from "../graph/model.js";
import type { ChangeReport, EntryPointMetrics, SystemReport } from "../analysis/types.js";
import type { GateResult } from "../analysis/gate.js";
import type { Verdict } from "../analysis/verdict/types.js";
import { redact } from "./escape.js";
import { jsonGate, jsonVerdict, type JsonGate, type JsonVerdict } from "./json-verdict.js";
import { extraDowntimeHoursPerYear } from "../analysis/availability.js";

export const JSON_REPORT_VERSION = 1;

export interface JsonLocation {
  file: string;
  line: number | null;
}

export interface JsonComponent extends JsonLocation {
  name: string;
  kind: Component["kind"];
}

export interface JsonEvidence extends JsonLocation {
  rule: string;
  detail: string;
}

export interface JsonEdge {
  from: string;
  to: string;
  kind: Edge["kind"];
  evidence: JsonEvidence[];
}

export interface JsonMetrics {
  via: string;
  requestPath: string[];
  roundTrips: number;
  depth: number;
  /** Number of components on the request path. */
  components: number;
  /** 0..1 */
  availability: number;
  /** Other systems the request path crosses; their components are named `name (system)` on the path. */
  systems: string[];
}

export interface JsonEntryPoint {
  name: string;
  /** Its name at base when the change renamed it; `base` is then the same entry point under that name. */
  renamedFrom: string | null;
  base: JsonMetrics | null;
  head: JsonMetrics | null;
  /** (availability at base - availability at head) x 8766; null unless both sides exist. */
  downtimeHoursPerYear: number | null;
}

/** A component as the graph holds it: `JsonComponent` plus what else the files say of it. */
export interface JsonGraphComponent extends JsonComponent {
  aliases: string[];
  image: string | null;
  replicas: { min: number; max: number } | null;
  attributes: Record<string, string | number | boolean>;
}

export interface JsonGraphEntryPoint {
  component: string;
  via: string;
  evidence: JsonEvidence[];
}

/** The whole graph of one system, as extracted: what every figure of the report is computed from. */
export interface JsonGraph {
  components: JsonGraphComponent[];
  edges: JsonEdge[];
  entryPoints: JsonGraphEntryPoint[];
}

export interface JsonSystem {
  id: string;
  format: string;
  status: SystemReport["status"];
  addedComponents: JsonComponent[];
  removedComponents: JsonComponent[];
  renamedComponents: {
    from: string;
    to: string;
    kind: Component["kind"];
    reason: ComponentRename["reason"];
    changes: string[];
    file: string;
    line: number | null;
  }[];
  changedComponents: { name: string; changes: string[]; file: string; line: number | null }[];
  addedEdges: JsonEdge[];
  removedEdges: JsonEdge[];
  changedEdges: { from: string; to: string; baseKind: Edge["kind"]; headKind: Edge["kind"] }[];
  entryPoints: JsonEntryPoint[];
  blastRadius: { component: string; base: string[]; head: string[]; baseCount: number; headCount: number }[];
  mergeCandidates: { component: string; caller: string; entryPoints: string[]; savedRoundTrips: number }[];
  background: string[];
  /** The graph at head; null for a system the change removes. */
  graph: JsonGraph | null;
}

export interface JsonReport {
  version: typeof JSON_REPORT_VERSION;
  headline: string;
  changed: boolean;
  fingerprint: string;
  systems: JsonSystem[];
  warnings: { id: string; file: string; line: number | null; message: string }[];
  notes: string[];
  /** Whether the added distribution is justified; null when the report was made without one (`graph`). */
  verdict: JsonVerdict | null;
  /** The gate's result with the limits and verdict setting in force; null when no gate was evaluated. */
  gate: JsonGate | null;
}

// JSON escapes whatever it must, so text stays as written, only redacted.
const text = (value: string): string => redact(value);
const texts = (values: readonly string[]): string[] => values.map(text);
const line = (value: number | undefined): number | null => (value === undefined ? null : value);

function jsonComponent(component: Component): JsonComponent {
  return {
    name: text(component.name),
    kind: component.kind,
    file: text(component.location.file),
    line: line(component.location.line),
  };
}

function jsonEvidence(evidence: Evidence): JsonEvidence {
  return {
    rule: text(evidence.rule),
    file: text(evidence.file),
    line: line(evidence.line),
    detail: text(evidence.detail),
  };
}

function jsonEdge(edge: Edge): JsonEdge {
  return {
    from: text(edge.from),
    to: text(edge.to),
    kind: edge.kind,
    evidence: edge.evidence.map(jsonEvidence),
  };
}

function jsonGraphComponent(component: Component): JsonGraphComponent {
  const attributes = Object.entries(component.attributes ?? {}).map(
    ([key, value]) => [text(key), typeof value === "string" ? text(value) : value] as const,
  );
  return {
    ...jsonComponent(component),
    aliases: texts(component.aliases ?? []),
    image: component.image === undefined ? null : text(component.image),
    replicas: component.replicas ? { ...component.replicas } : null,
    attributes: Object.fromEntries(attributes),
  };
}

function jsonGraphEntryPoint(entry: EntryPoint): JsonGraphEntryPoint {
  return {
    component: text(entry.component),
    via: text(entry.via),
    evidence: entry.evidence.map(jsonEvidence),
  };
}

function jsonGraph(graph: SystemGraph | undefined): JsonGraph | null {
  if (!graph) return null;
  return {
    components: graph.components.map(jsonGraphComponent),
    edges: graph.edges.map(jsonEdge),
    entryPoints: graph.entryPoints.map(jsonGraphEntryPoint),
  };
}

/** Names of one request path listed at most: `components` still counts them all. */
export const MAX_JSON_PATH = 1000;

/**
 * Names one system lists at most across its request paths and blast-radius lists, shared out evenly: thousands of
 * entry points on one cycle would otherwise list millions of names (each list still gives its full count).
 */
export const MAX_JSON_NAMES = 100_000;

function listLimit(system: SystemReport): number {
  const paths = system.entryPoints.reduce(
    (count, entry) => count + (entry.base ? 1 : 0) + (entry.head ? 1 : 0),
    0,
  );
  const lists = paths + 2 * system.blastRadius.length;
  return Math.max(10, Math.min(MAX_JSON_PATH, Math.floor(MAX_JSON_NAMES / Math.max(1, lists))));
}

function jsonMetrics(metrics: EntryPointMetrics | undefined, limit: number): JsonMetrics | null {
  if (!metrics) return null;
  return {
    via: text(metrics.via),
    requestPath: texts(metrics.requestPath.slice(0, limit)),
    roundTrips: metrics.roundTrips,
    depth: metrics.depth,
    components: metrics.requestPath.length,
    availability: metrics.availability,
    systems: texts(metrics.systems ?? []),
  };
}

function jsonSystem(system: SystemReport): JsonSystem {
  const delta = system.delta;
  const limit = listLimit(system);
  return {
    id: text(system.system),
    format: text(system.format),
    status: system.status,
    addedComponents: delta.addedComponents.map(jsonComponent),
    removedComponents: delta.removedComponents.map(jsonComponent),
    renamedComponents: delta.renamedComponents.map((rename) => ({
      from: text(rename.base.name),
      to: text(rename.head.name),
      kind: rename.head.kind,
      reason: rename.reason,
      changes: texts(rename.changes),
      file: text(rename.head.location.file),
      line: line(rename.head.location.line),
    })),
    changedComponents: delta.changedComponents.map((change) => ({
      name: text(change.head.name),
      changes: texts(change.changes),
      file: text(change.head.location.file),
      line: line(change.head.location.line),
    })),
    addedEdges: delta.addedEdges.map(jsonEdge),
    removedEdges: delta.removedEdges.map(jsonEdge),
    changedEdges: delta.changedEdges.map((pair) => ({
      from: text(pair.head.from),
      to: text(pair.head.to),
      baseKind: pair.base.kind,
      headKind: pair.head.kind,
    })),
    entryPoints: system.entryPoints.map((entry) => ({
      name: text(entry.entry),
      renamedFrom: entry.renamedFrom === undefined ? null : text(entry.renamedFrom),
      base: jsonMetrics(entry.base, limit),
      head: jsonMetrics(entry.head, limit),
      downtimeHoursPerYear:
        entry.base && entry.head
          ? round(extraDowntimeHoursPerYear(entry.base.availability, entry.head.availability))
          : null,
    })),
    blastRadius: system.blastRadius.map((change) => ({
      component: text(change.component),
      base: texts(change.base.slice(0, limit)),
      head: texts(change.head.slice(0, limit)),
      baseCount: change.base.length,
      headCount: change.head.length,
    })),
    mergeCandidates: system.mergeCandidates.map((candidate) => ({
      component: text(candidate.component),
      caller: text(candidate.caller),
      entryPoints: texts(candidate.entryPoints),
      savedRoundTrips: candidate.savedRoundTrips,
    })),
    background: texts(system.background),
    graph: jsonGraph(system.head),
  };
}

/** Hours to the second: enough for a yearly figure, and stable across float noise. */
function round(hours: number): number {
  return Math.round(hours * 3600) / 3600;
}

export function toJsonReport(
  report: ChangeReport,
  judged: { verdict?: Verdict; gate?: GateResult } = {},
): JsonReport {
  return {
    version: JSON_REPORT_VERSION,
    headline: text(report.headline),
    changed: report.changed,
    fingerprint: report.fingerprint,
    systems: report.systems.map(jsonSystem),
    warnings: report.warnings.map((warning) => ({
      id: text(warning.id),
      file: text(warning.file),
      line: line(warning.line),
      message: text(warning.message),
    })),
    notes: texts(report.notes),
    verdict: judged.verdict ? jsonVerdict(judged.verdict) : null,
    gate: judged.gate ? jsonGate(judged.gate) : null,
  };
}
