/**
 * `npm run bench:quick [-- --files 1000 --runs 5]`: only the cost rows of one size against the floor, for a quick
 * loop while working on speed. Each run interleaves graph, diff and their floors, as the whole bench does.
 */
import { parseArgs } from "node:util";
import { costOf } from "./cost.js";
import { monorepo } from "./monorepo.js";
import { compiledScripts } from "./processes.js";
import { thisMachine } from "./run.js";
import { costTable, describeMachine } from "./table.js";

const { values } = parseArgs({ options: { files: { type: "string" }, runs: { type: "string" } } });
const files = Number(values.files ?? 1000);
const runs = Number(values.runs ?? 5);
const row = await costOf(await compiledScripts(), monorepo(files), runs);
console.log(`${describeMachine(thisMachine())}; ${runs} runs\n`);
console.log(costTable([row]));
