import { describe, expect, it } from "vitest";
import {
  analyzeChange,
  analyzeGraphs,
  analyzeTree,
  buildGraphs,
  compareWith,
  runExtractors,
} from "../../src/engine.js";
import type { FormatExtractor, InputFile } from "../../src/formats/types.js";
import { WORKED_BASE, WORKED_HEAD, graphSet, system } from "./graphs.js";

const FILES: InputFile[] = [{ path: "compose.yaml", text: "services: {}" }];

function format(id: string, extract: FormatExtractor["extract"]): FormatExtractor {
  return { id, claims: () => true, extract };
}

const working = format("fake", async (files, options) => ({
  systems: [system(`fake:${files.length}`, { web: "service" }, [], ["web"])],
  warnings: [{ id: "fake/seen", file: files[0]!.path, line: 1, message: `deadline ${options.deadline > 0}` }],
  notes: ["fake note"],
}));

describe("runExtractors", () => {
  it("merges systems, warnings and notes of every format", async () => {
    const other = format("other", async () => ({
      systems: [system("other:.", { db: "datastore" }, [], [])],
      warnings: [],
      notes: [],
    }));
    const graphs = await runExtractors([working, other], FILES, Date.now() + 5000);
    expect(graphs.systems.map((entry) => entry.id)).toEqual(["fake:1", "other:."]);
    expect(graphs.warnings).toEqual([
      { id: "fake/seen", file: "compose.yaml", line: 1, message: "deadline true" },
    ]);
    expect(graphs.notes).toEqual(["fake note"]);
  });

  it("keeps 20 warnings of one kind per file and counts the rest in one line", async () => {
    const noisy = format("noisy", async () => ({
      systems: [],
      warnings: [
        ...Array.from({ length: 25 }, (_, line) => ({
          id: "noisy/host",
          file: "a.yaml",
          line,
          message: "x",
        })),
        { id: "noisy/other", file: "a.yaml", line: 1, message: "y" },
        { id: "noisy/host", file: "b.yaml", line: 1, message: "z" },
      ],
      notes: [],
    }));
    const graphs = await runExtractors([noisy], FILES, Date.now() + 5000);
    const hostWarningsInA = graphs.warnings.filter((w) => w.id === "noisy/host" && w.file === "a.yaml");
    expect(hostWarningsInA).toHaveLength(21);
    expect(hostWarningsInA[20]).toEqual({
      id: "noisy/host",
      file: "a.yaml",
      message: "5 more noisy/host warnings in this file not listed",
    });
    expect(graphs.warnings).toHaveLength(23);
  });

  it("turns a throwing extractor into a warning, redacted, and keeps the others", async () => {
    const broken = format("broken", async () => {
      throw new Error("cannot parse postgres://shop:hunter2@db/shop\nat line 3");
    });
    const graphs = await runExtractors([broken, working], FILES, Date.now() + 5000);
    expect(graphs.systems.map((entry) => entry.id)).toEqual(["fake:1"]);
    expect(graphs.warnings[0]).toEqual({
      id: "engine/extractor-failed",
      file: "",
      message: "broken extraction failed: cannot parse postgres://shop:***@db/shop at line 3",
    });
  });

  it("survives an extractor that throws synchronously or returns garbage", async () => {
    const sync: FormatExtractor = {
      id: "sync",
      claims: () => true,
      extract: () => {
        throw new TypeError("boom");
      },
    };
    const garbage = format("garbage", async () => null as never);
    const graphs = await runExtractors([sync, garbage], FILES, Date.now() + 5000);
    expect(graphs.systems).toEqual([]);
    expect(graphs.warnings.map((warning) => warning.message)).toEqual(["sync extraction failed: boom"]);
  });

  it("skips formats once the deadline has passed and says which", async () => {
    const graphs = await runExtractors([working, format("late", working.extract)], FILES, Date.now() - 1);
    expect(graphs.systems).toEqual([]);
    expect(graphs.warnings).toEqual([
      {
        id: "engine/deadline",
        file: "",
        message: "the time budget for reading the files ran out; not read: fake, late",
      },
    ]);
  });

  it("stops waiting for an extractor that never answers, and keeps the ones before it", async () => {
    const stuck = format("stuck", () => new Promise(() => undefined));
    const graphs = await runExtractors([working, stuck], FILES, Date.now() + 20, 10);
    expect(graphs.systems.map((entry) => entry.id)).toEqual(["fake:1"]);
    expect(graphs.warnings.map((warning) => warning.id)).toEqual(["fake/seen", "engine/deadline"]);
    expect(graphs.warnings[1]!.message).toContain("not read: stuck");
  });

  it("reads the formats with the least text first, so one huge file cannot spend the others' budget", async () => {
    const files: InputFile[] = [
      { path: "k8s/huge.yaml", text: "x".repeat(100_000) },
      { path: "infra/main.tf", text: "small" },
    ];
    const claiming = (id: string, prefix: string, extract: FormatExtractor["extract"]): FormatExtractor => ({
      id,
      claims: (path) => path.startsWith(prefix),
      extract,
    });
    const stuck = claiming("huge", "k8s/", () => new Promise(() => undefined));
    const small = claiming("small", "infra/", working.extract);
    const graphs = await runExtractors([stuck, small], files, Date.now() + 20, 10);
    expect(graphs.systems.map((entry) => entry.id)).toEqual(["fake:2"]);
    expect(graphs.warnings.map((warning) => warning.id)).toEqual(["fake/seen", "engine/deadline"]);
    expect(graphs.warnings[1]!.message).toContain("not read: huge");
  });

  it("merges in the order the formats are given, whatever order they ran in", async () => {
    const files: InputFile[] = [
      { path: "a/big.yaml", text: "x".repeat(1000) },
      { path: "b/small.tf", text: "y" },
    ];
    const named = (id: string, prefix: string): FormatExtractor => ({
      id,
      claims: (path) => path.startsWith(prefix),
      extract: async () => ({
        systems: [system(`${id}:.`, { web: "service" }, [], [])],
        warnings: [],
        notes: [],
      }),
    });
    const graphs = await runExtractors([named("big", "a/"), named("small", "b/")], files, Date.now() + 5000);
    expect(graphs.systems.map((entry) => entry.id)).toEqual(["big:.", "small:."]);
  });

  it("keeps the first of two systems with the same id and warns", async () => {
    const graphs = await runExtractors([working, working], FILES, Date.now() + 5000);
    expect(graphs.systems).toHaveLength(1);
    expect(graphs.warnings.map((warning) => warning.id)).toEqual([
      "fake/seen",
      "engine/duplicate-system",
      "fake/seen",
    ]);
  });
});

describe("engine entry points", () => {
  it("analyzeGraphs gives the worked example's numbers", () => {
    const report = analyzeGraphs(graphSet(WORKED_BASE), graphSet(WORKED_HEAD));
    expect(report.systems[0]!.entryPoints[0]!.head!.roundTrips).toBe(6);
  });

  it("buildGraphs with no time left reads nothing and names every registered format", async () => {
    const graphs = await buildGraphs([{ path: "compose.yaml", text: "services:\n  web: {image: nginx}\n" }], {
      timeBudgetMs: 0,
    });
    expect(graphs.systems).toEqual([]);
    expect(graphs.warnings).toEqual([
      {
        id: "engine/deadline",
        file: "",
        message: "the time budget for reading the files ran out; not read: compose, kubernetes, terraform",
      },
    ]);
  });

  it("analyzeChange and analyzeTree report no change for files no format recognises", async () => {
    const files = [{ path: "README.md", text: "# hello" }];
    const change = await analyzeChange(files, files);
    expect(change.changed).toBe(false);
    expect(change.systems.filter((entry) => entry.status !== "unchanged")).toEqual([]);
    const tree = await analyzeTree(files, { componentAvailability: 0.99 });
    expect(tree.options.componentAvailability).toBe(0.99);
    expect(tree.headline).toBe("No infrastructure found");
  });
});

describe("a format that cannot read one side", () => {
  const readsEverything = format("fake", async (files) => ({
    systems: [
      system("fake:.", Object.fromEntries(files.map((file) => [file.path, "service" as const])), [], []),
    ],
    warnings: [],
    notes: [],
  }));
  const failsOn = (text: string) =>
    format("fake", async (files, options) => {
      if (files.some((file) => file.text === text)) throw new Error("cannot read");
      return readsEverything.extract(files, options);
    });
  const base: InputFile[] = [{ path: "a", text: "ok" }];
  const head: InputFile[] = [
    { path: "a", text: "ok" },
    { path: "b", text: "broken" },
  ];

  it("shows its systems as at base when it fails at head, instead of all removed", async () => {
    const report = await compareWith([failsOn("broken")], base, head);
    expect(report.changed).toBe(false);
    expect(report.systems.map((entry) => [entry.system, entry.status])).toEqual([["fake:.", "unchanged"]]);
    expect(report.warnings.map((warning) => warning.id)).toEqual([
      "engine/extractor-failed",
      "engine/format-not-compared",
    ]);
    expect(report.warnings[1]!.message).toContain("at head");
  });

  it("shows its systems as at head when it fails at base, instead of all added", async () => {
    const report = await compareWith([failsOn("broken")], head, base);
    expect(report.systems.map((entry) => [entry.system, entry.status])).toEqual([["fake:.", "unchanged"]]);
    expect(report.warnings.map((warning) => warning.id)).toContain("engine/format-not-compared");
  });

  it("compares as usual when both sides are read", async () => {
    const report = await compareWith([readsEverything], base, head);
    expect(report.systems[0]!.delta.addedComponents.map((component) => component.name)).toEqual(["b"]);
    expect(report.warnings).toEqual([]);
  });
});
