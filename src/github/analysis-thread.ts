import type { MessagePort } from "node:worker_threads";
import type { ChangeReport } from "../analysis/types.js";
import { markedFormats, type ReadingMark } from "../extraction/reading-mark.js";
import type { FormatExtractor } from "../formats/types.js";
import type { GraphSet } from "../graph/model.js";
import {
  inProcessAnalyser,
  inProcessGraphs,
  type ChangeRequest,
  type GraphsRequest,
} from "./change-analysis.js";
import { extractionCache } from "./fetch-files.js";

/** What a worker is asked: to compare a change, or to build one tree's graphs. */
export type WorkRequest = { change: ChangeRequest } | { graphs: GraphsRequest };

/** What a worker says about one request: that it started on it (its time runs from there), then its answer. */
export type WorkAnswer = { started: true } | { result: ChangeReport | GraphSet } | { error: string };

/**
 * Answers requests arriving on `port`, one at a time, with `formats`; keeps complete base extractions between
 * requests, as the app's own thread would.
 */
export function serveAnalyses(
  port: MessagePort,
  formats: readonly FormatExtractor[],
  mark: ReadingMark,
): void {
  const marked = markedFormats(formats, mark);
  const analyse = inProcessAnalyser(extractionCache(), marked);
  const build = inProcessGraphs(marked);
  port.on("message", (request: WorkRequest) => {
    mark.clear();
    port.postMessage({ started: true } satisfies WorkAnswer);
    const work: Promise<ChangeReport | GraphSet> =
      "change" in request ? analyse(request.change) : build(request.graphs);
    work.then(
      (result) => port.postMessage({ result } satisfies WorkAnswer),
      (error: unknown) =>
        port.postMessage({
          error: error instanceof Error ? error.message : String(error),
        } satisfies WorkAnswer),
    );
  });
}
