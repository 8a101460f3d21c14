import { setFlagsFromString } from "node:v8";

/**
 * Bytecode a function runs before V8 weighs compiling it optimised: about 9 times Node 20's default (67,584).
 * A process that reads one change and exits spends much of its CPU compiling hot code on V8's background threads
 * for a run too short to repay it. Measured on two cores, CPU time of the CLI: graph 1,000 files -15%, diff 1,000
 * -20%, graph and diff 5,000 -10 to -14%, graph 100 -8%; 300,000 and 1,000,000 did about as well, 3,000,000
 * worse. In a process that keeps analysing, the default wins after about 20 analyses of 1,000 files and is 5 to
 * 10% cheaper from then on: hence only for the CLI and the Action, not the app's server or a Lambda function
 * (a warm function serves many deliveries).
 */
export const ONE_RUN_INTERRUPT_BUDGET = 600_000;

/** V8 reads `--interrupt-budget` and `--interrupt_budget` alike. */
const NAMES_THE_BUDGET = /^--interrupt[-_]budget(?:=|$)/;

/**
 * Raises the tier-up budget for the rest of this process, unless the user gave one on node's command line
 * (`node --interrupt-budget=... boxcutter.js`): theirs wins. NODE_OPTIONS cannot carry it (node refuses to start).
 * V8's flags are the process's, so format threads started later share it. Called first thing by an entry point;
 * code compiled before picks up the new budget the next time its own runs out.
 */
export function compileLessForOneRun(
  execArgv: readonly string[] = process.execArgv,
  setFlags: (flags: string) => void = setFlagsFromString,
): boolean {
  if (execArgv.some((option) => NAMES_THE_BUDGET.test(option))) return false;
  setFlags(`--interrupt-budget=${ONE_RUN_INTERRUPT_BUDGET}`);
  return true;
}
