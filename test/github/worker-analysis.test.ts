import { afterEach, describe, expect, it } from "vitest";
import { ANALYSIS_WORKER, AnalysisWorkers } from "../../src/github/analysis-workers.js";
import { useGitHubMock } from "./helpers/github-mock.js";
import { INSTALLATION_ID, pullRequestDelivery, sha } from "./helpers/payloads.js";
import { createTestApp } from "./helpers/probot.js";
import { addsDatabase, appRun, BASE, firstRun, HEAD, mockAppRun } from "./helpers/scenario.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are inspected as loose JSON */
type Body = any;

const FAULTY_WORKER = new URL("./helpers/faulty-worker.mjs", import.meta.url);

const mock = useGitHubMock();
const pools: AnalysisWorkers[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

async function appWithWorkers(script: URL) {
  const pool = new AnalysisWorkers(script, { size: 1, overrunMs: 0 });
  pools.push(pool);
  mock.installationToken(INSTALLATION_ID);
  return createTestApp({ state: { background: true, analyser: pool.analyse } });
}

describe("a server analysing in a worker thread", () => {
  it("comments and completes the check as when analysing in its own thread", async () => {
    const { probot, state } = await appWithWorkers(ANALYSIS_WORKER);
    mockAppRun(mock, firstRun(addsDatabase("docker-compose.yml")));

    await probot.receive(pullRequestDelivery("in-a-worker", "opened", { head: HEAD, base: BASE }));
    await state.backlog.drain();

    const [comment] = mock.bodiesOf("POST", /issues\/7\/comments$/) as Body[];
    expect(comment.body).toContain("db");
    const [completed] = mock.bodiesOf("PATCH", /check-runs/) as Body[];
    expect(completed).toMatchObject({ status: "completed", conclusion: "failure" });
  });

  it("reports a worker stuck in a file as a check naming it, and analyses the next push", async () => {
    const { probot, state } = await appWithWorkers(FAULTY_WORKER);
    const stuck = { "docker-compose.yml": "services: {}\n" };
    mockAppRun(
      mock,
      appRun({
        config: "timeBudgetMs: 500\n",
        files: { baseFiles: stuck, headFiles: { "docker-compose.yml": "services: {}\n#hang\n" } },
        recheck: true,
      }),
    );
    const next = sha("next");
    const nextBase = sha("next base");
    mockAppRun(
      mock,
      appRun({
        head: next,
        base: nextBase,
        checkRun: 92,
        files: { baseFiles: stuck, headFiles: { "docker-compose.yml": "services: {}\n# fine\n" } },
        comments: [],
      }),
    );

    await probot.receive(pullRequestDelivery("stuck", "synchronize", { head: HEAD, base: BASE }));
    await state.backlog.drain();
    await probot.receive(pullRequestDelivery("next", "synchronize", { head: next, base: nextBase }));
    await state.backlog.drain();

    const [stopped] = mock.bodiesOf("PATCH", /check-runs\/91$/) as Body[];
    expect(stopped).toMatchObject({
      status: "completed",
      conclusion: "neutral",
      output: { title: "boxcutter could not analyse this pull request" },
    });
    expect(stopped.output.summary).toContain(
      "The analysis stopped: the analysis worker ran over the time budget (timeBudgetMs in .github/boxcutter.yml) while reading docker-compose.yml (faulty); it was stopped",
    );
    const [analysed] = mock.bodiesOf("PATCH", /check-runs\/92$/) as Body[];
    expect(analysed).toMatchObject({ status: "completed", conclusion: "success" });
  });
});
