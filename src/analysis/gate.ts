/**
 * The merge gate: limits a team sets on what one pull request may cost, judged only on the change report,
 * so the app, the command line and tests all reach the same verdict from the same numbers.
 */
import { callGraph } from "./call-graph.js";
import { mergeCandidates } from "./merge-candidates.js";
import type { ChangeReport, EntryPointDelta, SystemReport } from "./types.js";
import type { Verdict, VerdictConfig } from "./verdict/types.js";
import { plural } from "./words.js";

export type GateLevel = "warn" | "fail";

/** Every limit is optional; a missing one is not judged. */
export interface GateConfig {
  /** Round trips one entry point may gain (head minus base). */
  maxAddedRoundTrips?: number;
  /** Components the whole pull request may add, across systems. */
  maxAddedComponents?: number;
  /** Lowest request-path availability an entry point may end at, 0..1. */
  minAvailability?: number;
  /** What a new merge candidate (a box to delete) does to the gate. */
  mergeCandidates?: GateLevel | "off";
}

export type GateFinding =
  | {
      limit: "maxAddedRoundTrips";
      level: "fail";
      system: string;
      entry: string;
      /** Undefined for an entry point that is new at head: all its round trips count as added. */
      base?: number;
      head: number;
      added: number;
      max: number;
    }
  | {
      limit: "maxAddedComponents";
      level: "fail";
      added: number;
      max: number;
      bySystem: { system: string; added: number }[];
    }
  | {
      limit: "minAvailability";
      level: "fail";
      system: string;
      entry: string;
      base?: number;
      head: number;
      min: number;
    }
  | {
      limit: "mergeCandidates";
      level: GateLevel;
      system: string;
      component: string;
      caller: string;
      entryPoints: string[];
    }
  | {
      /** Distribution added with no trigger met or declared (`verdict.unjustified`). */
      limit: "verdict";
      level: GateLevel;
      /** The verdict's line, plain text with names in backticks. */
      line: string;
      /** Additions no trigger covers, as `system`/`component`. */
      uncovered: { system: string; component: string }[];
    };

export interface GateResult {
  /** True when at least one finding is at level `fail`. */
  failed: boolean;
  /** The verdict first, then limits in config order, then merge candidates; each in report order. */
  findings: GateFinding[];
}

export const GATE_PASSED: GateResult = { failed: false, findings: [] };

/** The verdict and what an unjustified one does to the check. */
export interface VerdictGate {
  verdict: Verdict;
  unjustified: VerdictConfig["unjustified"];
}

export function evaluateGate(
  report: ChangeReport,
  gate: GateConfig | undefined,
  verdict?: VerdictGate,
): GateResult {
  const findings = [...verdictFindings(verdict), ...limitFindings(report, gate)];
  if (findings.length === 0) return GATE_PASSED;
  return { failed: findings.some((finding) => finding.level === "fail"), findings };
}

function verdictFindings(gate: VerdictGate | undefined): GateFinding[] {
  if (!gate || gate.unjustified === "off" || gate.verdict.verdict !== "unjustified") return [];
  const uncovered = gate.verdict.uncovered.map(({ system, component }) => ({ system, component }));
  return [{ limit: "verdict", level: gate.unjustified, line: gate.verdict.line, uncovered }];
}

function limitFindings(report: ChangeReport, gate: GateConfig | undefined): GateFinding[] {
  // Sizes, evidence or an untouched tree never block a merge.
  if (!gate || !report.changed) return [];
  return [
    ...(gate.maxAddedRoundTrips === undefined ? [] : roundTripFindings(report, gate.maxAddedRoundTrips)),
    ...(gate.maxAddedComponents === undefined ? [] : componentFindings(report, gate.maxAddedComponents)),
    ...(gate.minAvailability === undefined ? [] : availabilityFindings(report, gate.minAvailability)),
    ...(gate.mergeCandidates === undefined || gate.mergeCandidates === "off"
      ? []
      : mergeCandidateFindings(report, gate.mergeCandidates)),
  ];
}

/** A new entry point brings its whole request path with it, so all of its round trips are added by the change. */
export function addedRoundTrips(entry: EntryPointDelta): number | undefined {
  if (!entry.head) return undefined;
  return entry.head.roundTrips - (entry.base?.roundTrips ?? 0);
}

function roundTripFindings(report: ChangeReport, max: number): GateFinding[] {
  return report.systems.flatMap((system) =>
    system.entryPoints.flatMap((entry): GateFinding[] => {
      const added = addedRoundTrips(entry);
      if (added === undefined || added <= max) return [];
      return [
        {
          limit: "maxAddedRoundTrips",
          level: "fail",
          system: system.system,
          entry: entry.entry,
          ...(entry.base ? { base: entry.base.roundTrips } : {}),
          head: entry.head!.roundTrips,
          added,
          max,
        },
      ];
    }),
  );
}

function componentFindings(report: ChangeReport, max: number): GateFinding[] {
  const bySystem = report.systems
    .map((system) => ({ system: system.system, added: system.delta.addedComponents.length }))
    .filter((entry) => entry.added > 0);
  const added = bySystem.reduce((total, entry) => total + entry.added, 0);
  return added > max ? [{ limit: "maxAddedComponents", level: "fail", added, max, bySystem }] : [];
}

/**
 * Only entry points the change made worse (or created) fail the minimum: a path that was already below it and
 * is untouched belongs to an earlier change, and blocking every unrelated pull request would not fix it.
 */
function availabilityFindings(report: ChangeReport, min: number): GateFinding[] {
  return report.systems.flatMap((system) =>
    system.entryPoints.flatMap((entry): GateFinding[] => {
      const head = entry.head?.availability;
      if (head === undefined || head >= min) return [];
      if (entry.base && entry.base.availability <= head) return [];
      return [
        {
          limit: "minAvailability",
          level: "fail",
          system: system.system,
          entry: entry.entry,
          ...(entry.base ? { base: entry.base.availability } : {}),
          head,
          min,
        },
      ];
    }),
  );
}

/** A candidate is new when the same component was not already a candidate (under the same caller) at base. */
function mergeCandidateFindings(report: ChangeReport, level: GateLevel): GateFinding[] {
  return report.systems.flatMap((system) => {
    if (system.mergeCandidates.length === 0) return [];
    const before = baseCandidates(system);
    return system.mergeCandidates
      .filter((candidate) => !before.has(`${candidate.component}\u0000${candidate.caller}`))
      .map((candidate): GateFinding => ({
        limit: "mergeCandidates",
        level,
        system: system.system,
        component: candidate.component,
        caller: candidate.caller,
        entryPoints: candidate.entryPoints,
      }));
  });
}

function baseCandidates(system: SystemReport): Set<string> {
  if (!system.base) return new Set();
  // Only who is a candidate matters here, not which entry points it sits on.
  const candidates = mergeCandidates(system.base, callGraph(system.base), new Map());
  return new Set(candidates.map((candidate) => `${candidate.component}\u0000${candidate.caller}`));
}

/** `99.40%`, with more decimals when two would make `value` read the same as `other`. */
export function gatePercent(value: number, other: number): string {
  for (let decimals = 2; decimals <= 6; decimals += 1) {
    const text = (value * 100).toFixed(decimals);
    if (value === other || text !== (other * 100).toFixed(decimals)) return `${text}%`;
  }
  return `${(value * 100).toFixed(6)}%`;
}

/**
 * One plain-text line per finding, short enough for a check run title, e.g. `+7 round trips on web (limit 2)`.
 * Names are as the report has them: whoever prints this into Markdown escapes them.
 */
export function describeFinding(finding: GateFinding): string {
  switch (finding.limit) {
    case "maxAddedRoundTrips":
      return `+${finding.added} ${plural(finding.added, "round trip")} on ${finding.entry} (limit ${finding.max})`;
    case "maxAddedComponents":
      return `+${finding.added} ${plural(finding.added, "component")} (limit ${finding.max})`;
    case "minAvailability":
      return `availability ${gatePercent(finding.head, finding.min)} on ${finding.entry} (minimum ${gatePercent(finding.min, finding.head)})`;
    case "mergeCandidates":
      return `new box to delete: ${finding.component} (called only by ${finding.caller})`;
    case "verdict":
      return finding.line;
  }
}
