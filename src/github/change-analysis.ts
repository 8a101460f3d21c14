import { createHash } from "node:crypto";
import type { AnalysisOptions, ChangeReport } from "../analysis/types.js";
import { compareWith, runExtractors } from "../engine.js";
import { FORMATS } from "../formats/index.js";
import type { FormatExtractor, InputFile } from "../formats/types.js";
import type { GraphSet } from "../graph/model.js";
import type { FileCaches } from "./fetch-files.js";

/**
 * What comparing a pull request's two sides needs once its files are fetched. Plain data only: a server hands it
 * to a worker thread, so that the analysis's CPU time is not spent on the thread that answers GitHub.
 */
export interface ChangeRequest {
  base: InputFile[];
  head: InputFile[];
  options: AnalysisOptions;
  /** Head paths fetched but not readable (see `ChangeInputs.headUnread` in src/engine.ts). */
  headUnread: string[];
  /** Names the base side's files (paths and blob SHAs) when every one was read: its extraction may be kept. */
  baseKey?: string;
}

/** Compares the two sides of a change: in this thread, or in a worker (see analysis-workers.ts). */
export type ChangeAnalyser = (request: ChangeRequest) => Promise<ChangeReport>;

/** What building one tree's graphs needs (the `explain` and `what-if` commands): plain data too. */
export interface GraphsRequest {
  files: InputFile[];
  options: Pick<AnalysisOptions, "timeBudgetMs">;
}

/** Builds one tree's graphs: in this thread, or in a worker. */
export type GraphsBuilder = (request: GraphsRequest) => Promise<GraphSet>;

/**
 * A worker stopped during an analysis (crashed, out of memory, over its time budget): `what` happened and, when
 * known, the file it was reading. Both are kept apart from the message so each reply can escape them its own way.
 */
export class AnalysisStopped extends Error {
  constructor(
    readonly what: string,
    readonly reading?: { path: string; format: string },
    readonly ending = "",
  ) {
    super(
      `the analysis worker ${what}${reading ? ` while reading ${reading.path} (${reading.format})` : ""}${ending}`,
    );
  }
}

/** The key of a base side's extraction: it depends on its files alone. */
export function baseKeyOf(files: readonly { path: string; sha: string }[]): string {
  const hash = createHash("sha256");
  for (const file of files) hash.update(`${file.path}\u0000${file.sha}\u0000`);
  return hash.digest("hex");
}

/** Analyses in the calling thread, keeping complete base extractions in `extractions`. */
export function inProcessAnalyser(
  extractions: FileCaches["extractions"],
  formats: readonly FormatExtractor[] = FORMATS,
): ChangeAnalyser {
  return async ({ base, head, options, headUnread, baseKey }) =>
    compareWith(formats, base, head, options, {
      headUnread,
      ...(baseKey === undefined
        ? {}
        : {
            baseExtraction: {
              get: () => extractions.get(baseKey)?.extracted,
              set: (extracted) => extractions.set(baseKey, { extracted, files: base.length }),
            },
          }),
    });
}

/** Builds graphs in the calling thread. */
export function inProcessGraphs(formats: readonly FormatExtractor[] = FORMATS): GraphsBuilder {
  return async ({ files, options }) => runExtractors(formats, files, Date.now() + options.timeBudgetMs);
}
