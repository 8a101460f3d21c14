import type { GraphDelta } from "../graph/diff.js";
import type { ExtractionWarning, SystemGraph } from "../graph/model.js";

export interface AnalysisOptions {
  /** Availability of one component, 0..1 (default 0.999). */
  componentAvailability: number;
  /** Wall-clock budget for the whole extraction, in milliseconds. */
  timeBudgetMs: number;
}

/** Numbers for one entry point on one side (base or head). */
export interface EntryPointMetrics {
  via: string;
  /** Components on the request path, entry point first. */
  requestPath: string[];
  roundTrips: number;
  depth: number;
  /** 0..1 */
  availability: number;
  /** Other systems the request path crosses (components named `name (system)` on the path), in path order. */
  systems?: string[];
}

export interface EntryPointDelta {
  entry: string;
  /** The entry point's name at base, when the change renamed it (`entry` is its head name). */
  renamedFrom?: string;
  base?: EntryPointMetrics;
  head?: EntryPointMetrics;
}

/** `appeared`: on no path before; `disappeared`: on none now; `shifted`: as many entry points, not the same ones. */
export type BlastRadiusTrend = "appeared" | "disappeared" | "grew" | "shrank" | "shifted";

export interface BlastRadiusChange {
  component: string;
  base: readonly string[];
  head: readonly string[];
  trend?: BlastRadiusTrend;
}

export interface MergeCandidate {
  component: string;
  caller: string;
  /** Entry points whose request path goes through caller -> component. */
  entryPoints: string[];
  savedRoundTrips: number;
}

export interface SystemReport {
  system: string;
  format: string;
  status: "added" | "removed" | "changed" | "unchanged";
  delta: GraphDelta;
  entryPoints: EntryPointDelta[];
  blastRadius: BlastRadiusChange[];
  /** Merge candidates at head. */
  mergeCandidates: MergeCandidate[];
  /** Components at head that are on no entry point's request path (background flows). */
  background: string[];
  base?: SystemGraph;
  head?: SystemGraph;
}

export interface ChangeReport {
  /** One line, e.g. `+2 components, +3 round trips on web, availability 99.60% -> 99.30%`. */
  headline: string;
  /** False when no system's architecture changed (sizes and evidence aside). */
  changed: boolean;
  /** Stable hash of the architectural content: equal fingerprints mean the same report. */
  fingerprint: string;
  systems: SystemReport[];
  warnings: ExtractionWarning[];
  notes: string[];
  options: AnalysisOptions;
}
