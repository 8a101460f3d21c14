import type { MessagePort } from "node:worker_threads";
import type { ChangeReport } from "../analysis/types.js";
import type { FormatExtractor, InputFile } from "../formats/types.js";
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

/** Room for the format and path of the file being read, shared by a worker and the thread that started it. */
export const READING_BYTES = 4096;

/**
 * Where a worker says which file it is reading: a hung or crashed worker cannot answer, but the thread that stops
 * it can still read this. Memory shared between the two threads, so marking costs no message.
 */
export class ReadingMark {
  readonly #length: Int32Array;
  readonly #bytes: Uint8Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(4 + READING_BYTES)) {
    this.#length = new Int32Array(buffer, 0, 1);
    this.#bytes = new Uint8Array(buffer, 4);
  }

  set(format: string, path: string): void {
    const { written } = new TextEncoder().encodeInto(`${format}\u0000${path}`, this.#bytes);
    Atomics.store(this.#length, 0, written);
  }

  clear(): void {
    Atomics.store(this.#length, 0, 0);
  }

  /** The format and file last marked, if any. */
  read(): { format: string; path: string } | undefined {
    const length = Atomics.load(this.#length, 0);
    if (length === 0) return undefined;
    const text = new TextDecoder().decode(this.#bytes.slice(0, length));
    const [format = "", path = ""] = text.split("\u0000");
    return { format, path };
  }
}

/** The files as `format` sees them: reading one's text marks it as the file being read. */
function marking(files: InputFile[], format: string, mark: ReadingMark): InputFile[] {
  return files.map((file) => ({
    path: file.path,
    get text() {
      mark.set(format, file.path);
      return file.text;
    },
  }));
}

/** Each format with its reading marked. */
export function markedFormats(formats: readonly FormatExtractor[], mark: ReadingMark): FormatExtractor[] {
  return formats.map((format) => ({
    id: format.id,
    claims: (path) => format.claims(path),
    extract: (files, options) => format.extract(marking(files, format.id, mark), options),
  }));
}

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
