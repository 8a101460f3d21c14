/** The bench's one table, in Markdown so it can be pasted into the README as printed. */
import type { CostRow } from "./cost.js";
import type { Cost } from "./processes.js";
import type { BenchResults } from "./run.js";

const count = (value: number) => Math.round(value).toLocaleString("en-US");
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function cost(value: Cost): string {
  return `${seconds(value.cpuMs)} CPU, ${seconds(value.wallMs)} wall, ${count(value.peakMiB)} MiB`;
}

const ratio = (measured: number, baseline: number) => (measured / baseline).toFixed(2);

/**
 * The columns: both ratios of a measure against its floor or baseline, CPU time (user + system, every thread of
 * the process) and wall time. The floor reads and parses on one thread; boxcutter may use more.
 */
const HEADER = [
  "measure",
  "boxcutter",
  "floor (parses on one thread) or baseline",
  "ratio: CPU time (or as named)",
  "ratio: wall time",
];

/** A measure against its floor or baseline, with both ratios. */
function against(measure: string, measured: Cost, baseline: Cost, baselineName: string): string[] {
  return [
    measure,
    cost(measured),
    `${baselineName}: ${cost(baseline)}`,
    ratio(measured.cpuMs, baseline.cpuMs),
    ratio(measured.wallMs, baseline.wallMs),
  ];
}

function costRows(row: CostRow): string[][] {
  const size = `${count(row.files)} files (${row.megabytes.toFixed(1)} MB)`;
  return [
    against(`graph, ${size}`, row.graph, row.graphFloor, "floor"),
    against(`diff, ${size}`, row.diff, row.diffFloor, "floor"),
  ];
}

function markdown(rows: string[][]): string {
  return [HEADER, HEADER.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

/** The line above a table: where it was measured and how to read it. */
export function describeMachine(machine: BenchResults["machine"]): string {
  return `node ${machine.node}, ${machine.cpus} × ${machine.cpuModel}; medians; CPU time is user + system of every thread of the process, wall time from start to exit`;
}

/** The cost rows alone, for a quick loop on one size. */
export function costTable(rows: readonly CostRow[]): string {
  return markdown(rows.flatMap(costRows));
}

export function table(results: BenchResults): string {
  const rows: string[][] = [];
  for (const row of results.costs) {
    rows.push(...costRows(row));
    const requests = results.requests.find((candidate) => candidate.files === row.files);
    if (requests) {
      rows.push([
        `GitHub requests, ${count(row.files)} files`,
        `first push ${requests.firstPush}, next push ${requests.secondPush} (${requests.secondPushChanged} file changed)`,
        `naive: ${count(requests.naive)}`,
        `${ratio(requests.firstPush, requests.naive)} (requests)`,
        "",
      ]);
    }
  }
  const { cli, bareNode } = results.startup;
  rows.push(against("start-up, empty folder", cli, bareNode, "`node -e 0`"));
  const app = results.throughput.find((row) => row.app === "boxcutter");
  const noop = results.throughput.find((row) => row.app === "noop");
  if (app && noop) {
    const webhooks = (row: typeof app) =>
      `${row.deliveriesPerSecond.toFixed(1)} deliveries/s, p50 ${count(row.p50Ms)} ms, p99 ${count(row.p99Ms)} ms${row.failed > 0 ? `, ${row.failed} failed` : ""}`;
    rows.push([
      "webhooks answered, 50-file repository",
      webhooks(app),
      `no-op app: ${webhooks(noop)}`,
      `${ratio(app.deliveriesPerSecond, noop.deliveriesPerSecond)} (deliveries/s)`,
      "",
    ]);
    rows.push([
      "analyses completed, same run",
      `${(app.analysesPerSecond ?? 0).toFixed(1)}/s: ${count(app.analyses ?? 0)} results (and ${count(app.superseded ?? 0)} overtaken by a push) for ${count(app.deliveries)} pushes, drained ${seconds(app.drainMs ?? 0)} after the load`,
      "pushes to one pull request waiting together are analysed once",
      "",
      "",
    ]);
  }
  const [small, large] = results.entryPoints;
  if (small && large) {
    rows.push([
      `analysis, ${count(large.entryPoints)} entry points`,
      `${count(large.cpuMs)} ms CPU`,
      `${count(small.entryPoints)} entry points: ${count(small.cpuMs)} ms CPU`,
      ratio(large.cpuMs, small.cpuMs),
      "",
    ]);
  }
  return markdown(rows);
}
