import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { FORMATS } from "../formats/index.js";
import type { FormatExtractor } from "../formats/types.js";
import type { FormatAnswer, FormatJob } from "./format-thread.js";
import { ReadingMark } from "./reading-mark.js";
import type { Outcome } from "./run-formats.js";
import { extractSide, type Side } from "./sides.js";

/**
 * The format worker's module, beside this one and named like it: compiled (`.js`, or `.mjs` beside a bundle named
 * so), or its source through the TypeScript loader when run from source. The only scripts a format thread is ever
 * started from: nothing a repository holds is run.
 */
export const FORMAT_WORKER = new URL(
  import.meta.url.endsWith(".ts")
    ? "./format-worker.source.mjs"
    : import.meta.url.endsWith(".mjs")
      ? "./format-worker.mjs"
      : "./format-worker.js",
  import.meta.url,
);

/**
 * Claimed text below which the formats run in the calling thread (about 250 of the bench's files). At 100 files
 * (0.2 MB) threads saved no wall time and cost 10% more CPU: starting each and loading its modules again costs
 * about as much as the formats they would read side by side.
 */
export const MIN_THREADED_BYTES = 512 * 1024;

/**
 * Cores below which the formats run in the calling thread. On two cores, threads took 8% off the wall time at
 * 1,000 files and 16% at 5,000 for 5 to 10% more CPU (a core is already half busy with V8's own compiling and
 * collecting threads); on one core they could only cost.
 */
export const MIN_THREADED_CORES = 2;

export interface ThreadOptions {
  script: URL;
  /** Cores to use: one thread per format up to one per core. By default the cores this process may use. */
  cores: number;
  minBytes: number;
  /** The formats the script's threads read, by id. */
  formats: readonly FormatExtractor[];
}

let threads: ThreadOptions | undefined;

/**
 * Lets the analyses of this process read the formats in worker threads, side by side, when their input is large
 * and there are cores enough. For processes that analyse one change (the CLI, the Action, a Lambda function);
 * the app's server already analyses in one worker per core and keeps each analysis on its thread. Returns what
 * turns it off again.
 */
export function extractInThreads(options: Partial<ThreadOptions> = {}): () => void {
  threads = {
    script: FORMAT_WORKER,
    cores: availableParallelism(),
    minBytes: MIN_THREADED_BYTES,
    formats: FORMATS,
    ...options,
  };
  return () => {
    threads = undefined;
  };
}

/** Each format's reading of each side, started when asked for (in this thread) or all at once (in threads). */
export interface FormatRun {
  outcome(format: FormatExtractor, side: number): Promise<Outcome>;
  close(): Promise<void>;
}

/** How the formats read `sides`: in worker threads when turned on and worth it, else one by one in this thread. */
export function runFormats(formats: readonly FormatExtractor[], sides: Side[], graceMs: number): FormatRun {
  const present = threads ? threadedFormats(threads, formats, sides) : [];
  if (!threads || present.length < 2) {
    return { outcome: (format, side) => extractSide(format, sides[side]!, graceMs), close: async () => {} };
  }
  const pool = new FormatThreads(threads.script, Math.min(threads.cores, present.length));
  const outcomes = new Map(
    present.map(({ format }) => [format, pool.read({ format: format.id, sides, graceMs })] as const),
  );
  return {
    outcome: (format, side) => outcomes.get(format)?.[side] ?? extractSide(format, sides[side]!, graceMs),
    close: () => pool.close(),
  };
}

/**
 * The formats worth a thread, the most text first: none unless the threads read every format given, there are
 * cores enough and the formats' text reaches the threshold. A format without files stays here (it finds nothing).
 */
function threadedFormats(
  options: ThreadOptions,
  formats: readonly FormatExtractor[],
  sides: readonly Side[],
): { format: FormatExtractor; claimed: number }[] {
  if (options.cores < MIN_THREADED_CORES || !formats.every((format) => options.formats.includes(format)))
    return [];
  let bytes = 0;
  const present = formats.flatMap((format) => {
    let claimed = 0;
    for (const side of sides) {
      for (const file of side.files) if (format.claims(file.path)) claimed += file.text.length;
    }
    bytes += claimed;
    return claimed > 0 ? [{ format, claimed }] : [];
  });
  return bytes < options.minBytes ? [] : present.sort((a, b) => b.claimed - a.claimed);
}

interface Job extends FormatJob {
  settle: ((outcome: Outcome) => void)[];
  answered: number;
}

interface Slot {
  worker?: Worker;
  job?: Job;
  timer?: NodeJS.Timeout;
  readonly mark: ReadingMark;
}

/**
 * Worker threads reading one format each at a time, the jobs taken in the order given. A thread still reading a
 * side past its deadline and grace is stopped: that format reads as timed out, naming the file it was in. One that
 * crashes or runs out of memory costs that format alone.
 */
class FormatThreads {
  readonly #slots: Slot[];
  readonly #waiting: Job[] = [];

  constructor(
    readonly script: URL,
    size: number,
  ) {
    this.#slots = Array.from({ length: size }, () => ({ mark: new ReadingMark() }));
  }

  /** One outcome per side of the job. */
  read(request: FormatJob): Promise<Outcome>[] {
    const settle: ((outcome: Outcome) => void)[] = [];
    const outcomes = request.sides.map(
      (_, index) => new Promise<Outcome>((resolve) => (settle[index] = resolve)),
    );
    this.#waiting.push({ ...request, settle, answered: 0 });
    this.#pump();
    return outcomes;
  }

  async close(): Promise<void> {
    for (const job of this.#waiting.splice(0)) settleRest(job, { kind: "timed-out" });
    await Promise.all(this.#slots.map((slot) => this.#stop(slot, { kind: "timed-out" })));
  }

  #pump(): void {
    for (const slot of this.#slots) {
      if (slot.job) continue;
      const job = this.#next();
      if (!job) return;
      slot.job = job;
      slot.mark.clear();
      (slot.worker ?? this.#start(slot)).postMessage({
        format: job.format,
        sides: job.sides,
        graceMs: job.graceMs,
      } satisfies FormatJob);
      this.#watch(slot, job);
    }
  }

  /** The next job with a side still before its deadline; those without read as timed out, no thread started. */
  #next(): Job | undefined {
    for (let job = this.#waiting.shift(); job; job = this.#waiting.shift()) {
      if (job.sides.some((side) => Date.now() < side.deadline)) return job;
      settleRest(job, { kind: "timed-out" });
    }
    return undefined;
  }

  /** Stops the slot's thread if the side it is reading is not read by its deadline and grace. */
  #watch(slot: Slot, job: Job): void {
    clearTimeout(slot.timer);
    const side = job.sides[job.answered]!;
    slot.timer = setTimeout(
      () => {
        const reading = slot.mark.read()?.path;
        void this.#stop(slot, { kind: "timed-out", ...(reading ? { reading } : {}) });
      },
      Math.max(0, side.deadline - Date.now()) + job.graceMs,
    );
  }

  #start(slot: Slot): Worker {
    const worker = new Worker(this.script, { workerData: { reading: slot.mark.buffer } });
    const current = () => slot.worker === worker;
    worker.on("message", (answer: FormatAnswer) => {
      if (current()) this.#answered(slot, answer);
    });
    worker.on("error", (error: Error & { code?: string }) => {
      if (!current()) return;
      const what =
        error.code === "ERR_WORKER_OUT_OF_MEMORY" ? "ran out of memory" : `failed (${error.message})`;
      void this.#stop(slot, this.#failure(slot, what));
    });
    worker.on("exit", (code) => {
      if (current()) void this.#stop(slot, this.#failure(slot, `stopped (exit code ${code})`));
    });
    slot.worker = worker;
    return worker;
  }

  #failure(slot: Slot, what: string): Outcome {
    const reading = slot.mark.read()?.path;
    return { kind: "failed", reason: `its thread ${what}${reading ? ` while reading ${reading}` : ""}` };
  }

  #answered(slot: Slot, answer: FormatAnswer): void {
    const job = slot.job;
    if (!job) return;
    job.settle[answer.side]?.(answer.outcome);
    job.answered = answer.side + 1;
    if (job.answered < job.sides.length) return this.#watch(slot, job);
    clearTimeout(slot.timer);
    slot.job = undefined;
    this.#pump();
  }

  /** Stops a slot's thread; the sides its job had left read as `outcome`. */
  async #stop(slot: Slot, outcome: Outcome): Promise<void> {
    const { worker, job } = slot;
    clearTimeout(slot.timer);
    slot.worker = undefined;
    slot.job = undefined;
    if (job) settleRest(job, outcome);
    this.#pump();
    await worker?.terminate();
  }
}

function settleRest(job: Job, outcome: Outcome): void {
  for (const settle of job.settle.slice(job.answered)) settle(outcome);
}
