// The format worker thread. format-threads.ts starts it from this module, never from anything else.
import { parentPort, workerData } from "node:worker_threads";
import { FORMATS } from "../formats/index.js";
import { serveFormats } from "./format-thread.js";
import { ReadingMark } from "./reading-mark.js";

if (!parentPort) throw new Error("format-worker runs only as a worker thread");
const { reading } = workerData as { reading: SharedArrayBuffer };
serveFormats(parentPort, FORMATS, new ReadingMark(reading));
