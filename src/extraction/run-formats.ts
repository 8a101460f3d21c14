import type { FormatExtractor, InputFile } from "../formats/types.js";
import type { ExtractionWarning, GraphSet, SystemGraph } from "../graph/model.js";
import { redactText } from "../graph/redact.js";

/**
 * How long past the deadline an extractor may take to hand back what it has before the engine stops waiting.
 * Extractors check the deadline themselves; this only bounds one that is stuck waiting on something.
 */
export const DEADLINE_GRACE_MS = 1000;

/**
 * Warnings of one kind in one file kept before the rest are summed up in one line: a generated 5 MB manifest can
 * name thousands of unknown hosts, and a report that lists them all says less than one that counts them.
 */
const WARNINGS_PER_FILE_AND_ID = 20;

/** One side's graphs, and the formats whose files it could not read (failed or out of time). */
export interface Extracted {
  graphs: GraphSet;
  unreadFormats: string[];
}

/**
 * Runs each format in turn and merges what they found, in the order the formats are given. A format that throws
 * or overruns costs its own systems, never the others': the failure becomes a warning and the report goes on.
 * With `files`, the formats run with the least text first (see leastTextFirst).
 */
export async function collectExtractions(
  formats: readonly FormatExtractor[],
  deadline: number,
  extract: (format: FormatExtractor) => Promise<Outcome>,
  files?: readonly InputFile[],
): Promise<Extracted> {
  const outcomes = new Map<FormatExtractor, Outcome>();
  for (const format of files ? leastTextFirst(formats, files) : formats) {
    if (Date.now() < deadline) outcomes.set(format, await extract(format));
  }
  const merged: GraphSet = { systems: [], warnings: [], notes: [] };
  const systemIds = new Set<string>();
  const skipped: string[] = [];
  const unreadNames: string[] = [];
  const failed: string[] = [];
  for (const format of formats) {
    const outcome = outcomes.get(format) ?? { kind: "timed-out" };
    if (outcome.kind === "timed-out") {
      skipped.push(format.id);
      unreadNames.push(
        outcome.reading ? `${format.id} (stopped while reading ${outcome.reading})` : format.id,
      );
      continue;
    }
    if (outcome.kind === "failed") {
      failed.push(format.id);
      merged.warnings.push(
        engineWarning("engine/extractor-failed", `${format.id} extraction failed: ${outcome.reason}`),
      );
      continue;
    }
    for (const system of outcome.extraction.systems) addSystem(merged, systemIds, system, format.id);
    merged.warnings.push(...capWarnings(outcome.extraction.warnings));
    merged.notes.push(...outcome.extraction.notes);
  }
  if (skipped.length > 0 || Date.now() > deadline) {
    const what =
      skipped.length > 0 ? `; not read: ${unreadNames.join(", ")}` : "; some files may not have been read";
    merged.warnings.push(
      engineWarning("engine/deadline", `the time budget for reading the files ran out${what}`),
    );
  }
  return { graphs: merged, unreadFormats: [...failed, ...skipped] };
}

/**
 * The order to run formats in: the least text first. They share one time budget, so a 5 MB manifest read first
 * would leave nothing for a small Terraform module; read last, it is the one the deadline cuts short, and the
 * deadline warning names it while everything smaller is reported in full.
 */
export function leastTextFirst(
  formats: readonly FormatExtractor[],
  files: readonly InputFile[],
): FormatExtractor[] {
  const size = new Map(
    formats.map((format) => [
      format,
      files.reduce((total, file) => total + (format.claims(file.path) ? file.text.length : 0), 0),
    ]),
  );
  return [...formats].sort((a, b) => size.get(a)! - size.get(b)!);
}

export type Outcome =
  | { kind: "done"; extraction: Awaited<ReturnType<FormatExtractor["extract"]>> }
  | { kind: "failed"; reason: string }
  /** `reading`: the file a format was stopped in, when it was stopped rather than left behind. */
  | { kind: "timed-out"; reading?: string };

export async function extractBefore(
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

export function engineWarning(id: string, message: string): ExtractionWarning {
  return { id, file: "", message };
}
