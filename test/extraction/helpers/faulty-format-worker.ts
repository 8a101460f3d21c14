/** A format worker served like the real one, reading the faulty and steady formats. */
import { parentPort, workerData } from "node:worker_threads";
import { serveFormats } from "../../../src/extraction/format-thread.js";
import { ReadingMark } from "../../../src/extraction/reading-mark.js";
import { FAULTY, STEADY } from "./faulty-formats.js";

const { reading } = workerData as { reading: SharedArrayBuffer };
serveFormats(parentPort!, [FAULTY, STEADY], new ReadingMark(reading));
