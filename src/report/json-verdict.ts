/**
 * The verdict and the gate's result in the JSON report (docs/json.md). Plain copies of the analysis' values with
 * every string redacted; absent values are `null`, as elsewhere in the report.
 */
import type { GateFinding, GateResult } from "../analysis/gate.js";
import type { Declaration } from "../analysis/declarations.js";
import type { Verdict } from "../analysis/verdict/types.js";
import { redact } from "./escape.js";

export interface JsonDeclaration {
  trigger: Declaration["trigger"];
  reason: string;
  author: string;
  headSha: string | null;
  at: string | null;
  source: Declaration["source"];
}

export interface JsonVerdict {
  verdict: Verdict["verdict"];
  line: string;
  systems: JsonSystemVerdict[];
  declarations: JsonDeclaration[];
  uncovered: { system: string; component: string; kind: string; file: string; line: number | null }[];
}

export interface JsonSystemVerdict {
  system: string;
  verdict: Verdict["verdict"];
  netComponents: number;
  largestRoundTrips: { entry: string; added: number } | null;
  triggers: {
    trigger: string;
    status: string;
    summary: string;
    facts: {
      component: string | null;
      file: string;
      line: number | null;
      detail: string;
      strength: string;
    }[];
    covers: string[];
  }[];
  justifications: { trigger: string; by: "evidence" | "declaration"; declaration: JsonDeclaration | null }[];
  additions: { component: string; kind: string; file: string; line: number | null; coveredBy: string[] }[];
  boxesToDelete: { component: string; caller: string }[];
}

export interface JsonGate {
  failed: boolean;
  findings: GateFinding[];
}

const line = (value: number | undefined): number | null => (value === undefined ? null : value);

function jsonDeclaration(declaration: Declaration): JsonDeclaration {
  return {
    trigger: declaration.trigger,
    reason: redact(declaration.reason),
    author: redact(declaration.author),
    headSha: declaration.headSha ?? null,
    at: declaration.at ?? null,
    source: declaration.source,
  };
}

export function jsonVerdict(verdict: Verdict): JsonVerdict {
  return {
    verdict: verdict.verdict,
    line: redact(verdict.line),
    systems: verdict.systems.map((system) => ({
      system: redact(system.system),
      verdict: system.verdict,
      netComponents: system.netComponents,
      largestRoundTrips: system.largestRoundTrips
        ? { entry: redact(system.largestRoundTrips.entry), added: system.largestRoundTrips.added }
        : null,
      triggers: system.triggers.map((evidence) => ({
        trigger: evidence.trigger,
        status: evidence.status,
        summary: redact(evidence.summary),
        facts: evidence.facts.map((fact) => ({
          component: fact.component === undefined ? null : redact(fact.component),
          file: redact(fact.file),
          line: line(fact.line),
          detail: redact(fact.detail),
          strength: fact.strength,
        })),
        covers: evidence.covers.map(redact),
      })),
      justifications: system.justifications.map((justification) => ({
        trigger: justification.trigger,
        by: justification.by,
        declaration: justification.declaration ? jsonDeclaration(justification.declaration) : null,
      })),
      additions: system.additions.map((addition) => ({
        component: redact(addition.component),
        kind: addition.kind,
        file: redact(addition.file),
        line: line(addition.line),
        coveredBy: [...addition.coveredBy],
      })),
      boxesToDelete: system.boxesToDelete.map((box) => ({
        component: redact(box.component),
        caller: redact(box.caller),
      })),
    })),
    declarations: verdict.declarations.map(jsonDeclaration),
    uncovered: verdict.uncovered.map((addition) => ({
      system: redact(addition.system),
      component: redact(addition.component),
      kind: addition.kind,
      file: redact(addition.file),
      line: line(addition.line),
    })),
  };
}

/** Findings as the analysis has them, names redacted. */
export function jsonGate(gate: GateResult): JsonGate {
  return { failed: gate.failed, findings: gate.findings.map((finding) => redactStrings(finding)) };
}

function redactStrings<T>(value: T): T {
  if (typeof value === "string") return redact(value) as T;
  if (Array.isArray(value)) return value.map(redactStrings) as T;
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactStrings(item)])) as T;
  return value;
}
