import { analyzeGraphs } from "./analysis/analyze.js";
import { treeHeadline } from "./analysis/headline.js";
import { resolveOptions } from "./analysis/options.js";
import type { AnalysisOptions, ChangeReport } from "./analysis/types.js";
import { FORMATS } from "./formats/index.js";
import type { FormatExtractor, InputFile } from "./formats/types.js";
import type { ExtractionWarning, GraphSet, SystemGraph } from "./graph/model.js";
import { redactText } from "./graph/redact.js";

export { DEFAULT_ANALYSIS_OPTIONS } from "./analysis/options.js";

/**
 * How long past the deadline an extractor may take to hand back what it has before the engine stops waiting.
 * Extractors check the deadline themselves; this only bounds one that is stuck waiting on something.
 */
const DEADLINE_GRACE_MS = 1000;

/**
 * Warnings of one kind in one file kept before the rest are summed up in one line: a generated 5 MB manifest can
 * name thousands of unknown hosts, and a report that lists them all says less than one that counts them.
 */
const WARNINGS_PER_FILE_AND_ID = 20;

/** Extracts every registered format from one tree of files within the time budget. */
export async function buildGraphs(
  files: InputFile[],
  options: Partial<AnalysisOptions> = {},
): Promise<GraphSet> {
  const { timeBudgetMs } = resolveOptions(options);
  return runExtractors(FORMATS, files, Date.now() + timeBudgetMs);
}

/** Extracts both sides and compares them. Pure: reads nothing but the files given. */
export async function analyzeChange(
  base: InputFile[],
  head: InputFile[],
  options: Partial<AnalysisOptions> = {},
): Promise<ChangeReport> {
  const resolved = resolveOptions(options);
  const start = Date.now();
  // Base gets half the budget and head whatever is left, so a slow base cannot starve the side under review.
  const baseGraphs = await runExtractors(FORMATS, base, start + resolved.timeBudgetMs / 2);
  const headGraphs = await runExtractors(FORMATS, head, start + resolved.timeBudgetMs);
  return analyzeGraphs(baseGraphs, headGraphs, resolved);
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

/**
 * Runs each format in turn and merges what they found. A format that throws or overruns costs its own systems,
 * never the others': the failure becomes a warning and the report goes on.
 */
export async function runExtractors(
  formats: readonly FormatExtractor[],
  files: InputFile[],
  deadline: number,
  graceMs = DEADLINE_GRACE_MS,
): Promise<GraphSet> {
  const merged: GraphSet = { systems: [], warnings: [], notes: [] };
  const systemIds = new Set<string>();
  const skipped: string[] = [];
  for (const format of formats) {
    if (Date.now() >= deadline) {
      skipped.push(format.id);
      continue;
    }
    const outcome = await extractBefore(format, files, deadline, graceMs);
    if (outcome.kind === "failed") {
      merged.warnings.push(
        engineWarning("engine/extractor-failed", `${format.id} extraction failed: ${outcome.reason}`),
      );
      continue;
    }
    if (outcome.kind === "timed-out") {
      skipped.push(format.id);
      continue;
    }
    for (const system of outcome.extraction.systems) addSystem(merged, systemIds, system, format.id);
    merged.warnings.push(...capWarnings(outcome.extraction.warnings));
    merged.notes.push(...outcome.extraction.notes);
  }
  if (skipped.length > 0 || Date.now() > deadline) {
    const what =
      skipped.length > 0 ? `; not read: ${skipped.join(", ")}` : "; some files may not have been read";
    merged.warnings.push(
      engineWarning("engine/deadline", `the time budget for reading the files ran out${what}`),
    );
  }
  return merged;
}

type Outcome =
  | { kind: "done"; extraction: Awaited<ReturnType<FormatExtractor["extract"]>> }
  | { kind: "failed"; reason: string }
  | { kind: "timed-out" };

async function extractBefore(
  format: FormatExtractor,
  files: InputFile[],
  deadline: number,
  graceMs: number,
): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: "timed-out" }), Math.max(0, deadline - Date.now()) + graceMs);
  });
  const run = (async (): Promise<Outcome> => {
    try {
      const extraction = await format.extract(files, { deadline });
      return { kind: "done", extraction: normalise(extraction) };
    } catch (error) {
      return { kind: "failed", reason: describe(error) };
    }
  })();
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function capWarnings(
  warnings: readonly ExtractionWarning[],
  limit = WARNINGS_PER_FILE_AND_ID,
): ExtractionWarning[] {
  const counts = new Map<string, number>();
  const kept: ExtractionWarning[] = [];
  for (const warning of warnings) {
    const key = `${warning.id}\u0000${warning.file}`;
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    if (count <= limit) kept.push(warning);
  }
  for (const [key, count] of counts) {
    if (count <= limit) continue;
    const [id = "", file = ""] = key.split("\u0000");
    kept.push({ id, file, message: `${count - limit} more ${id} warnings in this file not listed` });
  }
  return kept;
}

/** An extractor that returns something malformed is treated like one that returned nothing. */
function normalise(extraction: unknown): Awaited<ReturnType<FormatExtractor["extract"]>> {
  const value = (extraction ?? {}) as Partial<GraphSet>;
  return {
    systems: Array.isArray(value.systems) ? value.systems : [],
    warnings: Array.isArray(value.warnings) ? value.warnings : [],
    notes: Array.isArray(value.notes) ? value.notes : [],
  };
}

function addSystem(merged: GraphSet, ids: Set<string>, system: SystemGraph, formatId: string): void {
  if (ids.has(system.id)) {
    merged.warnings.push(
      engineWarning(
        "engine/duplicate-system",
        `${formatId} produced system ${system.id} twice; the first is kept`,
      ),
    );
    return;
  }
  ids.add(system.id);
  merged.systems.push(system);
}

/** Error messages can quote file content: redact them and keep them to one short line. */
function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = redactText(text).replace(/\s+/g, " ").trim();
  return line.length > 300 ? `${line.slice(0, 299)}…` : line || "unknown error";
}

function engineWarning(id: string, message: string): ExtractionWarning {
  return { id, file: "", message };
}
