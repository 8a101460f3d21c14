import { createHash } from "node:crypto";
import type { AnalysisOptions, ChangeReport } from "../analysis/types.js";
import { compareWith } from "../engine.js";
import { FORMATS } from "../formats/index.js";
import type { FormatExtractor, InputFile } from "../formats/types.js";
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
