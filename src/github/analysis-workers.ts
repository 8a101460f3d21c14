import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { ReadingMark } from "../extraction/reading-mark.js";
import type { WorkAnswer, WorkRequest } from "./analysis-thread.js";
import { AnalysisStopped, type ChangeAnalyser, type GraphsBuilder } from "./change-analysis.js";

/**
 * The analysis worker's module, beside this one: compiled, or its source through the TypeScript loader when the
 * app runs from source. The only scripts a worker is ever started from: nothing a repository holds is run.
 */
export const ANALYSIS_WORKER = new URL(
  import.meta.url.endsWith(".ts") ? "./analysis-worker.source.mjs" : "./analysis-worker.js",
  import.meta.url,
);

/** Heap one worker may take (V8's old generation): a hostile tree costs its own analysis, not the server. */
export const WORKER_MEMORY_MB = 1024;
/**
 * How long past its time budget an analysis may run before its worker is stopped. The engine stops extractors at
 * the budget and waits a second for them (DEADLINE_GRACE_MS); only code stuck in one file runs past both.
 */
export const WORKER_OVERRUN_MS = 3000;
/**
 * How long a worker may take to take up a request: loading the analysis takes well under a second, so one silent
 * this long is stuck, and its request would otherwise wait for ever.
 */
export const WORKER_START_MS = 30_000;

export interface WorkerOptions {
  /** Workers at once; by default one per core but the one answering GitHub, at least one. */
  size?: number;
  memoryMb?: number;
  overrunMs?: number;
  startMs?: number;
}

interface Job {
  request: WorkRequest;
  resolve: (result: never) => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
}

interface Slot {
  worker?: Worker;
  job?: Job;
  readonly mark: ReadingMark;
}

/**
 * Analyses in worker threads, one request at a time per worker, so that answering GitHub never waits for an
 * analysis's CPU time or its garbage. A worker that crashes, runs out of memory or overruns its time budget is
 * stopped; its request fails with what happened and which file was being read, and a new worker takes the next.
 * An idle worker does not keep the process alive; a busy one does, so a shutdown's drain can wait for it.
 */
export class AnalysisWorkers {
  readonly #slots: Slot[];
  readonly #waiting: Job[] = [];
  readonly #memoryMb: number;
  readonly #overrunMs: number;
  readonly #startMs: number;

  constructor(
    readonly script: URL,
    options: WorkerOptions = {},
  ) {
    const size = Math.max(1, options.size ?? availableParallelism() - 1);
    this.#slots = Array.from({ length: size }, () => ({ mark: new ReadingMark() }));
    this.#memoryMb = options.memoryMb ?? WORKER_MEMORY_MB;
    this.#overrunMs = options.overrunMs ?? WORKER_OVERRUN_MS;
    this.#startMs = options.startMs ?? WORKER_START_MS;
  }

  readonly analyse: ChangeAnalyser = (change) => this.#submit({ change });

  readonly graphs: GraphsBuilder = (graphs) => this.#submit({ graphs });

  #submit<T>(request: WorkRequest): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#waiting.push({ request, resolve, reject });
      this.#pump();
    });
  }

  /** Stops every worker; requests still waiting or running fail. */
  async close(): Promise<void> {
    for (const job of this.#waiting.splice(0)) job.reject(new Error("the analysis workers were stopped"));
    await Promise.all(this.#slots.map((slot) => this.#stop(slot, "was stopped with the server")));
  }

  #pump(): void {
    for (const slot of this.#slots) {
      if (slot.job) continue;
      const job = this.#waiting.shift();
      if (!job) return;
      this.#run(slot, job);
    }
  }

  #run(slot: Slot, job: Job): void {
    const worker = slot.worker ?? this.#start(slot);
    slot.job = job;
    slot.mark.clear();
    worker.ref();
    job.timer = setTimeout(
      () =>
        void this.#stop(
          slot,
          `did not take up the analysis within ${this.#startMs / 1000} s`,
          "; it was stopped",
        ),
      this.#startMs,
    );
    worker.postMessage(job.request);
  }

  /** The request's time runs from when the worker takes it: a new worker first loads the analysis. */
  #started(slot: Slot, job: Job): void {
    clearTimeout(job.timer);
    job.timer = setTimeout(
      () =>
        void this.#stop(
          slot,
          "ran over the time budget (timeBudgetMs in .github/boxcutter.yml)",
          "; it was stopped",
        ),
      ("change" in job.request ? job.request.change : job.request.graphs).options.timeBudgetMs +
        this.#overrunMs,
    );
  }

  #start(slot: Slot): Worker {
    const worker = new Worker(this.script, {
      workerData: { reading: slot.mark.buffer },
      resourceLimits: { maxOldGenerationSizeMb: this.#memoryMb },
    });
    const current = () => slot.worker === worker;
    worker.on("message", (answer: WorkAnswer) => {
      if (current()) this.#answered(slot, worker, answer);
    });
    worker.on("error", (error: Error & { code?: string }) => {
      if (!current()) return;
      const what =
        error.code === "ERR_WORKER_OUT_OF_MEMORY"
          ? `ran out of memory (${this.#memoryMb} MiB)`
          : `failed (${error.message})`;
      void this.#stop(slot, what);
    });
    worker.on("exit", (code) => {
      if (current()) void this.#stop(slot, `stopped unexpectedly (exit code ${code})`);
    });
    worker.unref();
    slot.worker = worker;
    return worker;
  }

  #answered(slot: Slot, worker: Worker, answer: WorkAnswer): void {
    const job = slot.job;
    if (!job) return;
    if ("started" in answer) return this.#started(slot, job);
    clearTimeout(job.timer);
    slot.job = undefined;
    worker.unref();
    if ("result" in answer) job.resolve(answer.result as never);
    else job.reject(new Error(answer.error));
    this.#pump();
  }

  /** Stops a slot's worker; its request, if any, fails saying `what` happened and where. */
  async #stop(slot: Slot, what: string, ending = ""): Promise<void> {
    const { worker, job } = slot;
    slot.worker = undefined;
    slot.job = undefined;
    if (job) {
      clearTimeout(job.timer);
      job.reject(new AnalysisStopped(what, slot.mark.read(), ending));
    }
    this.#pump();
    await worker?.terminate();
  }
}
