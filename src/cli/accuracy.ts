import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { formatText, toJson } from "../accuracy/print.js";
import { runAccuracy } from "../accuracy/run.js";
import { analyzeChange, buildGraphs } from "../engine.js";
import { closestOption } from "./arg-errors.js";
import type { CliCommand, CliIo } from "./main.js";

const USAGE = `usage: boxcutter accuracy <casesDir> [--json] [--case <text>]

Scores the extractors against hand-labelled cases: every folder of <casesDir> holding an
expected.yaml (or <casesDir> itself when it holds one). See docs/accuracy.md.

  --json         print the scores and every finding as JSON
  --case <text>  only the cases whose folder name contains <text>

Exit status 0 whatever the scores (it measures, it does not gate); 2 on a usage error.`;

interface AccuracyArgs {
  casesDir: string;
  json: boolean;
  only?: string;
}

function parseArgs(args: string[]): AccuracyArgs | string {
  const positional: string[] = [];
  let json = false;
  let only: string | undefined;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === "--json") json = true;
    else if (arg === "--case") {
      only = args[++index];
      if (only === undefined) return "--case needs a value";
    } else if (arg.startsWith("--case=")) only = arg.slice("--case=".length);
    else if (arg.startsWith("-")) {
      const guess = closestOption(arg, ["json", "case", "help"]);
      return `unknown option ${arg}${guess ? ` (did you mean ${guess}?)` : ""}`;
    } else positional.push(arg);
  }
  if (positional.length !== 1)
    return positional.length === 0 ? "missing <casesDir>" : "expected one <casesDir>";
  return { casesDir: positional[0]!, json, ...(only !== undefined ? { only } : {}) };
}

async function run(args: string[], io: CliIo): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const parsed = parseArgs(args);
  if (typeof parsed === "string") {
    io.stderr(`boxcutter accuracy: ${parsed}\n\n${USAGE}\n`);
    return 2;
  }
  const casesDir = resolve(io.cwd, parsed.casesDir);
  if (!(await stat(casesDir).catch(() => undefined))?.isDirectory()) {
    io.stderr(`not a folder: ${parsed.casesDir}\n${USAGE}\n`);
    return 2;
  }
  const result = await runAccuracy(
    casesDir,
    { buildGraphs, analyzeChange },
    parsed.only !== undefined ? { only: parsed.only } : {},
  );
  io.stdout(parsed.json ? `${JSON.stringify(toJson(result), null, 2)}\n` : formatText(result));
  return 0;
}

export const accuracyCommand: CliCommand = {
  usage: USAGE,
  run,
};
