// The analysis worker thread. analysis-workers.ts starts it from this module, never from anything else.
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { FORMATS } from "../formats/index.js";
import { ReadingMark } from "../extraction/reading-mark.js";
import { serveAnalyses } from "./analysis-thread.js";

/**
 * The worker's niceness. Linux schedules each thread on its own: when the cores are busy, this thread gives way to
 * the one answering GitHub (as analyses are answered for before they run), and takes what they leave idle.
 */
const NICENESS = 10;

function yieldToAnswering(): void {
  try {
    const thread = Number(readlinkSync("/proc/thread-self").split("/").pop());
    setPriority(thread, NICENESS);
  } catch {
    // Elsewhere the worker runs at the process's priority.
  }
}

if (!parentPort) throw new Error("analysis-worker runs only as a worker thread");
yieldToAnswering();
const { reading } = workerData as { reading: SharedArrayBuffer };
serveAnalyses(parentPort, FORMATS, new ReadingMark(reading));
