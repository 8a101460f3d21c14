/**
 * `npm run bench`: boxcutter's cost against the floor of reading and parsing the same files, GitHub requests per
 * pull request event, webhook throughput and start-up, on generated monorepos. Prints one table and writes
 * bench/results.json. Speed is watched here, never asserted in tests.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./processes.js";
import { FULL_BENCH, runBench } from "./run.js";
import { describeMachine, table } from "./table.js";

const started = performance.now();
const results = await runBench({
  ...FULL_BENCH,
  progress: (step) =>
    process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0)} s] ${step}\n`),
});
writeFileSync(join(ROOT, "bench", "results.json"), `${JSON.stringify(results, null, 2)}\n`);
console.log(`${describeMachine(results.machine)}\n`);
console.log(table(results));
console.log(`\nbench/results.json written in ${((performance.now() - started) / 1000).toFixed(0)} s`);
