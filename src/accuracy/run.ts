import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { AnalysisOptions, ChangeReport } from "../analysis/types.js";
import type { ChangeInputs } from "../engine.js";
import type { ExtractionWarning, GraphSet } from "../graph/model.js";
import type { InputFile } from "../formats/types.js";
import {
  deltaRoots,
  EXPECTED_FILE,
  findCases,
  resolveInputs,
  viewRoots,
  type CaseLocation,
} from "./cases.js";
import { parseCaseExpectation, parseDeltaExpectation, type DeltaExpectation } from "./expected.js";
import type { NamedEntry } from "./match.js";
import { addCounts, emptyCounts, type ViewCounts } from "./metrics.js";
import { scoreDelta, type DeltaScore } from "./score-delta.js";
import { scoreView, type ViewScore } from "./score-view.js";

/** Runs every view and delta of every case through the analysis and scores them. */

/** The two analysis entry points the scores measure; passed in so the scoring can be tested on its own. */
export interface AccuracyEngine {
  buildGraphs(files: InputFile[], options?: Partial<AnalysisOptions>): Promise<GraphSet>;
  analyzeChange(
    base: InputFile[],
    head: InputFile[],
    options?: Partial<AnalysisOptions>,
    inputs?: ChangeInputs,
  ): Promise<ChangeReport>;
}

export interface ViewRun {
  name: string;
  inputs: string[];
  fileCount: number;
  missingInputs: string[];
  skippedFiles: { path: string; reason: string }[];
  warnings: ExtractionWarning[];
  notes: string[];
  score: ViewScore;
}

export interface DeltaRun {
  id: string;
  subject?: string;
  notes?: string;
  inputs: string[];
  fileCount: { base: number; head: number };
  missingInputs: string[];
  warnings: ExtractionWarning[];
  score?: DeltaScore;
  problems: string[];
}

export interface CaseRun {
  name: string;
  views: ViewRun[];
  deltas: DeltaRun[];
  /** Unreadable or malformed expectations, and failures of the analysis itself. */
  problems: string[];
}

export interface AccuracyRun {
  cases: CaseRun[];
  total: ViewCounts;
}

export interface AccuracyRunOptions {
  /** Only cases whose folder or case name contains this text. */
  only?: string;
  analysis?: Partial<AnalysisOptions>;
}

export async function runAccuracy(
  casesDir: string,
  engine: AccuracyEngine,
  options: AccuracyRunOptions = {},
): Promise<AccuracyRun> {
  const cases: CaseRun[] = [];
  for (const location of await findCases(casesDir)) {
    if (options.only !== undefined && !location.name.includes(options.only)) continue;
    cases.push(await runCase(location, engine, options.analysis ?? {}));
  }
  const total = cases
    .flatMap((run) => run.views)
    .reduce((sum, view) => addCounts(sum, view.score.counts), emptyCounts());
  return { cases, total };
}

function failure(what: string, error: unknown): string {
  return `${what}: ${error instanceof Error ? error.message : String(error)}`;
}

async function runCase(
  location: CaseLocation,
  engine: AccuracyEngine,
  analysis: Partial<AnalysisOptions>,
): Promise<CaseRun> {
  const file = join(location.dir, EXPECTED_FILE);
  const parsed = parseCaseExpectation(await readFile(file, "utf8"), file, location.name);
  const run: CaseRun = {
    name: parsed.value?.name ?? location.name,
    views: [],
    deltas: [],
    problems: [...parsed.problems],
  };
  const views = parsed.value?.views ?? [];
  for (const view of views) {
    const inputs = await resolveInputs(viewRoots(location.dir), view.inputs);
    let graphs: GraphSet;
    try {
      graphs = await engine.buildGraphs(inputs.files, analysis);
    } catch (error) {
      run.problems.push(failure(`view ${view.name}: the analysis failed`, error));
      graphs = { systems: [], warnings: [], notes: [] };
    }
    run.views.push({
      name: view.name,
      inputs: view.inputs,
      fileCount: inputs.files.length,
      missingInputs: inputs.missing,
      skippedFiles: inputs.skipped,
      warnings: graphs.warnings,
      notes: graphs.notes,
      score: scoreView(view, graphs),
    });
  }
  const caseLabels: NamedEntry[] = views.flatMap((view) =>
    view.components.map((component) => ({
      canonical: component.name,
      names: [component.name, ...component.aliases],
    })),
  );
  for (const delta of location.deltas) run.deltas.push(await runDelta(delta, caseLabels, engine, analysis));
  return run;
}

async function runDelta(
  location: CaseLocation["deltas"][number],
  caseLabels: NamedEntry[],
  engine: AccuracyEngine,
  analysis: Partial<AnalysisOptions>,
): Promise<DeltaRun> {
  const file = join(location.dir, EXPECTED_FILE);
  const parsed = parseDeltaExpectation(await readFile(file, "utf8"), file, location.id);
  const expectation: DeltaExpectation | undefined = parsed.value;
  const run: DeltaRun = {
    id: location.id,
    inputs: expectation?.viewInputs ?? [],
    fileCount: { base: 0, head: 0 },
    missingInputs: [],
    warnings: [],
    problems: [...parsed.problems],
  };
  if (!expectation) return run;
  if (expectation.subject !== undefined) run.subject = expectation.subject;
  if (expectation.notes !== undefined) run.notes = expectation.notes;
  const base = await resolveInputs(deltaRoots(location.dir, "base"), expectation.viewInputs);
  const head = await resolveInputs(deltaRoots(location.dir, "head"), expectation.viewInputs);
  run.fileCount = { base: base.files.length, head: head.files.length };
  // A file added or deleted by the commit exists on one side only.
  run.missingInputs = base.missing.filter((input) => head.missing.includes(input));
  try {
    const report = await engine.analyzeChange(base.files, head.files, analysis, {
      headUnread: head.skipped.map((file) => file.path),
    });
    run.warnings = report.warnings;
    run.score = scoreDelta(expectation, report, caseLabels);
  } catch (error) {
    run.problems.push(failure("the analysis failed", error));
  }
  return run;
}
