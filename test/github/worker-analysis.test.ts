import { afterEach, describe, expect, it } from "vitest";
import { ANALYSIS_WORKER, AnalysisWorkers } from "../../src/github/analysis-workers.js";
import { useGitHubMock } from "./helpers/github-mock.js";
import { commentDelivery, INSTALLATION_ID, pullRequestDelivery, sha } from "./helpers/payloads.js";
import { createTestApp } from "./helpers/probot.js";
import {
  addsDatabase,
  appRun,
  BASE,
  firstRun,
  HEAD,
  mockAppRun,
  mockBlobs,
  mockCommentCreate,
  mockConfig,
  mockPull,
  mockReactions,
  mockTree,
  PR,
  type Files,
} from "./helpers/scenario.js";

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
  return createTestApp({ state: { background: true, analyser: pool.analyse, graphBuilder: pool.graphs } });
}

/**
 * A comment asking `body` about a head holding `files`, answered by the app with workers from `script`. The
 * budget is short for workers that hang, and ample for the one that must finish on a busy machine.
 */
async function askAtHead(script: URL, files: Files, body: string, timeBudgetMs = 500) {
  const { probot, state } = await appWithWorkers(script);
  mockConfig(mock, `timeBudgetMs: ${timeBudgetMs}\n`);
  mockReactions(mock, 4401, 2);
  mockPull(mock, PR, HEAD, BASE);
  mockTree(mock, HEAD, files);
  mockBlobs(mock, [files]);
  mockCommentCreate(mock, PR);
  await probot.receive(commentDelivery("ask", { body }));
  await state.backlog.drain();
  const [reply] = mock.bodiesOf("POST", /issues\/7\/comments$/) as Body[];
  const reactions = (mock.bodiesOf("POST", /reactions$/) as Body[]).map((posted) => posted.content);
  return { reply: reply.body as string, reactions };
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

describe("commands answered with graphs built in a worker thread", () => {
  it("explains a component from the head's graphs", async () => {
    const compose =
      "services:\n  web:\n    image: nginx\n    ports: ['80:80']\n    depends_on: [db]\n  db:\n    image: postgres:16\n";
    const { reply, reactions } = await askAtHead(
      ANALYSIS_WORKER,
      { "compose.yaml": compose },
      "/boxcutter explain db",
      60_000,
    );

    expect(reply).toContain("### `db`: datastore in the docker-compose project at the repository root");
    expect(reply).toContain("| `web` | sync | compose/depends-on at compose.yaml:5");
    expect(reactions).toEqual(["eyes", "+1"]);
  });

  it.each([
    [
      "hangs",
      "#hang",
      "ran over the time budget (timeBudgetMs in .github/boxcutter.yml)",
      "; it was stopped.",
    ],
    ["crashes", "#throw", "failed (thrown outside the analysis)", "."],
  ])("replies, naming the file, when the worker %s while reading it", async (_, fault, what, ending) => {
    const path = "a_*b*<img>@everyone/compose.yaml";
    const { reply, reactions } = await askAtHead(
      FAULTY_WORKER,
      { [path]: `services: {}\n${fault}\n` },
      "/boxcutter explain db\n/boxcutter what-if delete db",
    );

    const stopped = `The head could not be analysed: the analysis worker ${what} while reading \`${path}\` (faulty)${ending}`;
    expect(reply.split(stopped)).toHaveLength(3);
    expect(reply).not.toMatch(/\n\s+at /);
    expect(reactions).toEqual(["eyes", "confused"]);
  });
});
