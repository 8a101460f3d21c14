import { describe, expect, it } from "vitest";
import { FULL_BENCH, runBench } from "../../bench/run.js";
import { table } from "../../bench/table.js";

/**
 * `npm run bench` in miniature: every part runs to completion on small generated monorepos, and the GitHub
 * requests per pull request event are what the app's batching and caches promise. Times are printed by the
 * bench, never asserted.
 */
describe("the bench", () => {
  it("measures every part and counts the GitHub requests of a first and a second push", async () => {
    const results = await runBench({
      ...FULL_BENCH,
      compiled: false,
      sizes: [10, 150],
      runs: () => 1,
      startupRuns: 1,
      throughputLoad: { deliveries: 8 },
      entryPoints: [20, 40],
    });

    expect(results.costs.map((row) => row.files)).toEqual([10, 150]);
    for (const row of results.costs) {
      for (const cost of [row.graph, row.graphFloor, row.diff, row.diffFloor]) {
        expect(cost.cpuMs).toBeGreaterThan(0);
        expect(cost.peakMiB).toBeGreaterThan(0);
      }
    }
    // First push: token, pull request, check run, two config look-ups, comparison, two trees, blob queries of
    // 100 (the base and head share all but the changed blobs), the pull request again (a push during the
    // analysis makes it stale), comment look-up and write, check completion.
    // The next push changes one file: the token and the base tree are cached, one blob is fetched.
    expect(results.requests).toEqual([
      { files: 10, firstPush: 13, secondPush: 11, secondPushChanged: 1, naive: 18 },
      { files: 150, firstPush: 14, secondPush: 11, secondPushChanged: 1, naive: 298 },
    ]);
    expect(results.throughput.map((row) => [row.app, row.failed])).toEqual([
      ["noop", 0],
      ["boxcutter", 0],
    ]);
    for (const row of results.throughput) expect(row.deliveriesPerSecond).toBeGreaterThan(0);
    expect(results.entryPoints.map((row) => row.entryPoints)).toEqual([20, 40]);
    expect(table(results).split("\n")).toHaveLength(2 + 3 * 2 + 4);
  }, 240_000);
});
