/** The bench's one table, in Markdown so it can be pasted into the README as printed. */
import type { Cost } from "./processes.js";
import type { BenchResults } from "./run.js";

const count = (value: number) => Math.round(value).toLocaleString("en-US");
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function cost(value: Cost): string {
  return `${seconds(value.cpuMs)} CPU, ${seconds(value.wallMs)} wall, ${count(value.peakMiB)} MiB`;
}

const ratio = (measured: number, baseline: number) => (measured / baseline).toFixed(2);

export function table(results: BenchResults): string {
  const rows: string[][] = [];
  for (const row of results.costs) {
    const size = `${count(row.files)} files (${row.megabytes.toFixed(1)} MB)`;
    rows.push([
      `graph, ${size}`,
      cost(row.graph),
      `floor: ${cost(row.graphFloor)}`,
      ratio(row.graph.cpuMs, row.graphFloor.cpuMs),
    ]);
    rows.push([
      `diff, ${size}`,
      cost(row.diff),
      `floor: ${cost(row.diffFloor)}`,
      ratio(row.diff.cpuMs, row.diffFloor.cpuMs),
    ]);
    const requests = results.requests.find((candidate) => candidate.files === row.files);
    if (requests) {
      rows.push([
        `GitHub requests, ${count(row.files)} files`,
        `first push ${requests.firstPush}, next push ${requests.secondPush} (${requests.secondPushChanged} file changed)`,
        `naive: ${count(requests.naive)}`,
        ratio(requests.firstPush, requests.naive),
      ]);
    }
  }
  const { cli, bareNode } = results.startup;
  rows.push([
    "start-up, empty folder",
    cost(cli),
    `\`node -e 0\`: ${cost(bareNode)}`,
    ratio(cli.cpuMs, bareNode.cpuMs),
  ]);
  const app = results.throughput.find((row) => row.app === "boxcutter");
  const noop = results.throughput.find((row) => row.app === "noop");
  if (app && noop) {
    const webhooks = (row: typeof app) =>
      `${row.deliveriesPerSecond.toFixed(1)} deliveries/s, p50 ${count(row.p50Ms)} ms, p99 ${count(row.p99Ms)} ms${row.failed > 0 ? `, ${row.failed} failed` : ""}`;
    rows.push([
      "webhooks answered, 50-file repository",
      webhooks(app),
      `no-op app: ${webhooks(noop)}`,
      ratio(app.deliveriesPerSecond, noop.deliveriesPerSecond),
    ]);
    rows.push([
      "analyses completed, same run",
      `${(app.analysesPerSecond ?? 0).toFixed(1)}/s: ${count(app.analyses ?? 0)} results (and ${count(app.superseded ?? 0)} overtaken by a push) for ${count(app.deliveries)} pushes, drained ${seconds(app.drainMs ?? 0)} after the load`,
      "pushes to one pull request waiting together are analysed once",
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
    ]);
  }
  const header = ["measure", "boxcutter", "floor or baseline", "ratio"];
  return [header, header.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}
