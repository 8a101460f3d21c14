import type { ComponentKind, SourceLocation } from "../../graph/model.js";
import type { Declaration, Trigger } from "../declarations.js";

/** `unknown`: no facts to judge by. A trigger is never guessed met. */
export type TriggerStatus = "met" | "not-met" | "unknown";

/** One fact looked at for a trigger, with where it was read. */
export interface TriggerFact extends SourceLocation {
  system: string;
  /** The component the fact is about; absent for a fact about the repository (a CODEOWNERS rule). */
  component?: string;
  /** Plain text, names as written: e.g. `memory 64 GiB x 3 replicas`. Whoever prints it escapes it. */
  detail: string;
  /** `weak` facts (a name that says a region, a separate build context) hint but never decide. */
  strength: "strong" | "weak";
}

export interface TriggerEvidence {
  trigger: Trigger;
  status: TriggerStatus;
  /** One plain line: what was weighed against what, e.g. `1.5 TiB of memory against a 768 GiB ceiling`. */
  summary: string;
  facts: TriggerFact[];
  /** The added components this evidence pays for (met only): the ones its facts are about. */
  covers: string[];
}

export type VerdictKind = "no-change" | "reduced" | "justified" | "unjustified";

/** A component the change adds that needs a trigger, and whether one covers it. */
export interface Addition extends SourceLocation {
  system: string;
  component: string;
  kind: ComponentKind;
  /** Triggers that cover it: met by evidence in its system, or declared while it stood. */
  coveredBy: Trigger[];
}

export interface Justification {
  trigger: Trigger;
  /** `evidence`: the facts meet the trigger; `declaration`: someone with the right role said so. */
  by: "evidence" | "declaration";
  declaration?: Declaration;
}

export interface SystemVerdict {
  system: string;
  verdict: VerdictKind;
  /** Components added, minus those removed, that run or store something (externals are not boxes you run). */
  netComponents: number;
  /** The entry point that gained the most round trips, when any did. */
  largestRoundTrips?: { entry: string; added: number };
  triggers: TriggerEvidence[];
  justifications: Justification[];
  additions: Addition[];
  /** Boxes to delete the change created: a `service` called only by one other service. */
  boxesToDelete: { component: string; caller: string }[];
}

export interface Verdict {
  /** The worst of the systems': unjustified, then justified, reduced, no-change. */
  verdict: VerdictKind;
  /** The verdict in one plain line (names in backticks), the first line of every report. */
  line: string;
  /** The same line in three parts, so a report can set the verdict word apart: `lead: word tail`. */
  lineParts: VerdictLineParts;
  systems: SystemVerdict[];
  /** The declarations that counted (their authors have the role the configuration asks for). */
  declarations: Declaration[];
  /** Additions no trigger covers, across systems. */
  uncovered: Addition[];
}

export interface VerdictLineParts {
  /** What the change adds, e.g. `+1 service, +1 round trip on \`gateway\``; empty when it adds nothing. */
  lead: string;
  /** `not justified`, `justified: geography`, `reduced`, `no architectural change`, ... */
  word: string;
  /** Why, e.g. `by any of the four triggers; \`profile\` is called only by \`users\`: run it in-process`. */
  tail: string;
}

/** What one machine holds, above which splitting is honest. */
export interface Ceilings {
  /** Memory of one large machine, bytes (default 768 GiB). */
  memoryBytes: number;
  /** Storage one machine can attach, bytes (default 64 TiB). */
  storageBytes: number;
  /** vCPUs of one large machine (default 192). */
  vcpus: number;
}

export interface VerdictConfig {
  /** What an unjustified change does to the check: `fail` (default), `warn` (neutral) or `off`. */
  unjustified: "fail" | "warn" | "off";
  /** Round trips an entry point may gain through new calls alone before a trigger is needed. */
  budgetRoundTrips: number;
  ceilings: Ceilings;
}

const GIB = 1024 ** 3;

export const DEFAULT_CEILINGS: Readonly<Ceilings> = {
  memoryBytes: 768 * GIB,
  storageBytes: 64 * 1024 * GIB,
  vcpus: 192,
};

export const DEFAULT_VERDICT_CONFIG: Readonly<VerdictConfig> = {
  unjustified: "fail",
  budgetRoundTrips: 0,
  ceilings: DEFAULT_CEILINGS,
};
