import { describe, expect, it } from "vitest";
import { prCommand } from "../../src/cli/pr.js";
import { fakeIo } from "../helpers.js";
import {
  BASE_COMPOSE,
  expectNoSecret,
  HEAD_COMPOSE,
  HOSTILE_NAME,
  rawNamesOutsideCode,
} from "../trust/hostile-compose.js";
import { useGitHubMock } from "./helpers/github-mock.js";
import { INSTALLATION_ID, pullRequestDelivery } from "./helpers/payloads.js";
import { createTestApp, recordingLog } from "./helpers/probot.js";
import {
  appRun,
  BASE,
  HEAD,
  mockAppRun,
  mockCliRun,
  mockCommentCreate,
  mockComments,
  PR,
  type FileFetch,
} from "./helpers/scenario.js";

const FILES: FileFetch = {
  base: BASE,
  head: HEAD,
  baseFiles: { "docker-compose.yml": BASE_COMPOSE },
  headFiles: { "docker-compose.yml": HEAD_COMPOSE },
};

/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies and log records are loose JSON */
type Loose = any;

const mock = useGitHubMock();

describe("a hostile compose change through GitHub", () => {
  it("keeps credentials out of the comment, the check run and the app's log lines", async () => {
    const records: Loose[] = [];
    const { probot } = await createTestApp({ log: recordingLog(records) });
    mock.installationToken(INSTALLATION_ID);
    mockAppRun(mock, appRun({ files: FILES, comments: [], commentWrite: "create" }));

    await probot.receive(pullRequestDelivery("hostile", "opened", { head: HEAD, base: BASE }));

    const [comment] = mock.bodiesOf("POST", /comments$/) as Loose[];
    expectNoSecret("comment", comment.body);
    expect(rawNamesOutsideCode(comment.body)).toEqual([]);
    expect(comment.body).toContain(HOSTILE_NAME);
    const [completed] = mock.bodiesOf("PATCH", /check-runs/) as Loose[];
    expect(completed.output.title).toContain("not justified");
    expectNoSecret("check run", JSON.stringify(completed));
    expect(rawNamesOutsideCode(completed.output.summary)).toEqual([]);

    expect(records.length).toBeGreaterThan(0);
    expectNoSecret("log", JSON.stringify(records));
    const fetched = records.find((record) => record.msg === "fetched");
    expect(fetched).toMatchObject({ pr: PR, head: HEAD, treeRequests: 2, blobRequests: 1, blobsFetched: 2 });
  });

  it("keeps credentials out of what `boxcutter pr` prints and posts", async () => {
    mockCliRun(mock, 12, FILES);
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
