import { afterEach, describe, expect, it } from "vitest";
import { monorepo } from "../../bench/monorepo.js";
import { ANALYSIS_WORKER, AnalysisWorkers, type WorkerOptions } from "../../src/github/analysis-workers.js";
import { inProcessAnalyser, type ChangeRequest } from "../../src/github/change-analysis.js";
import { extractionCache } from "../../src/github/fetch-files.js";

const FAULTY_WORKER = new URL("./helpers/faulty-worker.mjs", import.meta.url);
const SILENT_WORKER = new URL("./helpers/silent-worker.mjs", import.meta.url);

const pools: AnalysisWorkers[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

function workers(script: URL, options: WorkerOptions = {}): AnalysisWorkers {
  const pool = new AnalysisWorkers(script, { size: 1, ...options });
  pools.push(pool);
  return pool;
}

function files(tree: Record<string, string>) {
  return Object.entries(tree).map(([path, text]) => ({ path, text }));
}

function request(head: Record<string, string>, timeBudgetMs = 20_000): ChangeRequest {
  return {
    base: [],
    head: files(head),
    options: { componentAvailability: 0.999, timeBudgetMs },
    headUnread: [],
  };
}

describe("analysis workers", () => {
  it("report what the analysis in this thread reports", async () => {
    const repo = monorepo(20);
    const change: ChangeRequest = {
      ...request(repo.head),
      base: files(repo.base),
      baseKey: "base of the generated repository",
    };
    const pool = workers(ANALYSIS_WORKER);

    const inWorker = await pool.analyse(change);
    const again = await pool.analyse(change);
    const here = await inProcessAnalyser(extractionCache())(change);

    expect(here.systems.length).toBeGreaterThan(0);
    expect(inWorker).toStrictEqual(here);
    // The second request found the base side's extraction kept in the worker: same report.
    expect(again).toStrictEqual(here);
  });

  it.each([
    {
      fault: "is stuck past its time budget",
      options: { overrunMs: 0 },
      budgetMs: 300,
      text: "#hang",
      stopped:
        "the analysis worker ran over the time budget (timeBudgetMs in .github/boxcutter.yml) while reading infra/bad.yaml (faulty); it was stopped",
    },
    {
      fault: "crashed",
      options: {},
      text: "#throw",
      stopped:
        "the analysis worker failed (thrown outside the analysis) while reading infra/bad.yaml (faulty)",
    },
    {
      fault: "ended its thread",
      options: {},
      text: "#exit",
      stopped: "the analysis worker stopped unexpectedly (exit code 3) while reading infra/bad.yaml (faulty)",
    },
    {
      fault: "ran out of its memory",
      options: { memoryMb: 32 },
      text: "#grow",
      stopped: "the analysis worker ran out of memory (32 MiB) while reading infra/bad.yaml (faulty)",
    },
  ])("report a worker that $fault, naming the file it read, and go on with a new one", async (fault) => {
    const pool = workers(FAULTY_WORKER, fault.options);

    await expect(
      pool.analyse(request({ "infra/ok.yaml": "fine", "infra/bad.yaml": fault.text }, fault.budgetMs)),
    ).rejects.toThrow(fault.stopped);
    await expect(pool.analyse(request({ "infra/ok.yaml": "fine" }))).resolves.toMatchObject({
      systems: [],
    });
  });

  it("run waiting requests in turn and fail those still waiting when closed", async () => {
    const pool = workers(FAULTY_WORKER);
    const first = pool.analyse(request({ "a.yaml": "fine" }));
    const second = pool.analyse(request({ "b.yaml": "fine" }));
    await expect(first).resolves.toMatchObject({ systems: [] });
    const third = pool.analyse(request({ "c.yaml": "#hang" }));
    const fourth = pool.analyse(request({ "d.yaml": "fine" }));
    await expect(second).resolves.toMatchObject({ systems: [] });
    const stopped = [
      expect(third).rejects.toThrow("the analysis worker was stopped with the server"),
      expect(fourth).rejects.toThrow("the analysis workers were stopped"),
    ];

    await pool.close();

    await Promise.all(stopped);
  });

  it("stop a worker that never takes up its request, and go on with a new one", async () => {
    const pool = workers(SILENT_WORKER, { startMs: 200 });

    await expect(pool.analyse(request({ "a.yaml": "fine" }))).rejects.toThrow(
      "the analysis worker did not take up the analysis within 0.2 s; it was stopped",
    );
    await expect(pool.analyse(request({ "b.yaml": "fine" }))).rejects.toThrow("did not take up the analysis");
  });
});
