import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ChangeReport } from "../../src/analysis/types.js";
import type { Component, SystemGraph } from "../../src/graph/model.js";
import { analyzeChange, compareWith } from "../../src/engine.js";
import { FORMATS } from "../../src/formats/index.js";
import { readFilesUnder } from "../../src/formats/shared/__fixtures__/read-files.js";
import type { FormatExtractor, InputFile } from "../../src/formats/types.js";
import { toJsonReport } from "../../src/report/json.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { renderMermaid } from "../../src/report/mermaid.js";

/**
 * Extractors never throw on user input, and whatever a file says, the report stays well formed and keeps
 * credentials out. The project's own examples and fixtures, with credentials planted in them, are broken in
 * seeded random ways: a failing case names its seed and mutation, so it reproduces exactly.
 */

const PASSWORD = "hunter2";
const TOKEN_VALUE = "s3cr3t-value";
const DSN = `postgres://u:${PASSWORD}@db/x`;

/** Every tree of files a format reads: one per example side and one per fixture folder. */
function trees(): { name: string; files: InputFile[] }[] {
  const found: { name: string; files: InputFile[] }[] = [];
  const folders = (root: string): string[] =>
    readdirSync(root)
      .map((entry) => join(root, entry))
      .filter((path) => statSync(path).isDirectory());
  for (const example of folders("examples")) for (const side of folders(example)) found.push(tree(side));
  for (const format of folders("src/formats")) {
    const fixtures = join(format, "__fixtures__");
    if (!existsDir(fixtures)) continue;
    for (const folder of folders(fixtures)) found.push(tree(folder));
  }
  return found.filter((entry) => entry.files.length > 0);
}

function existsDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function tree(root: string): { name: string; files: InputFile[] } {
  const files = readFilesUnder(root).filter((file) => FORMATS.some((format) => format.claims(file.path)));
  const envFiles = readFilesUnder(root).filter((file) => file.path.endsWith(".env"));
  return { name: root, files: [...files, ...envFiles].map(planted) };
}

/** The file with a DSN and a secret-looking variable added where its format reads them. */
function planted(file: InputFile): InputFile {
  const { path, text } = file;
  if (path.endsWith(".env"))
    return { path, text: `${text}\nAPI_TOKEN=${TOKEN_VALUE}\nDATABASE_URL=${DSN}\n` };
  if (path.endsWith(".tf")) {
    const resource = [
      'resource "aws_lambda_function" "leaky" {',
      '  function_name = "leaky"',
      "  environment {",
      "    variables = {",
      `      DATABASE_URL = "${DSN}"`,
      `      API_TOKEN    = "${TOKEN_VALUE}"`,
      "    }",
      "  }",
      "}",
      "",
    ];
    return { path, text: `${text}\n${resource.join("\n")}` };
  }
  if (/^services:\s*$/m.test(text)) {
    const service = [
      "  leaky:",
      "    image: acme/leaky",
      "    environment:",
      `      - DATABASE_URL=${DSN}`,
      `      - API_TOKEN=${TOKEN_VALUE}`,
      "",
    ];
    return { path, text: text.replace(/^services:\s*\n/m, (line) => `${line}${service.join("\n")}`) };
  }
  if (/^apiVersion:/m.test(text) && /\.ya?ml$/.test(path)) {
    const deployment = [
      "---",
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata:",
      "  name: leaky",
      "spec:",
      "  template:",
      "    spec:",
      "      containers:",
      "        - name: leaky",
      "          image: acme/leaky",
      "          env:",
      "            - name: DATABASE_URL",
      `              value: ${DSN}`,
      "            - name: API_TOKEN",
      `              value: ${TOKEN_VALUE}`,
      "",
    ];
    return { path, text: `${text}\n${deployment.join("\n")}` };
  }
  return file;
}

/** Small, fast, seedable: the same seed gives the same mutations on every machine. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const below = (random: Random, n: number): number => Math.floor(random() * n);

const NASTY = [
  "\u0000",
  "\ud800",
  "\udfff",
  "{{",
  "}}",
  "{{ .Values.x }}",
  "&a ",
  "*a",
  "<<: *x",
  "${",
  "${A:-",
  "\t",
  "x".repeat(20_000),
  "\r\n",
  "\ufeff",
  "- ",
  ": ",
  "---\n",
  '"',
  "'",
  "#",
  "[",
  "]",
  "{",
  "}",
  "%",
  "!!binary ",
  "!include ",
  "\\",
];

interface Mutation {
  describe: string;
  apply: (text: string) => string;
}

const lines = (text: string) => text.split("\n");

function mutation(random: Random): Mutation {
  const kind = below(random, 11);
  switch (kind) {
    case 0: {
      const at = random();
      return {
        describe: `truncate at ${at.toFixed(3)}`,
        apply: (text) => text.slice(0, Math.floor(text.length * at)),
      };
    }
    case 1: {
      const at = random();
      const count = 1 + below(random, 3);
      return {
        describe: `delete ${count} lines at ${at.toFixed(3)}`,
        apply: (text) => {
          const all = lines(text);
          all.splice(Math.floor(all.length * at), count);
          return all.join("\n");
        },
      };
    }
    case 2: {
      const at = random();
      const times = 1 + below(random, 4);
      return {
        describe: `duplicate line at ${at.toFixed(3)} x${times}`,
        apply: (text) => {
          const all = lines(text);
          const index = Math.floor(all.length * at);
          all.splice(index, 0, ...Array<string>(times).fill(all[index] ?? ""));
          return all.join("\n");
        },
      };
    }
    case 3: {
      const a = random();
      const b = random();
      return {
        describe: `swap lines at ${a.toFixed(3)} and ${b.toFixed(3)}`,
        apply: (text) => {
          const all = lines(text);
          const i = Math.floor(all.length * a);
          const j = Math.floor(all.length * b);
          [all[i], all[j]] = [all[j] ?? "", all[i] ?? ""];
          return all.join("\n");
        },
      };
    }
    case 4:
    case 5: {
      const inserts = Array.from({ length: 1 + below(random, 3) }, () => ({
        at: random(),
        what: pick(random, NASTY),
      }));
      return {
        describe: `insert ${inserts.map(({ at, what }) => `${JSON.stringify(what.slice(0, 20))}@${at.toFixed(3)}`).join(", ")}`,
        apply: (text) =>
          inserts.reduce((acc, { at, what }) => {
            const index = Math.floor(acc.length * at);
            return acc.slice(0, index) + what + acc.slice(index);
          }, text),
      };
    }
    case 6: {
      const at = random();
      const shift = pick(random, [-4, -2, -1, 1, 2, 3, 8]);
      const count = 1 + below(random, 5);
      return {
        describe: `indent ${count} lines at ${at.toFixed(3)} by ${shift}`,
        apply: (text) => {
          const all = lines(text);
          const start = Math.floor(all.length * at);
          for (let i = start; i < Math.min(all.length, start + count); i++) {
            const line = all[i]!;
            all[i] = shift > 0 ? " ".repeat(shift) + line : line.replace(new RegExp(`^ {0,${-shift}}`), "");
          }
          return all.join("\n");
        },
      };
    }
    case 7: {
      const at = random();
      const shape = pick(random, ["list", "map"] as const);
      return {
        describe: `scalar at ${at.toFixed(3)} becomes a ${shape}`,
        apply: (text) => {
          const all = lines(text);
          const scalars = all
            .map((line, index) => ({ line, index }))
            .filter(({ line }) => /^\s*[-\w"'.]+\s*[:=]\s*\S/.test(line) && !/[:=]\s*[[{]/.test(line));
          if (scalars.length === 0) return text;
          const { line, index } = scalars[Math.floor(scalars.length * at)]!;
          all[index] = line.replace(/([:=])\s*(.*)$/, (_all, sign: string, value: string) => {
            const hcl = sign === "=";
            if (shape === "list") return `${sign} [${value}, ${value}]`;
            return hcl ? `= { a = ${value} }` : `: {a: ${value}, b: [${value}]}`;
          });
          return all.join("\n");
        },
      };
    }
    case 8:
      return {
        describe: "wrap the whole file in a list",
        apply: (text) =>
          /^\s*(resource|variable|module|locals|provider|data|output|terraform)\b/m.test(text)
            ? `[\n${text}\n]`
            : lines(text)
                .map((line, index) => (index === 0 ? `- ${line}` : `  ${line}`))
                .join("\n"),
      };
    case 9:
      return { describe: "empty file", apply: () => "" };
    default: {
      const count = 1 + below(random, 12);
      return {
        describe: `append ${count} copies of the file`,
        apply: (text) => Array<string>(count).fill(text).join("\n"),
      };
    }
  }
}

interface Case {
  seed: number;
  tree: string;
  original: InputFile[];
  mutated: InputFile[];
  mutations: string[];
}

function cases(count: number): Case[] {
  const all = trees();
  return Array.from({ length: count }, (_unused, index) => {
    const seed = 0x5eed0000 + index;
    const random = mulberry32(seed);
    const { name, files } = all[index % all.length]!;
    const mutated = files.map((file) => ({ ...file }));
    const mutations: string[] = [];
    const rounds = 1 + below(random, 2);
    for (let round = 0; round < rounds; round++) {
      const target = below(random, mutated.length);
      const change = mutation(random);
      mutated[target] = { path: mutated[target]!.path, text: change.apply(mutated[target]!.text) };
      mutations.push(`${mutated[target]!.path}: ${change.describe}`);
    }
    return { seed, tree: name, original: files, mutated, mutations };
  });
}

const ENGINE_WIDE = /^(engine|analysis)\//;

/** Every way the report breaks the contract, as readable lines; empty when it holds. */
export function contractViolations(report: ChangeReport): string[] {
  const found: string[] = [];
  for (const warning of report.warnings) {
    if (warning.id === "engine/extractor-failed") found.push(`extractor failed: ${warning.message}`);
    if (typeof warning.id !== "string" || warning.id === "")
      found.push(`warning without id: ${warning.message}`);
    if (typeof warning.file !== "string") found.push(`warning ${warning.id} without file`);
    else if (warning.file === "" && !ENGINE_WIDE.test(warning.id))
      found.push(`warning ${warning.id} without file`);
    if (warning.line !== undefined && !(Number.isInteger(warning.line) && warning.line > 0))
      found.push(`warning ${warning.id} at line ${warning.line}`);
  }
  for (const system of report.systems) {
    for (const graph of [system.base, system.head]) {
      if (graph === undefined) continue;
      const names = new Set<string>();
      for (const component of graph.components) {
        if (typeof component.name !== "string" || component.name === "")
          found.push(`${graph.id}: component without name`);
        names.add(component.name);
        const line = component.location.line;
        if (line !== undefined && !(Number.isInteger(line) && line > 0))
          found.push(`${graph.id}: ${component.name} at line ${line}`);
      }
      for (const edge of graph.edges) {
        if (!edge.from || !edge.to) found.push(`${graph.id}: edge without name ${edge.from} -> ${edge.to}`);
        if (!names.has(edge.from) || !names.has(edge.to))
          found.push(`${graph.id}: dangling edge ${edge.from} -> ${edge.to}`);
        for (const evidence of edge.evidence) {
          if (evidence.line !== undefined && !(Number.isInteger(evidence.line) && evidence.line > 0))
            found.push(`${graph.id}: edge ${edge.from} -> ${edge.to} evidence at line ${evidence.line}`);
        }
      }
      for (const entry of graph.entryPoints) {
        if (!names.has(entry.component))
          found.push(`${graph.id}: entry point ${entry.component} is no component`);
      }
    }
  }
  const outputs: [string, string][] = [
    ["markdown", renderMarkdown(report, { mode: "diff" })],
    ["markdown graph", renderMarkdown(report, { mode: "graph" })],
    ["json", JSON.stringify(toJsonReport(report))],
    ...report.systems.map((system): [string, string] => [`mermaid ${system.system}`, renderMermaid(system)]),
  ];
  for (const [where, text] of outputs) {
    if (text.includes(PASSWORD)) found.push(`${where} shows the DSN password`);
    if (text.includes(TOKEN_VALUE)) found.push(`${where} shows the API_TOKEN value`);
  }
  return found;
}

const CASES = cases(1000);

describe("mutated examples and fixtures keep the extraction contract", () => {
  it("reads every format's trees, with the credentials planted", () => {
    const formats = new Set(
      CASES.flatMap(({ original }) =>
        FORMATS.filter((format) => original.some((file) => format.claims(file.path))).map(
          (format) => format.id,
        ),
      ),
    );
    expect([...formats].sort()).toEqual(["compose", "kubernetes", "terraform"]);
    const planted = CASES.flatMap(({ original }) => original).filter((file) => file.text.includes(DSN));
    expect(planted.length).toBeGreaterThanOrEqual(10);
  });

  it.each(CASES)("seed $seed: $tree", async ({ seed, tree, original, mutated, mutations }) => {
    const where = `seed ${seed} on ${tree}: ${mutations.join("; ")}`;
    let report: ChangeReport | undefined;
    let error: unknown;
    try {
      report = await analyzeChange(original, mutated);
    } catch (caught) {
      error = caught;
    }
    expect([where, error === undefined ? "resolved" : String(error)]).toEqual([where, "resolved"]);
    expect([where, contractViolations(report!)]).toEqual([where, []]);
  });
});

/** A format that reads whatever `graph` says of every file, to break the contract on purpose. */
function fakeFormat(graph: (text: string) => Partial<SystemGraph>): FormatExtractor {
  return {
    id: "fake",
    claims: (path) => path.endsWith(".fake"),
    extract: async (files) => ({
      systems: files.map((file) => ({
        id: `fake:${file.path}`,
        format: "fake",
        components: [],
        edges: [],
        entryPoints: [],
        ...graph(file.text),
      })),
      warnings: [],
      notes: [],
    }),
  };
}

const component = (name: string): Component => ({
  name,
  kind: "service",
  system: "fake:a.fake",
  location: { file: "a.fake", line: 1 },
});

describe("the contract check itself", () => {
  const base = [{ path: "a.fake", text: "fine" }];
  const head = [{ path: "a.fake", text: "breaks" }];
  const violations = async (format: FormatExtractor) =>
    contractViolations(await compareWith([format], base, head));

  it("holds for a well-formed graph", async () => {
    const format = fakeFormat(() => ({
      components: [component("web"), component("db")],
      edges: [{ from: "web", to: "db", kind: "sync", evidence: [] }],
      entryPoints: [{ component: "web", via: "port 80", evidence: [] }],
    }));
    expect(await violations(format)).toEqual([]);
  });

  it("fails on an extractor that throws, though the engine turns the throw into a warning", async () => {
    const format = fakeFormat((text) => {
      if (text === "breaks") throw new Error("cannot read");
      return {};
    });
    expect(await violations(format)).toEqual(["extractor failed: fake extraction failed: cannot read"]);
  });

  it("fails on a dangling edge, an entry point that is no component and a nameless component", async () => {
    const format = fakeFormat((text) =>
      text === "breaks"
        ? {
            components: [component("web"), component("")],
            edges: [
              {
                from: "web",
                to: "db",
                kind: "sync",
                evidence: [{ file: "a.fake", line: 0, rule: "r", detail: "" }],
              },
            ],
            entryPoints: [{ component: "gone", via: "port 80", evidence: [] }],
          }
        : {},
    );
    expect(await violations(format)).toEqual([
      "fake:a.fake: component without name",
      "fake:a.fake: dangling edge web -> db",
      "fake:a.fake: edge web -> db evidence at line 0",
      "fake:a.fake: entry point gone is no component",
    ]);
  });

  it("fails on a planted credential in any output", async () => {
    const format = fakeFormat((text) =>
      text === "breaks" ? { components: [component(TOKEN_VALUE), component(`x${PASSWORD}`)] } : {},
    );
    const found = await violations(format);
    expect(found).toContain("markdown shows the API_TOKEN value");
    expect(found).toContain("json shows the DSN password");
    expect(found).toContain("mermaid fake:a.fake shows the API_TOKEN value");
  });
});
