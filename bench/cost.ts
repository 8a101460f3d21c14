/**
 * The analysis against the floor: `boxcutter graph` and `boxcutter diff` as whole processes, beside the floor
 * process reading and parsing the same files, interleaved in the same run so both see the same machine.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Files, Monorepo } from "./monorepo.js";
import { measure, medianCost, type Cost, type Scripts } from "./processes.js";

export interface CostRow {
  files: number;
  megabytes: number;
  graph: Cost;
  graphFloor: Cost;
  diff: Cost;
  diffFloor: Cost;
}

export interface StartupRow {
  cli: Cost;
  bareNode: Cost;
}

function writeTree(root: string, files: Files): void {
  for (const [path, text] of Object.entries(files)) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
}

/** Room for the largest monorepo on a machine shared with other work: the bench measures whole analyses. */
const TIME_BUDGET = ["--time-budget", "600000"];

/** A report that left files out would make the analysis look cheaper than it is. */
function complete(stdout: string): void {
  const report = JSON.parse(stdout) as { warnings: { id: string; message: string }[] };
  const skipped = report.warnings.filter((warning) => /deadline|too-many|too-large/.test(warning.id));
  if (skipped.length > 0) throw new Error(`the analysis did not read everything: ${skipped[0]!.message}`);
}

/** Measures graph and diff of one monorepo against the floor, `runs` times each, and keeps the medians. */
export async function costOf(scripts: Scripts, repo: Monorepo, runs: number): Promise<CostRow> {
  const folder = mkdtempSync(join(tmpdir(), "boxcutter-bench-"));
  try {
    const base = join(folder, "base");
    const head = join(folder, "head");
    writeTree(base, repo.base);
    writeTree(head, repo.head);
    const samples: Record<"graph" | "graphFloor" | "diff" | "diffFloor", Cost[]> = {
      graph: [],
      graphFloor: [],
      diff: [],
      diffFloor: [],
    };
    for (let run = 0; run < runs; run++) {
      samples.graphFloor.push(await measure(scripts, [...scripts.floor, head]));
      samples.graph.push(
        await measure(scripts, [...scripts.cli, "graph", head, "--format", "json", ...TIME_BUDGET], complete),
      );
      samples.diffFloor.push(await measure(scripts, [...scripts.floor, base, head]));
      samples.diff.push(
        await measure(
          scripts,
          [...scripts.cli, "diff", base, head, "--format", "json", ...TIME_BUDGET],
          complete,
        ),
      );
    }
    const bytes = Object.values(repo.head).reduce((total, text) => total + Buffer.byteLength(text), 0);
    return {
      files: repo.size,
      megabytes: bytes / 1024 / 1024,
      graph: medianCost(samples.graph),
      graphFloor: medianCost(samples.graphFloor),
      diff: medianCost(samples.diff),
      diffFloor: medianCost(samples.diffFloor),
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The CLI on an empty folder against `node -e 0`: what importing boxcutter costs before any work. */
export async function startup(scripts: Scripts, runs: number): Promise<StartupRow> {
  const empty = mkdtempSync(join(tmpdir(), "boxcutter-empty-"));
  try {
    const cli: Cost[] = [];
    const bareNode: Cost[] = [];
    for (let run = 0; run < runs; run++) {
      bareNode.push(await measure(scripts, ["-e", "0"]));
      cli.push(await measure(scripts, [...scripts.cli, "graph", empty, "--format", "json"]));
    }
    return { cli: medianCost(cli), bareNode: medianCost(bareNode) };
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
}
