import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Files in a pull request come from strangers, so the app never runs anything: no terraform, helm or script from
 * the repository, and no code built from text. This follows every module the app's entry points load and fails
 * if one of them could start a process or evaluate code.
 */

const srcDir = join(import.meta.dirname, "../../src");
const ENTRY_POINTS = ["server.ts", "index.ts", "action.ts", "lambda.ts"];
const RUNS_THINGS = [
  { what: "starts processes", pattern: /from "node:child_process"|require\("child_process"\)/ },
  { what: "evaluates code", pattern: /from "node:vm"|(?<![.\w])eval\(|new Function\(/ },
  { what: "starts workers", pattern: /from "node:worker_threads"/ },
  { what: "imports a module named at run time", pattern: /(?<![.\w])import\((?!["'])/ },
];

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
    const offending = modules.flatMap((file) => {
      const text = readFileSync(file, "utf8");
      return RUNS_THINGS.filter(({ pattern }) => pattern.test(text)).map(
        ({ what }) => `${relative(srcDir, file)} ${what}`,
      );
    });
    expect(offending).toEqual([]);
  });
});
