import { Writable } from "node:stream";
import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { prCommand } from "../../src/cli/pr.js";
import { createAppState } from "../../src/github/handlers.js";
import { createBoxcutterApp } from "../../src/index.js";
import { fakeIo } from "../helpers.js";
import {
  BASE_COMPOSE,
  expectNoSecret,
  HEAD_COMPOSE,
  HOSTILE_NAME,
  rawNamesOutsideCode,
} from "../trust/hostile-compose.js";
import { GitHubMock } from "./helpers/github-mock.js";
import { INSTALLATION_ID, pullRequestDelivery, sha } from "./helpers/payloads.js";
import { APP_ID, PRIVATE_KEY } from "./helpers/probot.js";
import {
  mockBlobs,
  mockCheckCreate,
  mockCheckUpdates,
  mockCommentCreate,
  mockComments,
  mockCompare,
  mockNoConfig,
  mockNoRepoConfig,
  mockPull,
  mockTree,
  type Files,
} from "./helpers/scenario.js";

const BASE = sha("base");
const HEAD = sha("head");
const PR = 7;
const base: Files = { "docker-compose.yml": BASE_COMPOSE };
const head: Files = { "docker-compose.yml": HEAD_COMPOSE };

/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies and log records are loose JSON */
type Loose = any;

let mock: GitHubMock;
beforeEach(() => {
  mock = new GitHubMock();
});
afterEach(() => mock.verifyAndDispose());

function mockAnalysis(): void {
  mockCompare(mock, BASE, HEAD, ["docker-compose.yml"]);
  mockTree(mock, BASE, base);
  mockTree(mock, HEAD, head);
  mockBlobs(mock, [base, head]);
}

/** A Probot whose log records (every level, as JSON) are kept for inspection. */
function loggingProbot(records: Loose[]): Probot {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) records.push(JSON.parse(line));
      done();
    },
  });
  return new Probot({
    appId: APP_ID,
    privateKey: PRIVATE_KEY,
    log: pino({ level: "trace" }, sink),
    Octokit: ProbotOctokit.defaults((options: object) => ({
      ...options,
      retry: { enabled: false },
      throttle: { enabled: false },
    })),
  });
}

describe("a hostile compose change through GitHub", () => {
  it("keeps credentials out of the comment, the check run and the app's log lines", async () => {
    const records: Loose[] = [];
    const probot = loggingProbot(records);
    await probot.load(createBoxcutterApp(createAppState()));
    mock.installationToken(INSTALLATION_ID);
    mockPull(mock, PR, HEAD, BASE);
    mockCheckCreate(mock, 91);
    mockNoConfig(mock);
    mockAnalysis();
    mockComments(mock, PR);
    mockCommentCreate(mock, PR);
    mockCheckUpdates(mock, 91);

    await probot.receive(pullRequestDelivery("hostile", "opened", { head: HEAD, base: BASE }));

    const [comment] = mock.bodiesOf("POST", /comments$/) as Loose[];
    expectNoSecret("comment", comment.body);
    expect(rawNamesOutsideCode(comment.body)).toEqual([]);
    expect(comment.body).toContain(HOSTILE_NAME);
    const [completed] = mock.bodiesOf("PATCH", /check-runs/) as Loose[];
    expect(completed.conclusion).toBe("success");
    expectNoSecret("check run", JSON.stringify(completed));
    expect(rawNamesOutsideCode(completed.output.summary)).toEqual([]);

    expect(records.length).toBeGreaterThan(0);
    expectNoSecret("log", JSON.stringify(records));
    const fetched = records.find((record) => record.msg === "fetched");
    expect(fetched).toMatchObject({ pr: PR, head: HEAD, treeRequests: 2, blobRequests: 1, blobsFetched: 2 });
  });

  it("keeps credentials out of what `boxcutter pr` prints and posts", async () => {
    mockPull(mock, 12, HEAD, BASE);
    mockNoRepoConfig(mock);
    mockAnalysis();
    mock.api.get("/user").reply(200, { login: "octocat" });
    mockComments(mock, 12);
    mockCommentCreate(mock, 12);
    mock.api
      .post(/\/check-runs$/)
      .reply(403, { message: "Resource not accessible by personal access token" });
    const io = fakeIo("/", { GITHUB_TOKEN: "ghp_test" });

    expect(await prCommand.run(["Codertocat/Hello-World#12", "--post"], io)).toBe(0);

    expectNoSecret("pr stdout", io.out);
    expectNoSecret("pr stderr", io.err);
    expect(rawNamesOutsideCode(io.out)).toEqual([]);
    expect(io.out).toContain(HOSTILE_NAME);
    const [comment] = mock.bodiesOf("POST", /comments$/) as Loose[];
    expectNoSecret("pr comment", comment.body);
  });
});
