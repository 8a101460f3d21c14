/** Runs every part of the bench and returns its results; `bench/main.ts` prints them, the smoke test checks them. */
import { cpus } from "node:os";
import { costOf, startup, type CostRow, type StartupRow } from "./cost.js";
import { entryPointCost, type EntryPointRow } from "./entry-points.js";
import { monorepo } from "./monorepo.js";
import { compiledScripts, sourceScripts } from "./processes.js";
import { requestsOf, type RequestRow } from "./requests.js";
import { throughput, type Load, type ThroughputRow } from "./throughput.js";

export interface BenchOptions {
  /** Run the children compiled (what is measured) or from source (quicker to set up, slower to start). */
  compiled: boolean;
  sizes: number[];
  /** Runs per measure at a size; the median is kept. */
  runs: (size: number) => number;
  startupRuns: number;
  /** Files in the repository the webhook load is about. */
  throughputFiles: number;
  throughputLoad: Load;
  entryPoints: number[];
  /** Told what is being measured, for a long run. */
  progress: (step: string) => void;
}

export const FULL_BENCH: BenchOptions = {
  compiled: true,
  sizes: [10, 100, 1000, 5000],
  runs: (size) => (size >= 1000 ? 3 : 5),
  startupRuns: 10,
  throughputFiles: 50,
  throughputLoad: { seconds: 15 },
  entryPoints: [500, 2000],
  progress: () => {},
};

export interface BenchResults {
  machine: { node: string; cpus: number; cpuModel: string; date: string };
  costs: CostRow[];
  startup: StartupRow;
  requests: RequestRow[];
  throughput: ThroughputRow[];
  entryPoints: EntryPointRow[];
}

export function thisMachine(): BenchResults["machine"] {
  return {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    date: new Date().toISOString(),
  };
}

export async function runBench(options: BenchOptions): Promise<BenchResults> {
  options.progress(options.compiled ? "compiling" : "from source");
  const scripts = options.compiled ? await compiledScripts() : sourceScripts();
  const costs: CostRow[] = [];
  const requests: RequestRow[] = [];
  for (const size of options.sizes) {
    const repo = monorepo(size);
    options.progress(`${size} files: graph and diff against the floor`);
    costs.push(await costOf(scripts, repo, options.runs(size)));
    options.progress(`${size} files: GitHub requests`);
    requests.push(await requestsOf(repo));
  }
  options.progress("start-up");
  const started = await startup(scripts, options.startupRuns);
  options.progress("webhook throughput");
  const webhooks = await throughput(scripts, options.throughputFiles, options.throughputLoad);
  options.progress("entry points");
  const entryPoints = options.entryPoints.map((count) => entryPointCost(count, 3));
  return {
    machine: thisMachine(),
    costs,
    startup: started,
    requests,
    throughput: webhooks,
    entryPoints,
  };
}
