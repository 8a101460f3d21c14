import type { MessagePort } from "node:worker_threads";
import { sharingParses } from "../formats/shared/parse-share.js";
import type { FormatExtractor } from "../formats/types.js";
import { markedFormats, type ReadingMark } from "./reading-mark.js";
import type { Outcome } from "./run-formats.js";
import { extractSide, type Side } from "./sides.js";

/** What a format thread is asked: one format's reading of each side, in order (a base, then its head). */
export interface FormatJob {
  format: string;
  sides: Side[];
  graceMs: number;
}

/** What a format thread answers, once per side as soon as that side is read. */
export interface FormatAnswer {
  side: number;
  outcome: Outcome;
}

/**
 * Answers jobs arriving on `port`, one at a time, with the format of that id among `formats`. The sides of one job
 * share their parses, as the two sides of a comparison do in one thread. A side whose deadline has passed is not
 * started, as in one thread.
 */
export function serveFormats(
  port: MessagePort,
  formats: readonly FormatExtractor[],
  mark: ReadingMark,
): void {
  const byId = new Map(markedFormats(formats, mark).map((format) => [format.id, format]));
  let queue = Promise.resolve();
  port.on("message", (job: FormatJob) => {
    queue = queue.then(() => answer(port, byId.get(job.format), job));
  });
}

async function answer(port: MessagePort, format: FormatExtractor | undefined, job: FormatJob): Promise<void> {
  await sharingParses(
    job.sides.map((side) => side.files),
    async () => {
      for (const [side, work] of job.sides.entries()) {
        const outcome: Outcome = !format
          ? { kind: "failed", reason: `no ${job.format} reader in this thread` }
          : Date.now() < work.deadline
            ? await extractSide(format, work, job.graceMs)
            : { kind: "timed-out" };
        port.postMessage({ side, outcome } satisfies FormatAnswer);
      }
    },
  );
}
