import { analyzeGraphs } from "./analysis/analyze.js";
import { treeHeadline } from "./analysis/headline.js";
import { resolveOptions } from "./analysis/options.js";
import type { AnalysisOptions, ChangeReport } from "./analysis/types.js";
import { FORMATS } from "./formats/index.js";
import { sharingParses } from "./formats/shared/parse-share.js";
import type { FormatExtractor, InputFile } from "./formats/types.js";
import type { GraphSet } from "./graph/model.js";
import { runFormats, type FormatRun } from "./extraction/format-threads.js";
import {
  DEADLINE_GRACE_MS,
  type Extracted,
  collectExtractions,
  engineWarning,
} from "./extraction/run-formats.js";
import { headSide, standInWarnings, type Side } from "./extraction/sides.js";

export { DEFAULT_ANALYSIS_OPTIONS } from "./analysis/options.js";

/** Extracts every registered format from one tree of files within the time budget. */
export async function buildGraphs(
  files: InputFile[],
  options: Partial<AnalysisOptions> = {},
): Promise<GraphSet> {
  const { timeBudgetMs } = resolveOptions(options);
  return runExtractors(FORMATS, files, Date.now() + timeBudgetMs);
}

/** What the file readers could not put into the trees given to `analyzeChange`. */
export interface ChangeInputs {
  /**
   * Head paths a reader found but could not read (binary, too large, not UTF-8, not fetched in time): see
   * `unreadPaths` in src/files/unread.ts. Their base version stands in for them.
   */
  headUnread?: readonly string[];
  /**
   * Where the base side's extraction may already be, and is kept when complete: pushes to one pull request share
   * their base, so only the head is extracted again. The caller keys it by everything the extraction reads.
   */
  baseExtraction?: ExtractionMemo;
}

export interface ExtractionMemo {
  get(): Extracted | undefined;
  set(extracted: Extracted): void;
}

/** An extraction that ran out of time, or lost a format, would make a later report partial: it is not kept. */
function complete(extracted: Extracted): boolean {
  return (
    extracted.unreadFormats.length === 0 &&
    !extracted.graphs.warnings.some((warning) => warning.id.endsWith("/deadline"))
  );
}

/**
 * Extracts both sides and compares them. Pure: reads nothing but the files given.
 *
 * A head file that could not be read (rejected by its reader, or with a syntax error, alias bomb or the like in
 * its extractor) is replaced by its base version, with an `engine/head-unreadable` warning: what a file defined
 * must not read as deleted because its new text could not be read. A new file has no base version and keeps
 * whatever its extractor read of it.
 */
export async function analyzeChange(
  base: InputFile[],
  head: InputFile[],
  options: Partial<AnalysisOptions> = {},
  inputs: ChangeInputs = {},
): Promise<ChangeReport> {
  return compareWith(FORMATS, base, head, options, inputs);
}

/** `analyzeChange` with the formats given (tests use formats that fail or overrun on purpose). */
export async function compareWith(
  formats: readonly FormatExtractor[],
  base: InputFile[],
  head: InputFile[],
  options: Partial<AnalysisOptions> = {},
  inputs: ChangeInputs = {},
): Promise<ChangeReport> {
  const resolved = resolveOptions(options);
  const [baseRun, headRun] = await extractSides(formats, base, head, resolved, inputs);
  return analyzeGraphs(...withUnreadFormatsUnchanged(baseRun, headRun), resolved);
}

async function extractSides(
  formats: readonly FormatExtractor[],
  base: InputFile[],
  head: InputFile[],
  resolved: AnalysisOptions,
  inputs: ChangeInputs,
): Promise<[Extracted, Extracted]> {
  const start = Date.now();
  // Base gets half the budget and head whatever is left, so a slow base cannot starve the side under review.
  const sides = {
    base: { files: base, deadline: start + resolved.timeBudgetMs / 2 },
    head: headSide(base, head, inputs.headUnread ?? [], start + resolved.timeBudgetMs),
  };
  const kept = inputs.baseExtraction?.get();
  const read = kept ? [sides.head] : [sides.base, sides.head];
  // A file the sides read with the same text is parsed once; a kept base is not read, so nothing is kept for it.
  return sharingParses(
    read.map((side) => side.files),
    () => readSides(formats, read, kept, inputs),
  );
}

/** Reads `read` (the base, unless `kept` stands for it, then the head) and keeps a complete base extraction. */
async function readSides(
  formats: readonly FormatExtractor[],
  read: Side[],
  kept: Extracted | undefined,
  inputs: ChangeInputs,
): Promise<[Extracted, Extracted]> {
  const run = runFormats(formats, read, DEADLINE_GRACE_MS);
  const head = read.length - 1;
  try {
    let baseRun = kept;
    if (!baseRun) {
      baseRun = await collectSide(formats, read[0]!, (format) => run.outcome(format, 0));
      if (complete(baseRun)) inputs.baseExtraction?.set(baseRun);
    }
    return [baseRun, await collectSide(formats, read[head]!, (format) => run.outcome(format, head))];
  } finally {
    await run.close();
  }
}

/** One side's extractions merged, after a warning for each head file whose base version stood in from the start. */
async function collectSide(
  formats: readonly FormatExtractor[],
  side: Side,
  outcome: (format: FormatExtractor) => ReturnType<FormatRun["outcome"]>,
): Promise<Extracted> {
  const merged = await collectExtractions(formats, side.deadline, outcome, side.files);
  const standIns = standInWarnings(side);
  if (standIns.length === 0) return merged;
  return { ...merged, graphs: { ...merged.graphs, warnings: [...standIns, ...merged.graphs.warnings] } };
}

/**
 * A format that failed or ran out of time on one side says nothing about a change: its systems from the other
 * side stand in, so they read as unchanged rather than all added or all removed, and a warning says so.
 */
function withUnreadFormatsUnchanged(base: Extracted, head: Extracted): [GraphSet, GraphSet] {
  const fill = (side: Extracted, other: Extracted, label: string): GraphSet => {
    const missing = side.unreadFormats.filter((format) => !other.unreadFormats.includes(format));
    if (missing.length === 0) return side.graphs;
    const standIns = other.graphs.systems.filter((system) => missing.includes(system.format));
    const warnings = missing.map((format) =>
      engineWarning(
        "engine/format-not-compared",
        `${format} files could not be read at ${label}: their systems are shown as at the other side, so their changes are not in this report`,
      ),
    );
    const graphs = side.graphs;
    return {
      ...graphs,
      systems: [...graphs.systems, ...standIns],
      warnings: [...graphs.warnings, ...warnings],
    };
  };
  return [fill(base, head, "base"), fill(head, base, "head")];
}

/** The report for one tree on its own: every system `unchanged`, numbers on the head side. */
export async function analyzeTree(
  files: InputFile[],
  options: Partial<AnalysisOptions> = {},
): Promise<ChangeReport> {
  const resolved = resolveOptions(options);
  const graphs = await buildGraphs(files, resolved);
  const report = analyzeGraphs(graphs, graphs, resolved);
  return { ...report, headline: treeHeadline(report.systems) };
}

/** For callers that already extracted both sides. */
export { analyzeGraphs };

/** Extracts one tree with every format given, within the deadline (see collectExtractions). */
export async function runExtractors(
  formats: readonly FormatExtractor[],
  files: InputFile[],
  deadline: number,
  graceMs = DEADLINE_GRACE_MS,
): Promise<GraphSet> {
  const side: Side = { files, deadline };
  const run = runFormats(formats, [side], graceMs);
  try {
    return (await collectSide(formats, side, (format) => run.outcome(format, 0))).graphs;
  } finally {
    await run.close();
  }
}
