/**
 * The verdict: whether the distribution a change adds is paid for by one of the four honest triggers, met by the
 * facts in the files or declared by someone entitled to. Pure: the caller filters declarations by permission.
 */
import { componentKey, type Declaration } from "../declarations.js";
import { addedRoundTrips } from "../gate.js";
import type { ChangeReport, SystemReport } from "../types.js";
import { systemEvidence } from "./evidence.js";
import { parseCodeOwners, type CodeOwners } from "./codeowners.js";
import type { RepositoryFacts } from "./facts.js";
import { joinLine, verdictLineParts } from "./line.js";
import type { Addition, Justification, SystemVerdict, Verdict, VerdictConfig, VerdictKind } from "./types.js";
import { DEFAULT_VERDICT_CONFIG } from "./types.js";

const SEVERITY: VerdictKind[] = ["no-change", "reduced", "justified", "unjustified"];

export function decideVerdict(
  report: ChangeReport,
  facts: RepositoryFacts = {},
  declarations: readonly Declaration[] = [],
  config: VerdictConfig = DEFAULT_VERDICT_CONFIG,
): Verdict {
  const codeowners = facts.codeowners
    ? parseCodeOwners(facts.codeowners.path, facts.codeowners.text)
    : undefined;
  const systems = report.systems.map((system) => systemVerdict(system, codeowners, declarations, config));
  const verdict = systems.reduce<VerdictKind>(
    (worst, system) => (SEVERITY.indexOf(system.verdict) > SEVERITY.indexOf(worst) ? system.verdict : worst),
    "no-change",
  );
  const uncovered = systems.flatMap((system) =>
    system.verdict === "unjustified"
      ? system.additions.filter((addition) => addition.coveredBy.length === 0)
      : [],
  );
  const result = { verdict, systems, declarations: [...declarations], uncovered };
  const lineParts = verdictLineParts(result, report.changed);
  return { ...result, line: joinLine(lineParts), lineParts };
}

function systemVerdict(
  system: SystemReport,
  codeowners: CodeOwners | undefined,
  declarations: readonly Declaration[],
  config: VerdictConfig,
): SystemVerdict {
  const added = system.delta.addedComponents.filter((component) => component.kind !== "external");
  const removed = system.delta.removedComponents.filter((component) => component.kind !== "external");
  const roundTrips = system.entryPoints.map((entry) => ({
    entry: entry.entry,
    added: addedRoundTrips(entry) ?? 0,
  }));
  const largest = roundTrips.reduce<{ entry: string; added: number } | undefined>(
    (best, entry) => (entry.added > (best?.added ?? 0) ? entry : best),
    undefined,
  );
  const netComponents = added.length - removed.length;
  const base: Omit<SystemVerdict, "verdict"> = {
    system: system.system,
    netComponents,
    ...(largest ? { largestRoundTrips: largest } : {}),
    triggers: [],
    justifications: [],
    additions: [],
    boxesToDelete: [],
  };
  const grows = netComponents > 0 || (largest?.added ?? 0) > config.budgetRoundTrips;
  if (!grows) {
    const shrinks = netComponents < 0 || roundTrips.some((entry) => entry.added < 0);
    return { ...base, verdict: shrinks ? "reduced" : "no-change" };
  }
  const triggers = systemEvidence(system, codeowners, config);
  const byEvidence = triggers
    .filter((evidence) => evidence.status === "met")
    .map((evidence) => evidence.trigger);
  const additions: Addition[] = added.map((component) => {
    const key = componentKey(system.system, component.name);
    const declared = declarations
      .filter((declaration) => !declaration.covers || declaration.covers.includes(key))
      .map((declaration) => declaration.trigger);
    return {
      system: system.system,
      component: component.name,
      kind: component.kind,
      ...component.location,
      coveredBy: [...new Set([...byEvidence, ...declared])],
    };
  });
  const justifications: Justification[] = [
    ...byEvidence.map((trigger): Justification => ({ trigger, by: "evidence" })),
    ...declarations
      .filter((declaration) => coversAny(declaration, system.system, additions))
      .map((declaration): Justification => ({
        trigger: declaration.trigger,
        by: "declaration",
        declaration,
      })),
  ];
  const allCovered = additions.every((addition) => addition.coveredBy.length > 0);
  const justified = justifications.length > 0 && allCovered;
  const headCandidates = system.mergeCandidates.map(({ component, caller }) => ({ component, caller }));
  const addedNames = new Set(added.map((component) => component.name));
  return {
    ...base,
    verdict: justified ? "justified" : "unjustified",
    triggers,
    justifications,
    additions,
    boxesToDelete: headCandidates.filter((candidate) => addedNames.has(candidate.component)),
  };
}

/** A declaration given with no record of what stood (at the head under review) covers every addition. */
function coversAny(declaration: Declaration, system: string, additions: readonly Addition[]): boolean {
  if (!declaration.covers) return true;
  return additions.some((addition) => declaration.covers!.includes(componentKey(system, addition.component)));
}
