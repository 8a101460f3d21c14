import type { FormatExtractor, InputFile } from "../formats/types.js";
import type { ExtractionWarning } from "../graph/model.js";
import { extractBefore, type Outcome } from "./run-formats.js";
import { headUnreadableWarning, unreadByExtraction, withStandIns } from "./stand-ins.js";

/**
 * One tree as every format reads it, within its deadline. Plain data: a side can be handed to another thread.
 * A head side compared with a base names the base files that stand in for what it could not read.
 */
export interface Side {
  /** The files read: for a head side, with the base version of each rejected path in its place. */
  files: InputFile[];
  deadline: number;
  standIns?: {
    head: InputFile[];
    base: InputFile[];
    /** Head paths its readers rejected whose base version stands in from the start. */
    rejected: string[];
  };
}

/**
 * The head side of a comparison. Reader rejections (`headUnread`) are known up front: their base versions stand
 * in before any format runs.
 */
export function headSide(
  base: InputFile[],
  head: InputFile[],
  headUnread: readonly string[],
  deadline: number,
): Side {
  const baseByPath = new Map(base.map((file) => [file.path, file]));
  const rejected = headUnread.filter((path) => baseByPath.has(path));
  const files = rejected.length > 0 ? withStandIns(head, baseByPath, new Set(rejected)) : head;
  return { files, deadline, standIns: { head, base, rejected } };
}

/** The warnings a head side starts with: one per rejected path whose base version stands in. */
export function standInWarnings(side: Side): ExtractionWarning[] {
  return [...new Set(side.standIns?.rejected ?? [])].map(headUnreadableWarning);
}

/**
 * One format's reading of one side. On a head side, a format that could not read a file is run once more with
 * the base version in its place, and keeps its own first warnings for that file (they point at the head text)
 * instead of those about the base text.
 */
export async function extractSide(format: FormatExtractor, side: Side, graceMs: number): Promise<Outcome> {
  const { files, deadline, standIns } = side;
  const first = await extractBefore(format, files, deadline, graceMs);
  if (!standIns || first.kind !== "done") return first;
  const baseByPath = new Map(standIns.base.map((file) => [file.path, file]));
  const headByPath = new Map(standIns.head.map((file) => [file.path, file]));
  const rejected = new Set(standIns.rejected);
  const aboutBaseText = (paths: ReadonlySet<string>) => (warning: ExtractionWarning) =>
    !paths.has(warning.file);
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
}
