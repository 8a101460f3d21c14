import { afterEach, describe, expect, it } from "vitest";
import { monorepo } from "../../bench/monorepo.js";
import { ANALYSIS_WORKER, AnalysisWorkers, type WorkerOptions } from "../../src/github/analysis-workers.js";
import { inProcessAnalyser, type ChangeRequest } from "../../src/github/change-analysis.js";
import { extractionCache } from "../../src/github/fetch-files.js";

const FAULTY_WORKER = new URL("./helpers/faulty-worker.mjs", import.meta.url);

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

  it("stop a worker stuck past its time budget, name the file it was reading, and go on with a new one", async () => {
    const pool = workers(FAULTY_WORKER, { overrunMs: 0 });

    await expect(
      pool.analyse(request({ "infra/ok.yaml": "fine", "infra/stuck.yaml": "#hang" }, 300)),
    ).rejects.toThrow(
      "the analysis worker ran over the time budget (timeBudgetMs in .github/boxcutter.yml) while reading infra/stuck.yaml (faulty); it was stopped",
    );
    await expect(pool.analyse(request({ "infra/ok.yaml": "fine" }))).resolves.toMatchObject({
      systems: [],
    });
  });

  it("report a worker that crashed, and go on with a new one", async () => {
    const pool = workers(FAULTY_WORKER);

    await expect(pool.analyse(request({ "infra/bad.yaml": "#throw" }))).rejects.toThrow(
      "the analysis worker failed (thrown outside the analysis) while reading infra/bad.yaml (faulty)",
    );
    await expect(pool.analyse(request({ "infra/ok.yaml": "fine" }))).resolves.toMatchObject({
      systems: [],
    });
  });

  it("report a worker that ended its thread", async () => {
    const pool = workers(FAULTY_WORKER);

    await expect(pool.analyse(request({ "exits.yaml": "#exit" }))).rejects.toThrow(
      "the analysis worker stopped unexpectedly (exit code 3) while reading exits.yaml (faulty)",
    );
  });

  it("stop a worker that runs out of its memory", async () => {
    const pool = workers(FAULTY_WORKER, { memoryMb: 32 });

    await expect(pool.analyse(request({ "huge.yaml": "#grow" }))).rejects.toThrow(
      "the analysis worker ran out of memory (32 MiB) while reading huge.yaml (faulty)",
    );
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
});
