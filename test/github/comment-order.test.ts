import { describe, expect, it } from "vitest";
import { formatMarker, parseMarker } from "../../src/github/comment.js";
import { useGitHubMock } from "./helpers/github-mock.js";
import { INSTALLATION_ID, pullRequestDelivery, sha } from "./helpers/payloads.js";
import { createTestApp } from "./helpers/probot.js";
import {
  appRun,
  BASE,
  CHECK,
  HEAD,
  mockAppRun,
  mockCheckUpdates,
  mockComments,
  mockCompare,
  mockNoConfig,
  mockPull,
  PR,
  repoPath,
  type AppRun,
  type CommentFixture,
  type Files,
} from "./helpers/scenario.js";

/**
 * The sticky comment's hidden marker says which head it shows and when that head was confirmed. Runs in other
 * processes can finish out of order, so a run must not replace what a later run wrote, nor rewrite its own words.
 */
const NEWER = sha("newer");
const COMMENT = 501;
const NOW = Date.parse("2026-03-01T12:00:00.000Z");

const BASE_FILES: Files = {
  "docker-compose.yml": "services:\n  web:\n    image: nginx\n    ports: ['80:80']\n",
};
const HEAD_FILES: Files = {
  "docker-compose.yml": `${BASE_FILES["docker-compose.yml"]}    depends_on: [db]\n  db:\n    image: postgres:16\n`,
};

/** The requests of one run that reads the files and finds the comment, before any comment write. */
const ANALYSIS_CALLS = [
  `GET ${repoPath}/pulls/${PR}`,
  `POST ${repoPath}/check-runs`,
  `GET ${repoPath}/contents/.github%2Fboxcutter.yml`,
  `GET /repos/Codertocat/.github/contents/.github%2Fboxcutter.yml`,
  `GET ${repoPath}/compare/${BASE}...${HEAD}`,
  `GET ${repoPath}/git/trees/${BASE}`,
  `GET ${repoPath}/git/trees/${HEAD}`,
  `POST /graphql`,
  // Read again before writing: a push during the analysis would make its result stale.
  // The comments hold justifications: read during the analysis, before the pull request is read again.
  `GET ${repoPath}/issues/${PR}/comments`,
  `GET ${repoPath}/pulls/${PR}`,
];

/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are inspected as loose JSON */
type Body = any;

const mock = useGitHubMock();

function run(overrides: Partial<AppRun>): AppRun {
  return appRun({ files: { baseFiles: BASE_FILES, headFiles: HEAD_FILES }, ...overrides });
}

/** A comment the app wrote for another head, confirmed `offsetMs` from this run's start. */
function commentFor(head: string, offsetMs: number): CommentFixture {
  const marker = { head, at: new Date(NOW + offsetMs).toISOString(), fingerprint: "f".repeat(16) };
  return { id: COMMENT, body: `${formatMarker(marker)}\nreport for ${head}` };
}

async function deliver(id: string): Promise<void> {
  const { probot } = await createTestApp({ state: { now: () => NOW } });
  await probot.receive(pullRequestDelivery(id, "synchronize", { head: HEAD, base: BASE }));
}

describe("the sticky comment's marker orders writes", () => {
  it("leaves a comment about another head confirmed later than this run, and still completes the check", async () => {
    // A slower run for HEAD: the pull request still answers HEAD to it, but a run for NEWER already wrote.
    mock.installationToken(INSTALLATION_ID);
    mockAppRun(mock, run({ comments: [commentFor(NEWER, 5_000)] }));

    await deliver("slow-older-run");

    expect(mock.calls()).toEqual([...ANALYSIS_CALLS, `PATCH ${repoPath}/check-runs/${CHECK}`]);
    const [completed] = mock.bodiesOf("PATCH", /check-runs\//) as Body[];
    expect(completed.output.title).toMatch(/^\+1 datastore.*: not justified/);
  });

  it("replaces a comment about another head confirmed before this run", async () => {
    mock.installationToken(INSTALLATION_ID);
    mockAppRun(mock, run({ comments: [commentFor(NEWER, -5_000)], commentWrite: { update: COMMENT } }));

    await deliver("newer-run");

    expect(mock.calls()).toEqual([
      ...ANALYSIS_CALLS,
      `PATCH ${repoPath}/issues/comments/${COMMENT}`,
      `PATCH ${repoPath}/check-runs/${CHECK}`,
    ]);
    const [updated] = mock.bodiesOf("PATCH", /issues\/comments\//) as Body[];
    expect(parseMarker(updated.body)).toMatchObject({ head: HEAD, at: new Date(NOW).toISOString() });
  });

  it("does not rewrite a comment whose body is what the run would write", async () => {
    const { probot } = await createTestApp({ state: { now: () => NOW } });
    mock.installationToken(INSTALLATION_ID);
    mockAppRun(mock, run({ comments: [], commentWrite: "create" }));
    await probot.receive(pullRequestDelivery("opened", "opened", { head: HEAD, base: BASE }));
    const [posted] = mock.bodiesOf("POST", /issues\/7\/comments$/) as Body[];
    const before = mock.calls().length;

    // Marked ready for review at the same head: same clock, same files, so the same body.
    mockPull(mock, PR, HEAD, BASE);
    mockNoConfig(mock);
    mockCompare(mock, BASE, HEAD, ["docker-compose.yml"]);
    mockPull(mock, PR, HEAD, BASE);
    mockComments(mock, PR, [{ id: COMMENT, body: posted.body }]);
    mockCheckUpdates(mock, CHECK);
    await probot.receive(pullRequestDelivery("ready", "ready_for_review", { head: HEAD, base: BASE }));

    // The check run and the files of this head are reused; the comment is read, not written.
    expect(mock.calls().slice(before)).toEqual([
      `GET ${repoPath}/pulls/${PR}`,
      `GET ${repoPath}/contents/.github%2Fboxcutter.yml`,
      `GET /repos/Codertocat/.github/contents/.github%2Fboxcutter.yml`,
      `GET ${repoPath}/compare/${BASE}...${HEAD}`,
      // The comments hold justifications: read during the analysis, before the pull request is read again.
      `GET ${repoPath}/issues/${PR}/comments`,
      `GET ${repoPath}/pulls/${PR}`,
      `PATCH ${repoPath}/check-runs/${CHECK}`,
    ]);
    expect(mock.bodiesOf("PATCH", /issues\/comments\//)).toEqual([]);
  });
});
/* eslint-enable @typescript-eslint/no-explicit-any */
