/** Running the measured processes: each child reports its own CPU time and peak memory when it exits. */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { TARGETS, bundle } from "../scripts/bundle.js";

export const ROOT = resolve(import.meta.dirname, "..");
/** Where `bench/tsconfig.json` compiles the app and the bench's child processes. */
const OUT = join(ROOT, "bench", ".out");

/** The node arguments that start each child process: the CLI, the floor and the app's server. */
export interface Scripts {
  cli: string[];
  floor: string[];
  appServer: string[];
  /** Preloads the hook reporting a child's CPU time and peak memory. */
  usage: string[];
}

/**
 * Builds what the child processes run as users run it, so they pay no TypeScript loader: the CLI bundled as the
 * package's `boxcutter` command is (what `npm i -g` and the Action run), the floor and the app's server compiled.
 */
export async function compiledScripts(): Promise<Scripts> {
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", join(ROOT, "bench", "tsconfig.json")], {
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`compiling the bench failed:\n${result.stdout}${result.stderr}`);
  const processes = join(OUT, "bench", "processes");
  return {
    cli: [join(await bundle("cli", join(OUT, "bin")), TARGETS.cli.file)],
    floor: [join(processes, "floor.js")],
    appServer: [join(processes, "app-server.js")],
    usage: ["--import", join(processes, "usage.js")],
  };
}

/** The sources run through the TypeScript loader: slower to start, for the smoke test, which times nothing. */
export function sourceScripts(): Scripts {
  const processes = join(ROOT, "bench", "processes");
  const tsx = ["--import", "tsx"];
  return {
    cli: [...tsx, join(ROOT, "src", "cli.ts")],
    floor: [...tsx, join(processes, "floor.ts")],
    appServer: [...tsx, join(processes, "app-server.ts")],
    usage: [...tsx, "--import", join(processes, "usage.ts")],
  };
}

export interface Cost {
  wallMs: number;
  cpuMs: number;
  peakMiB: number;
}

/** Runs `node <args>` to completion and checks what it printed; fails on a non-zero exit. */
export async function measure(
  scripts: Scripts,
  args: string[],
  check: (stdout: string) => void = () => {},
): Promise<Cost> {
  const folder = mkdtempSync(join(tmpdir(), "boxcutter-usage-"));
  const usageFile = join(folder, "usage.json");
  try {
    const start = performance.now();
    const child = spawn(process.execPath, [...scripts.usage, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, BENCH_USAGE_FILE: usageFile },
    });
    let stderr = "";
    const stdout: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on("close", done));
    const wallMs = performance.now() - start;
    if (code !== 0) throw new Error(`node ${args.join(" ")} exited with ${code}: ${stderr.slice(0, 2000)}`);
    check(Buffer.concat(stdout).toString("utf8"));
    const usage = JSON.parse(readFileSync(usageFile, "utf8")) as { cpuMs: number; peakKiB: number };
    return { wallMs, cpuMs: usage.cpuMs, peakMiB: usage.peakKiB / 1024 };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The median of each measure over runs (each measure on its own: noise rarely hits all three at once). */
export function medianCost(costs: Cost[]): Cost {
  return {
    wallMs: median(costs.map((cost) => cost.wallMs)),
    cpuMs: median(costs.map((cost) => cost.cpuMs)),
    peakMiB: median(costs.map((cost) => cost.peakMiB)),
  };
}
