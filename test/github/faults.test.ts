import { describe, expect, it } from "vitest";
import { parseMarker } from "../../src/github/comment.js";
import { useGitHubMock, type GitHubMock } from "./helpers/github-mock.js";
import { INSTALLATION_ID, pullRequestDelivery, sha } from "./helpers/payloads.js";
import { createTestApp, FAST_RESILIENCE } from "./helpers/probot.js";
import {
  appRun,
  BASE,
  CHECK,
  HEAD,
  mockAppRun,
  mockBlobs,
  mockCheckCreate,
  mockComments,
  mockPull,
  mockTree,
  PR,
  repoPath,
  type AppRun,
  type Files,
} from "./helpers/scenario.js";

/**
 * GitHub fails in the middle of an analysis: 5xx answers, requests that never answer, rate limits, a branch
 * deleted or force-pushed while the app reads it, a comment deleted by a user, a check run that cannot be updated.
 * The app runs with its own retry and rate-limit policy (every wait shrunk), and every path ends with a completed
 * check and at most one comment.
 */

const BASE_FILES: Files = {
  "docker-compose.yml":
    "services:\n  web:\n    image: nginx\n    ports: ['80:80']\n    depends_on: [api]\n  api:\n    image: acme/api\n",
};
const HEAD_FILES: Files = {
  "docker-compose.yml": `${BASE_FILES["docker-compose.yml"]}    depends_on: [db]\n  db:\n    image: postgres:16\n`,
};

/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are inspected as loose JSON */
type Body = any;

const mock = useGitHubMock();

const CONFIG = /\/repos\/Codertocat\/Hello-World\/contents\/\.github(%2F|\/)boxcutter\.yml/;
const OWNER_CONFIG = /\/repos\/Codertocat\/\.github\/contents\/\.github(%2F|\/)boxcutter\.yml/;

/** A compose change on a pull request without a comment yet: the full run, every request answered once. */
function composeChange(overrides: Partial<AppRun> = {}): AppRun {
  return appRun({
    files: { baseFiles: BASE_FILES, headFiles: HEAD_FILES },
    comments: [],
    commentWrite: "create",
    ...overrides,
  });
}

type Reply = (interceptor: ReturnType<GitHubMock["api"]["get"]>) => void;

/** Each request the app makes on a compose change, as a place to answer one attempt differently. */
const CALLS: {
  name: string;
  intercept: (mock: GitHubMock) => ReturnType<GitHubMock["api"]["get"]>;
  safe: boolean;
}[] = [
  {
    name: "the installation token",
    intercept: (m) => m.api.post(`/app/installations/${INSTALLATION_ID}/access_tokens`),
    safe: true,
  },
  { name: "the pull request", intercept: (m) => m.api.get(`${repoPath}/pulls/${PR}`), safe: true },
  { name: "the check run's creation", intercept: (m) => m.api.post(`${repoPath}/check-runs`), safe: false },
  { name: "the repository's configuration", intercept: (m) => m.api.get(CONFIG), safe: true },
  { name: "the owner's configuration", intercept: (m) => m.api.get(OWNER_CONFIG), safe: true },
  {
    name: "the comparison",
    intercept: (m) => m.api.get(`${repoPath}/compare/${BASE}...${HEAD}`).query(true),
    safe: true,
  },
  {
    name: "the base tree",
    intercept: (m) => m.api.get(`${repoPath}/git/trees/${BASE}`).query(true),
    safe: true,
  },
  {
    name: "the head tree",
    intercept: (m) => m.api.get(`${repoPath}/git/trees/${HEAD}`).query(true),
    safe: true,
  },
  { name: "the blobs (GraphQL)", intercept: (m) => m.api.post("/graphql"), safe: true },
  {
    name: "the comment lookup",
    intercept: (m) => m.api.get(`${repoPath}/issues/${PR}/comments`).query(true),
    safe: true,
  },
  {
    name: "the comment's creation",
    intercept: (m) => m.api.post(`${repoPath}/issues/${PR}/comments`),
    safe: false,
  },
  {
    name: "the check run's completion",
    intercept: (m) => m.api.patch(`${repoPath}/check-runs/${CHECK}`),
    safe: true,
  },
];

/** What a create that failed looks up before trying again: here, GitHub had not made it. */
function mockNothingMade(name: string): void {
  if (name === "the check run's creation") {
    mock.api
      .get(`${repoPath}/commits/${HEAD}/check-runs`)
      .query(true)
      .reply(200, { total_count: 0, check_runs: [] });
  } else if (name === "the comment's creation") {
    mockComments(mock, PR, []);
  }
}

function completions(): Body[] {
  return mock.bodiesOf("PATCH", /check-runs\//) as Body[];
}

async function deliver(id: string, head = HEAD) {
  const app = await createTestApp({ resilience: FAST_RESILIENCE });
  await app.probot.receive(pullRequestDelivery(id, "synchronize", { head, base: BASE }));
  return app;
}

function expectOneReport(): void {
  // A completion that failed was repeated as it was: GitHub keeps one result.
  const [completed, ...repeats] = completions();
  for (const repeat of repeats) expect(repeat).toEqual(completed);
  // The change adds a datastore no trigger justifies: the verdict fails the check, once.
  expect(completed).toMatchObject({ status: "completed", conclusion: "failure" });
  expect(completed.output.title).toMatch(/^\+1 datastore.*: not justified/);
  const comments = mock.bodiesOf("POST", /issues\/7\/comments$/) as Body[];
  expect(new Set(comments.map((comment) => comment.body)).size).toBe(1);
}

describe.each([
  ["a 502", ((interceptor) => interceptor.reply(502, { message: "Bad Gateway" })) as Reply],
  ["no answer within the timeout", ((interceptor) => interceptor.delay(2_000).reply(200, {})) as Reply],
])("%s from GitHub, once", (_fault, fail) => {
  it.each(CALLS)("on $name is retried, and the run reports once", async ({ name, intercept, safe }) => {
    fail(intercept(mock));
    mockAppRun(mock, composeChange());
    if (!safe) mockNothingMade(name);
    mock.installationToken(INSTALLATION_ID);

    await deliver("fault-once");

    expectOneReport();
  });
});

describe("the installation token", () => {
  it("is asked for again when GitHub does not answer the exchange within the timeout", async () => {
    const tokenPath = `/app/installations/${INSTALLATION_ID}/access_tokens`;
    const token = () => ({
      token: "ghs_installation",
      expires_at: new Date(Date.now() + 3_600_000).toISOString(),
    });
    // Probot's client asks for the token through the request it is about to send, so the exchange has the same
    // deadline. Far longer than the test's 300 ms: only an abandoned first exchange lets the run go on.
    mock.api.post(tokenPath).delay(60_000).reply(201, token);
    mock.api.post(tokenPath).reply(201, token);
    mockAppRun(mock, composeChange());

    await deliver("slow-token");

    expect(mock.requests.filter((request) => request.path === tokenPath)).toHaveLength(2);
    expectOneReport();
  });
});

describe("creates that may have happened", () => {
  it("finds the check run a timed-out create made, instead of making a second", async () => {
    let externalId = "";
    mock.api
      .post(`${repoPath}/check-runs`)
      .delay(2_000)
      .reply(201, (_uri, body) => {
        externalId = (body as Body).external_id;
        return { id: CHECK };
      });
    mock.api
      .get(`${repoPath}/commits/${HEAD}/check-runs`)
      .query(true)
      .reply(200, () => ({
        total_count: 2,
        check_runs: [
          { id: 5, name: "boxcutter", status: "completed", external_id: "another-run" },
          { id: CHECK, name: "boxcutter", status: "in_progress", external_id: externalId },
        ],
      }));
    mock.installationToken(INSTALLATION_ID);
    mockAppRun(mock, composeChange({ checkCreate: false }));

    await deliver("made-anyway");

    expect(mock.bodiesOf("POST", /check-runs$/)).toHaveLength(1);
    expect(externalId).toMatch(/^[0-9a-f-]{36}$/);
    expectOneReport();
  });

  it("finds the comment a timed-out create posted, instead of posting it twice", async () => {
    let posted = "";
    mock.api
      .post(`${repoPath}/issues/${PR}/comments`)
      .delay(2_000)
      .reply(201, (_uri, body) => {
        posted = (body as Body).body;
        return { id: 501 };
      });
    mock.installationToken(INSTALLATION_ID);
    mockAppRun(mock, composeChange({ commentWrite: undefined }));
    mock.api
      .get(`${repoPath}/issues/${PR}/comments`)
      .query(true)
      .reply(200, () => [{ id: 501, body: posted, user: { login: "boxcutter[bot]", type: "Bot" } }]);

    await deliver("posted-anyway");

    expect(mock.bodiesOf("POST", /comments$/)).toHaveLength(1);
    expect(parseMarker(posted)?.head).toBe(HEAD);
    expectOneReport();
  });
});

/** A run that stops at the comparison: the pull request, the check run, the configuration, then GitHub fails. */
function stopsAtCompare(): AppRun {
  return appRun({ recheck: true });
}

describe("GitHub failing for good", () => {
  it("ends the check neutral with GitHub's answer once the retries are spent, and posts nothing", async () => {
    mock.installationToken(INSTALLATION_ID);
    mock.api
      .get(`${repoPath}/compare/${BASE}...${HEAD}`)
      .query(true)
      .times(3)
      .reply(502, { message: "Bad Gateway" });
    mockAppRun(mock, stopsAtCompare());

    await deliver("down");

    expect(mock.calls().filter((call) => call.includes("/compare/"))).toHaveLength(
      1 + FAST_RESILIENCE.retries,
    );
    const [completed] = completions();
    expect(completed).toMatchObject({ status: "completed", conclusion: "neutral" });
    expect(completed.output.summary).toContain("GitHub answered 502");
    expect(mock.bodiesOf("POST", /comments$/)).toEqual([]);
  });

  it("still completes the check with the result when the comment cannot be written", async () => {
    mock.installationToken(INSTALLATION_ID);
    mock.api.post(`${repoPath}/issues/${PR}/comments`).times(2).reply(503, { message: "Unavailable" });
    mockAppRun(mock, composeChange({ commentWrite: undefined }));
    mockNothingMade("the comment's creation");

    await deliver("no-comment");

    const [completed] = completions();
    expect(completed).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(completed.output.summary).toContain(
      "The pull request comment could not be written (GitHub answered 503",
    );
  });

  it("reports on a new check run when the one in progress cannot be updated", async () => {
    mock.installationToken(INSTALLATION_ID);
    mock.api.patch(`${repoPath}/check-runs/${CHECK}`).reply(404, { message: "Not Found" });
    mockAppRun(mock, composeChange({ checkUpdates: 0 }));
    mockCheckCreate(mock, CHECK + 1);
    const app = await deliver("cannot-update");

    const [created, replacement] = mock.bodiesOf("POST", /check-runs$/) as Body[];
    expect(created).toMatchObject({ status: "in_progress", head_sha: HEAD });
    expect(replacement).toMatchObject({ status: "completed", conclusion: "failure", head_sha: HEAD });
    expect(replacement.output.title).toMatch(/^\+1 datastore.*: not justified/);

    // The next event for this head updates the run that holds the result.
    const [posted] = mock.bodiesOf("POST", /comments$/) as Body[];
    const comments = [{ id: 501, body: posted.body }];
    mockAppRun(
      mock,
      appRun({ checkRun: CHECK + 1, checkCreate: false, changed: ["docker-compose.yml"], comments }),
    );
    await app.probot.receive(pullRequestDelivery("reopened", "reopened", { head: HEAD, base: BASE }));
    expect(mock.calls().at(-1)).toBe(`PATCH ${repoPath}/check-runs/${CHECK + 1}`);
  });
});

describe("rate limits", () => {
  it("waits out a secondary rate limit for as long as `retry-after` says, then goes on", async () => {
    mock.installationToken(INSTALLATION_ID);
    mock.api.get(`${repoPath}/compare/${BASE}...${HEAD}`).query(true).reply(
      403,
      {
        message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
      },
      { "retry-after": "3" },
    );
    mock.api
      .post(`${repoPath}/issues/${PR}/comments`)
      .reply(429, { message: "You have exceeded a secondary rate limit." }, { "retry-after": "1" });
    mockAppRun(mock, composeChange());

    const started = Date.now();
    await deliver("secondary");

    expect(mock.calls().filter((call) => call.includes("/compare/"))).toHaveLength(2);
    // A rate-limited create was refused, not made: it is simply sent again.
    expect(mock.bodiesOf("POST", /comments$/)).toHaveLength(2);
    expectOneReport();
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * FAST_RESILIENCE.secondMs);
  });

  it("gives up on a rate limit that lasts longer than it waits, and says so in the check", async () => {
    mock.installationToken(INSTALLATION_ID);
    const reset = Math.ceil(Date.now() / 1000) + 3_600;
    mock.api
      .get(`${repoPath}/compare/${BASE}...${HEAD}`)
      .query(true)
      .reply(
        403,
        { message: "API rate limit exceeded for installation." },
        {
          "x-ratelimit-remaining": "0",
          "x-ratelimit-reset": String(reset),
        },
      );
    mockAppRun(mock, stopsAtCompare());

    await deliver("primary");

    const [completed] = completions();
    expect(completed).toMatchObject({ status: "completed", conclusion: "neutral" });
    expect(completed.output.summary).toContain("GitHub answered 403: API rate limit exceeded");
  });
});

describe("the pull request changing under the analysis", () => {
  const NEWER = sha("force-pushed");

  it("writes no comment for a head force-pushed away mid-analysis, and completes its check as superseded", async () => {
    mock.installationToken(INSTALLATION_ID);
    // The comments are read during the analysis (for justifications), but nothing is written.
    mockAppRun(mock, composeChange({ recheck: false, comments: [], commentWrite: undefined }));
    // Read again after the analysis: the branch now points at another commit.
    mockPull(mock, PR, NEWER, BASE);
    const app = await deliver("before-push");

    expect(mock.bodiesOf("POST", /comments$/)).toEqual([]);
    const [superseded] = completions();
    expect(superseded).toMatchObject({ status: "completed", conclusion: "neutral" });
    expect(superseded.output.title).toBe("Superseded");
    expect(superseded.output.summary).toContain(`head moved to \`${NEWER.slice(0, 7)}\``);

    // The merge base's tree and both blobs are cached: only the new head's tree is read.
    const changed = ["docker-compose.yml"];
    mockAppRun(mock, composeChange({ head: NEWER, checkRun: CHECK + 1, files: undefined, changed }));
    mockTree(mock, NEWER, HEAD_FILES);
    await app.probot.receive(pullRequestDelivery("after-push", "synchronize", { head: NEWER, base: BASE }));

    const comments = mock.bodiesOf("POST", /comments$/) as Body[];
    expect(comments.map((comment) => parseMarker(comment.body)?.head)).toEqual([NEWER]);
  });

  it("completes the check when the head branch is deleted mid-analysis, and ignores events after that", async () => {
    mock.installationToken(INSTALLATION_ID);
    mockAppRun(mock, appRun({ changed: ["docker-compose.yml"], recheck: false }));
    mock.api.get(`${repoPath}/git/trees/${BASE}`).query(true).reply(404, { message: "Not Found" });
    mock.api.get(`${repoPath}/git/trees/${HEAD}`).query(true).reply(404, { message: "Not Found" });
    // Deleting the branch closes the pull request.
    mockPull(mock, PR, HEAD, BASE, "closed");
    const app = await deliver("branch-deleted");

    const [completed] = completions();
    expect(completed).toMatchObject({
      status: "completed",
      conclusion: "neutral",
      output: { title: "Superseded" },
    });
    expect(completed.output.summary).toContain("closed (or its head branch deleted)");

    const before = mock.calls().length;
    mockPull(mock, PR, HEAD, BASE, "closed");
    await app.probot.receive(pullRequestDelivery("late", "synchronize", { head: HEAD, base: BASE }));
    expect(mock.calls().slice(before)).toEqual([`GET ${repoPath}/pulls/${PR}`]);
  });
});

describe("a sticky comment deleted by a user", () => {
  it("is posted again on the next event", async () => {
    mock.installationToken(INSTALLATION_ID);
    mockAppRun(mock, composeChange());
    const app = await deliver("first");
    const NEWER = sha("next-push");

    // The user deleted the comment: the next push finds none and posts a new one.
    const headFiles = {
      "docker-compose.yml": `${HEAD_FILES["docker-compose.yml"]}  cache:\n    image: redis:7\n`,
    };
    const changed = ["docker-compose.yml"];
    mockAppRun(mock, composeChange({ head: NEWER, checkRun: CHECK + 1, files: undefined, changed }));
    mockTree(mock, NEWER, headFiles);
    mockBlobs(mock, [headFiles]);
    await app.probot.receive(pullRequestDelivery("second", "synchronize", { head: NEWER, base: BASE }));

    const comments = mock.bodiesOf("POST", /comments$/) as Body[];
    expect(comments.map((comment) => parseMarker(comment.body)?.head)).toEqual([HEAD, NEWER]);
  });

  it("is posted again when it disappears between being found and being updated", async () => {
    mock.installationToken(INSTALLATION_ID);
    const stale = {
      id: 444,
      body: "<!-- boxcutter:report head=abc at=2020-01-01T00:00:00.000Z fingerprint=0000 -->\nold",
    };
    mockAppRun(mock, composeChange({ comments: [stale] }));
    mock.api.patch(`${repoPath}/issues/comments/444`).reply(404, { message: "Not Found" });

    await deliver("deleted-meanwhile");

    expect(mock.calls().filter((call) => call.includes("comments"))).toEqual([
      `GET ${repoPath}/issues/${PR}/comments`,
      `PATCH ${repoPath}/issues/comments/444`,
      `POST ${repoPath}/issues/${PR}/comments`,
    ]);
    expectOneReport();
  });
});
/* eslint-enable @typescript-eslint/no-explicit-any */
