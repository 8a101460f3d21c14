import { afterEach, describe, expect, it } from "vitest";
import { monorepo } from "../../bench/monorepo.js";
import { analyzeChange, analyzeTree, buildGraphs, compareWith, runExtractors } from "../../src/engine.js";
import { extractInThreads } from "../../src/extraction/format-threads.js";
import type { InputFile } from "../../src/formats/types.js";
import type { GraphSet } from "../../src/graph/model.js";
import { FAULTY, STEADY } from "./helpers/faulty-formats.js";

const FAULTY_WORKER = new URL("./helpers/faulty-format-worker.mjs", import.meta.url);

let stopThreads: (() => void) | undefined;
afterEach(() => {
  stopThreads?.();
  stopThreads = undefined;
});

function files(tree: Record<string, string>): InputFile[] {
  return Object.entries(tree).map(([path, text]) => ({ path, text }));
}

/** Threads for any input, however many cores this machine has. */
function inThreads(options: Parameters<typeof extractInThreads>[0] = {}): void {
  stopThreads = extractInThreads({ minBytes: 0, cores: 2, ...options });
}

describe("formats read in worker threads", () => {
  it("report exactly what reading them one after another in this thread reports", async () => {
    const repo = monorepo(40);
    // A head file its readers rejected, and one its extractor cannot read: base versions stand in for both.
    const [rejected, broken] = Object.keys(repo.base).filter((path) => path.endsWith(".tf"));
    const head = { ...repo.head, [broken!]: `${repo.head[broken!]}\n}}} not hcl {\n` };
    // A budget no busy machine runs out of: a side cut short would differ for that reason alone.
    const options = { timeBudgetMs: 600_000 };
    const change = [files(repo.base), files(head), options, { headUnread: [rejected!] }] as const;
    const here = await analyzeChange(...change);
    const tree = await analyzeTree(files(head), options);

    inThreads();
    const threaded = await analyzeChange(...change);
    const threadedTree = await analyzeTree(files(head), options);

    expect(here.systems.map((system) => system.format)).toEqual(
      expect.arrayContaining(["compose", "kubernetes", "terraform"]),
    );
    expect(here.warnings.map((warning) => warning.id)).toContain("engine/head-unreadable");
    expect(threaded).toStrictEqual(here);
    expect(threadedTree).toStrictEqual(tree);
  }, 120_000);

  it("stop a format stuck in a file at its deadline and report the others", async () => {
    inThreads({ script: FAULTY_WORKER, formats: [FAULTY, STEADY] });
    const tree = files({ "faulty/ok.yaml": "fine", "faulty/bad.yaml": "#hang", "steady/a.yaml": "a" });

    // Room for a thread to start from source on a busy machine; the stuck one is stopped a grace after it.
    const graphs = await runExtractors([FAULTY, STEADY], tree, Date.now() + 5000, 100);

    expect(graphs.systems.map((system) => system.id)).toEqual(["steady:steady/a.yaml"]);
    expect(graphs.warnings).toContainEqual({
      id: "engine/deadline",
      file: "",
      message:
        "the time budget for reading the files ran out; not read: faulty (stopped while reading faulty/bad.yaml)",
    });
  });

  it("report a format whose thread ended as failed, naming the file, and compare the rest", async () => {
    inThreads({ script: FAULTY_WORKER, formats: [FAULTY, STEADY] });
    const base = files({ "faulty/a.yaml": "fine", "steady/a.yaml": "a" });
    const head = files({ "faulty/a.yaml": "#exit", "steady/a.yaml": "a", "steady/b.yaml": "b" });

    const report = await compareWith([FAULTY, STEADY], base, head, { timeBudgetMs: 20_000 });

    expect(report.warnings).toContainEqual({
      id: "engine/extractor-failed",
      file: "",
      message: "faulty extraction failed: its thread stopped (exit code 3) while reading faulty/a.yaml",
    });
    expect(report.systems.map((system) => [system.system, system.status])).toEqual([
      ["steady:steady/a.yaml", "unchanged"],
      ["steady:steady/b.yaml", "added"],
    ]);
  });

  it("take a large tree of the registry's formats; leave small trees, one core and other formats here", async () => {
    // The faulty worker would fail a format it does not know: these never reach a thread.
    stopThreads = extractInThreads({ script: FAULTY_WORKER, cores: 2 });
    const small = await analyzeChange(files(monorepo(10).base), files(monorepo(10).head));
    expect(small.warnings.map((warning) => warning.id)).not.toContain("engine/extractor-failed");
    const large = files(monorepo(300).head);
    const failed = (graphs: GraphSet) => graphs.warnings.filter((w) => w.id === "engine/extractor-failed");
    expect(failed(await buildGraphs(large))).toHaveLength(3);
    stopThreads = extractInThreads({ script: FAULTY_WORKER, cores: 1 });
    expect(failed(await buildGraphs(large))).toEqual([]);
    inThreads({ script: FAULTY_WORKER, formats: [STEADY] });
    const own = await runExtractors(
      [FAULTY, STEADY],
      files({ "faulty/a": "x", "steady/a": "a" }),
      Date.now() + 20_000,
    );
    expect(own.warnings).toEqual([]);
    expect(own.systems).toHaveLength(1);
  });
});
