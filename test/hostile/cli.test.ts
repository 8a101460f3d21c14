import { execFile } from "node:child_process";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../helpers.js";
import { CASES, type HostileCase } from "./corpus.js";
import {
  expectInertMarkdown,
  expectNothingLeaked,
  expectValidMermaid,
  expectWarnings,
  fencedDiagrams,
  mermaidDiagrams,
} from "./outputs.js";
import { writeCase } from "./tree.js";

/**
 * The hostile corpus through the command line's three outputs. The cases run in child processes so their memory
 * is measured: small cases share one process (its peak bounds each of them), each large case has its own.
 */

const MAX_RSS_BYTES = 1024 * 1024 * 1024;
// The child runs in a 1 GiB box, as in a container with that limit: Node sizes its heap from the box, and an
// unconstrained V8 on a large machine grows the heap long before it collects, so its peak says nothing about
// what the analysis keeps alive.
const HEAP_LIMIT = "--max-old-space-size=768";
const run = promisify(execFile);

interface CaseResult {
  folder: string;
  ms: number;
  peakRssBytes: number;
}

let root: string;
const results = new Map<HostileCase, Promise<CaseResult & { stderr: string }>>();

async function runCases(cases: readonly HostileCase[]): Promise<void> {
  const folders = await Promise.all(
    cases.map(async (hostile) => {
      const folder = join(root, `case-${CASES.indexOf(hostile)}`);
      await writeCase(join(folder, "tree"), hostile.files());
      return folder;
    }),
  );
  const child = run(
    process.execPath,
    [HEAP_LIMIT, "--import", "tsx", join(import.meta.dirname, "run-cli.ts"), join(root, "empty"), ...folders],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  const all = child.then(({ stdout, stderr }) =>
    (JSON.parse(stdout) as CaseResult[]).map((result) => ({ ...result, stderr })),
  );
  cases.forEach((hostile, index) =>
    results.set(
      hostile,
      all.then((list) => list[index]!),
    ),
  );
}

beforeAll(async () => {
  root = await tempDir("hostile-corpus");
  await mkdir(join(root, "empty"));
  await runCases(CASES.filter((hostile) => !hostile.large));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  // HOSTILE_TABLE=<file> writes what each case cost, as Markdown table rows.
  if (process.env.HOSTILE_TABLE) {
    const rows = await Promise.all(
      CASES.filter((hostile) => results.has(hostile)).map(async (hostile) => {
        const result = await results.get(hostile)!;
        return `| ${hostile.name} | ${hostile.large ? "own process" : "shared"} | ${result.ms} | ${Math.round(result.peakRssBytes / 1024 / 1024)} |`;
      }),
    );
    await writeFile(process.env.HOSTILE_TABLE, `${rows.join("\n")}\n`);
  }
});

async function expectCase(hostile: HostileCase): Promise<CaseResult> {
  if (!results.has(hostile)) await runCases([hostile]);
  const result = await results.get(hostile)!;
  const output = (format: string) => readFile(join(result.folder, `out.${format}`), "utf8");
  const [markdown, json, mermaid] = await Promise.all([
    output("markdown"),
    output("json"),
    output("mermaid"),
  ]);

  const report = JSON.parse(json) as { warnings: { id: string; file: string; line: number | null }[] };
  expectWarnings("json", report.warnings, hostile.warnings);
  for (const want of hostile.warnings) {
    // The Markdown names the file of every expected warning (the table may be trimmed, never the file).
    expect(markdown).toMatch(new RegExp(`(?:${want.file.replace(/\./g, "\\.")})`));
  }
  for (const [where, text] of [
    ["markdown", markdown],
    ["json", json],
    ["mermaid", mermaid],
    ["stderr", result.stderr],
  ] as const) {
    expectNothingLeaked(where, text);
  }
  expectInertMarkdown("markdown", markdown);
  await expectValidMermaid("mermaid", [...mermaidDiagrams(mermaid), ...fencedDiagrams(markdown)]);
  // The time budget is the engine's: a case that spends it says so in a deadline warning naming what it left.
  for (const warning of report.warnings.filter((w) => w.id.endsWith("/deadline")))
    expect(warning.id === "engine/deadline" || warning.file !== "").toBe(true);
  expect(result.peakRssBytes).toBeLessThan(MAX_RSS_BYTES);
  return result;
}

describe("hostile files through the command line's three outputs", () => {
  it.each(CASES.filter((hostile) => !hostile.large).map((hostile) => [hostile.name, hostile] as const))(
    "%s",
    async (_name, hostile) => {
      await expectCase(hostile);
    },
    120_000,
  );

  it.each(CASES.filter((hostile) => hostile.large).map((hostile) => [hostile.name, hostile] as const))(
    "%s (in a process of its own)",
    async (_name, hostile) => {
      await expectCase(hostile);
    },
    180_000,
  );

  it("escapes the hostile names it draws and mentions nobody", async () => {
    const hostile = CASES.find((candidate) => candidate.name.startsWith("Markdown, HTML"))!;
    const result = await expectCase(hostile);
    const mermaid = await readFile(join(result.folder, "out.mermaid"), "utf8");
    // The folders named `%%{init...}%%` and `@everyone` are systems, and their ids print escaped.
    expect(mermaid).toContain("%% compose:#37;#37;#123;init");
    expect(mermaid.split("\n").filter((line) => line.startsWith("%% "))).toHaveLength(3);
    const markdown = await readFile(join(result.folder, "out.markdown"), "utf8");
    expect(markdown).toContain("`@everyone`");
  });
});
