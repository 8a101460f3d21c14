import { analyzeGraphs } from "./analysis/analyze.js";
import { treeHeadline } from "./analysis/headline.js";
import { resolveOptions } from "./analysis/options.js";
import { headUnreadableWarning, unreadByExtraction, withStandIns } from "./analysis/stand-in.js";
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

/** What the file readers could not put into the trees given to `analyzeChange`. */
export interface ChangeInputs {
  /**
   * Head paths a reader found but could not read (binary, too large, not UTF-8, not fetched in time): see
   * `unreadPaths` in src/files/unread.ts. Their base version stands in for them.
   */
  headUnread?: readonly string[];
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
  const start = Date.now();
  // Base gets half the budget and head whatever is left, so a slow base cannot starve the side under review.
  const baseRun = await collectExtractions(formats, start + resolved.timeBudgetMs / 2, (format) =>
    extractBefore(format, base, start + resolved.timeBudgetMs / 2, DEADLINE_GRACE_MS),
  );
  const headDeadline = start + resolved.timeBudgetMs;
  const headRun = await extractHead(formats, base, head, inputs.headUnread ?? [], headDeadline);
  return analyzeGraphs(...withUnreadFormatsUnchanged(baseRun, headRun), resolved);
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
  const extracted = await collectExtractions(formats, deadline, (format) =>
    extractBefore(format, files, deadline, graceMs),
  );
  return extracted.graphs;
}

/** One side's graphs, and the formats whose files it could not read (failed or out of time). */
interface Extracted {
  graphs: GraphSet;
  unreadFormats: string[];
}

/**
 * Extracts the head with base versions standing in for the files it could not read. Reader rejections are known
 * up front; a format that could not read a file is run once more with the base version in its place, and keeps
 * its own first warnings for that file (they point at the head text) instead of those about the base text.
 */
async function extractHead(
  formats: readonly FormatExtractor[],
  base: readonly InputFile[],
  head: InputFile[],
  headUnread: readonly string[],
  deadline: number,
  graceMs = DEADLINE_GRACE_MS,
): Promise<Extracted> {
  const baseByPath = new Map(base.map((file) => [file.path, file]));
  const headByPath = new Map(head.map((file) => [file.path, file]));
  const rejected = new Set(headUnread.filter((path) => baseByPath.has(path)));
  const files = rejected.size > 0 ? withStandIns(head, baseByPath, rejected) : head;
  const aboutBaseText = (paths: ReadonlySet<string>) => (warning: ExtractionWarning) =>
    !paths.has(warning.file);

  const merged = await collectExtractions(formats, deadline, async (format) => {
    const first = await extractBefore(format, files, deadline, graceMs);
    if (first.kind !== "done") return first;
    const unread = unreadByExtraction(first.extraction.warnings, headByPath, baseByPath).filter(
      (path) => !rejected.has(path),
    );
    if (unread.length === 0) {
      const warnings = first.extraction.warnings.filter(aboutBaseText(rejected));
      return { kind: "done", extraction: { ...first.extraction, warnings } };
    }
    const replaced = new Set(unread);
    const second = await extractBefore(format, withStandIns(files, baseByPath, replaced), deadline, graceMs);
    if (second.kind !== "done") return second;
    const skip = new Set([...rejected, ...replaced]);
    const original = first.extraction.warnings.filter((warning) => replaced.has(warning.file));
    const warnings = [
      ...original,
      ...unread.map(headUnreadableWarning),
      ...second.extraction.warnings.filter(aboutBaseText(skip)),
    ];
    return { kind: "done", extraction: { ...second.extraction, warnings } };
  });
  const rejectedWarnings = [...rejected].map(headUnreadableWarning);
  return {
    ...merged,
    graphs: { ...merged.graphs, warnings: [...rejectedWarnings, ...merged.graphs.warnings] },
  };
}

/**
 * Runs each format in turn and merges what they found. A format that throws or overruns costs its own systems,
 * never the others': the failure becomes a warning and the report goes on.
 */
async function collectExtractions(
  formats: readonly FormatExtractor[],
  deadline: number,
  extract: (format: FormatExtractor) => Promise<Outcome>,
): Promise<Extracted> {
  const merged: GraphSet = { systems: [], warnings: [], notes: [] };
  const systemIds = new Set<string>();
  const skipped: string[] = [];
  const failed: string[] = [];
  for (const format of formats) {
    if (Date.now() >= deadline) {
      skipped.push(format.id);
      continue;
    }
    const outcome = await extract(format);
    if (outcome.kind === "failed") {
      failed.push(format.id);
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
  return { graphs: merged, unreadFormats: [...failed, ...skipped] };
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
