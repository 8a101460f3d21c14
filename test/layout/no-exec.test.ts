import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Files in a pull request come from strangers, so the app never runs anything: no terraform, helm or script from
 * the repository, and no code built from text. This follows every module the app's entry points load and fails
 * if one of them could start a process or evaluate code. The only threads the app starts are its own analysis
 * and format workers, each from a fixed module beside the code that starts it.
 */

const srcDir = join(import.meta.dirname, "../../src");
const ENTRY_POINTS = [
  "server.ts",
  "index.ts",
  "action.ts",
  "lambda.ts",
  "github/analysis-worker.ts",
  "github/analysis-worker.source.mjs",
  "extraction/format-worker.ts",
  "extraction/format-worker.source.mjs",
];
/** The only modules that may start a worker thread, and what each must start it from. */
const WORKER_STARTERS: Record<string, RegExp> = {
  "github/analysis-workers.ts":
    /export const ANALYSIS_WORKER = new URL\(\s*import\.meta\.url\.endsWith\("\.ts"\) \? "\.\/analysis-worker\.source\.mjs" : "\.\/analysis-worker\.js",\s*import\.meta\.url,\s*\);/,
  "extraction/format-threads.ts":
    /export const FORMAT_WORKER = new URL\(\s*import\.meta\.url\.endsWith\("\.ts"\)\s*\? "\.\/format-worker\.source\.mjs"\s*: import\.meta\.url\.endsWith\("\.mjs"\)\s*\? "\.\/format-worker\.mjs"\s*: "\.\/format-worker\.js",\s*import\.meta\.url,\s*\);/,
};
const WORKER_STARTER = "github/analysis-workers.ts";

const RUNS_THINGS = [
  { what: "starts processes", pattern: /from "node:child_process"|require\("(node:)?child_process"\)/ },
  { what: "evaluates code", pattern: /from "node:vm"|(?<![.\w])eval\(|new Function\(|\beval:\s*true/ },
  { what: "imports a module named at run time", pattern: /(?<![.\w])import\((?!["'])/ },
];
const STARTS_WORKERS =
  /import\s*\{[^}]*(?<!type )\bWorker\b[^}]*\}\s*from "node:worker_threads"|require\("(node:)?worker_threads"\)/;

/** What in one module's text could run something other than the app's own code. */
function offences(file: string, text: string): string[] {
  const found = RUNS_THINGS.filter(({ pattern }) => pattern.test(text)).map(({ what }) => what);
  const script = WORKER_STARTERS[file];
  if (!script && STARTS_WORKERS.test(text)) found.push("starts workers");
  if (/new AnalysisWorkers\((?!ANALYSIS_WORKER\b)/.test(text)) {
    found.push("starts analysis workers from another script");
  }
  if (/extractInThreads\(\{[^}]*\bscript\b/.test(text))
    found.push("starts format workers from another script");
  if (script) {
    if (!script.test(text)) found.push("names a worker script other than its own worker");
    const started = [...text.matchAll(/new Worker\(([^,)]*)/g)].map((match) => match[1]);
    if (started.some((name) => name !== "this.script")) found.push("starts a worker from another script");
  }
  return found;
}

function loadedModules(): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/from "(\.[^"]+)\.js"/g)) visit(join(dirname(file), `${match[1]}.ts`));
  };
  for (const entry of ENTRY_POINTS) visit(join(srcDir, entry));
  return [...seen];
}

describe("the app", () => {
  it("loads no module that could run something from a repository", () => {
    const modules = loadedModules();
    expect(modules.length).toBeGreaterThan(50);
    for (const starter of Object.keys(WORKER_STARTERS)) expect(modules).toContain(join(srcDir, starter));
    const offending = modules.flatMap((file) => {
      const name = relative(srcDir, file);
      return offences(name, readFileSync(file, "utf8")).map((what) => `${name} ${what}`);
    });
    expect(offending).toEqual([]);
  });

  it("tells a worker started from the app's own module from any other", () => {
    const starter = readFileSync(join(srcDir, WORKER_STARTER), "utf8");
    expect(offences(WORKER_STARTER, starter)).toEqual([]);
    expect(offences("github/other.ts", starter)).toEqual(["starts workers"]);
    expect(offences(WORKER_STARTER, starter.replace('"./analysis-worker.js"', "script"))).toEqual([
      "names a worker script other than its own worker",
    ]);
    expect(offences(WORKER_STARTER, `${starter}\nnew Worker(new URL(path), { eval: true });`).sort()).toEqual(
      ["evaluates code", "starts a worker from another script"],
    );
    expect(offences("index.ts", "new AnalysisWorkers(new URL(name, base))")).toEqual([
      "starts analysis workers from another script",
    ]);
    expect(offences("index.ts", "new AnalysisWorkers(ANALYSIS_WORKER)")).toEqual([]);
  });

  it("tells format threads started from their own module from any other", () => {
    const name = "extraction/format-threads.ts";
    const starter = readFileSync(join(srcDir, name), "utf8");
    expect(offences(name, starter)).toEqual([]);
    expect(offences("engine.ts", starter)).toEqual(["starts workers"]);
    expect(offences(name, starter.replace('"./format-worker.mjs"', "script"))).toEqual([
      "names a worker script other than its own worker",
    ]);
    expect(offences(name, `${starter}\nnew Worker(path);`)).toEqual(["starts a worker from another script"]);
    expect(offences("cli.ts", "extractInThreads({ script: new URL(name) });")).toEqual([
      "starts format workers from another script",
    ]);
    expect(offences("cli.ts", "extractInThreads();")).toEqual([]);
  });
});
