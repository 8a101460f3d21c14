/**
 * The machine-readable report (`--format json`), documented in docs/json.md. Every string from the
 * repository is redacted; the shape only grows (new fields), and `version` changes if a field changes meaning.
 */
import type { Component, Edge, Evidence } from "../graph/model.js";
import type { ChangeReport, EntryPointMetrics, SystemReport } from "../analysis/types.js";
import { redact } from "./escape.js";
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
}

export interface JsonEntryPoint {
  name: string;
  base: JsonMetrics | null;
  head: JsonMetrics | null;
  /** (availability at base - availability at head) x 8766; null unless both sides exist. */
  downtimeHoursPerYear: number | null;
}

export interface JsonSystem {
  id: string;
  format: string;
  status: SystemReport["status"];
  addedComponents: JsonComponent[];
  removedComponents: JsonComponent[];
  changedComponents: { name: string; changes: string[]; file: string; line: number | null }[];
  addedEdges: JsonEdge[];
  removedEdges: JsonEdge[];
  changedEdges: { from: string; to: string; baseKind: Edge["kind"]; headKind: Edge["kind"] }[];
  entryPoints: JsonEntryPoint[];
  blastRadius: { component: string; base: string[]; head: string[] }[];
  mergeCandidates: { component: string; caller: string; entryPoints: string[]; savedRoundTrips: number }[];
  background: string[];
}

export interface JsonReport {
  version: typeof JSON_REPORT_VERSION;
  headline: string;
  changed: boolean;
  fingerprint: string;
  systems: JsonSystem[];
  warnings: { id: string; file: string; line: number | null; message: string }[];
  notes: string[];
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

function jsonMetrics(metrics: EntryPointMetrics | undefined): JsonMetrics | null {
  if (!metrics) return null;
  return {
    via: text(metrics.via),
    requestPath: texts(metrics.requestPath),
    roundTrips: metrics.roundTrips,
    depth: metrics.depth,
    components: metrics.requestPath.length,
    availability: metrics.availability,
  };
}

function jsonSystem(system: SystemReport): JsonSystem {
  const delta = system.delta;
  return {
    id: text(system.system),
    format: text(system.format),
    status: system.status,
    addedComponents: delta.addedComponents.map(jsonComponent),
    removedComponents: delta.removedComponents.map(jsonComponent),
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
      base: jsonMetrics(entry.base),
      head: jsonMetrics(entry.head),
      downtimeHoursPerYear:
        entry.base && entry.head
          ? round(extraDowntimeHoursPerYear(entry.base.availability, entry.head.availability))
          : null,
    })),
    blastRadius: system.blastRadius.map((change) => ({
      component: text(change.component),
      base: texts(change.base),
      head: texts(change.head),
    })),
    mergeCandidates: system.mergeCandidates.map((candidate) => ({
      component: text(candidate.component),
      caller: text(candidate.caller),
      entryPoints: texts(candidate.entryPoints),
      savedRoundTrips: candidate.savedRoundTrips,
    })),
    background: texts(system.background),
  };
}

/** Hours to the second: enough for a yearly figure, and stable across float noise. */
function round(hours: number): number {
  return Math.round(hours * 3600) / 3600;
}

export function toJsonReport(report: ChangeReport): JsonReport {
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
  };
}
