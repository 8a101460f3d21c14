/**
 * A worker served like the app's own, with one format that misbehaves on a file asking it to: `#hang` loops for
 * ever, `#throw` throws outside the analysis, `#exit` ends the thread, `#grow` takes memory until none is left.
 * Other files are read without finding anything.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { FormatExtractor } from "../../../src/formats/types.js";
import { ReadingMark } from "../../../src/extraction/reading-mark.js";
import { serveAnalyses } from "../../../src/github/analysis-thread.js";

function misbehave(text: string): Promise<void> | undefined {
  if (text.includes("#hang")) {
    for (;;) {
      // Stuck in this file for good, as a parser on a pathological input might be.
    }
  }
  if (text.includes("#throw")) {
    return new Promise(() =>
      setTimeout(() => {
        throw new Error("thrown outside the analysis");
      }),
    );
  }
  if (text.includes("#exit")) process.exit(3);
  if (text.includes("#grow")) {
    const kept: string[][] = [];
    for (;;) kept.push(Array.from({ length: 100_000 }, (_, index) => `${text}${index}`));
  }
  return undefined;
}

const faulty: FormatExtractor = {
  id: "faulty",
  claims: () => true,
  async extract(files) {
    for (const file of files) await misbehave(file.text);
    return { systems: [], warnings: [], notes: [] };
  },
};

const { reading } = workerData as { reading: SharedArrayBuffer };
serveAnalyses(parentPort!, [faulty], new ReadingMark(reading));
