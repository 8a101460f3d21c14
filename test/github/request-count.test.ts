import { describe, expect, it } from "vitest";
import { useGitHubMock } from "./helpers/github-mock.js";
import { INSTALLATION_ID, OWNER, pullRequestDelivery, REPO, sha } from "./helpers/payloads.js";
import { createTestApp, recordingLog } from "./helpers/probot.js";
import {
  appRun,
  BASE,
  HEAD,
  mockAppRun,
  mockBlobs,
  mockTree,
  PR,
  type AppRun,
  type Files,
} from "./helpers/scenario.js";

/**
 * The app practises what it preaches: requests to GitHub grow with the files to fetch divided by the batch size,
 * and a second push fetches only what changed. These numbers are quoted in docs/github-app.md.
 */
/** A first event on a pull request without a comment yet, reading `base` and `head`. */
function firstRun(
  baseFiles: Files,
  headFiles: Files,
  aliasCounts: number[],
  requests: { blobQueries: number; checkUpdates: number } = { blobQueries: 1, checkUpdates: 1 },
): AppRun {
  return appRun({
    checkRun: 1,
    files: { baseFiles, headFiles, aliasCounts, blobQueries: requests.blobQueries },
    comments: [],
    commentWrite: "create",
    checkUpdates: requests.checkUpdates,
  });
}

function compose(services: string[]): string {
  return (
    "services:\n  web:\n    image: nginx\n    ports: ['80:80']\n" +
    services.map((name) => `  ${name}:\n    image: acme/${name}\n`).join("")
  );
}

/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are inspected as loose JSON */
const mock = useGitHubMock();

describe("requests to GitHub per pull request", () => {
  it("takes 13 requests for one changed compose file, and 11 for the next push, which reuses cached blobs", async () => {
    const records: Record<string, unknown>[] = [];
    const { probot } = await createTestApp({ log: recordingLog(records) });
    const base: Files = { "docker-compose.yml": compose(["api"]) };
    const head: Files = { "docker-compose.yml": compose(["api", "db"]) };
    const aliases: number[] = [];
    mock.installationToken(INSTALLATION_ID);
    mockAppRun(mock, firstRun(base, head, aliases));

    await probot.receive(pullRequestDelivery("push-1", "opened", { head: HEAD, base: BASE }));

    // token, pull, check create, config (repository + owner's .github), compare, 2 trees, 1 GraphQL,
    // pull again (a push during the analysis makes it stale), comment lookup, comment create, check completion.
    expect(mock.requests).toHaveLength(13);
    expect(aliases).toEqual([2]);
    // One structured line per analysis, counting every request the delivery made (the token's included).
    const finished = records.filter((record) => record.msg === "analysis finished");
    expect(finished).toEqual([
      expect.objectContaining({
        delivery: "push-1",
        repository: `${OWNER}/${REPO}`,
        pr: PR,
        // A datastore added with no trigger: the verdict fails the check.
        outcome: "failure",
        githubRequests: mock.requests.length,
        analysisMs: expect.any(Number),
      }),
    ]);
    const [posted] = mock.bodiesOf("POST", /comments$/) as any[];

    const head2 = sha("head2");
    const next: Files = { "docker-compose.yml": compose(["api", "db", "cache"]) };
    const before = mock.requests.length;
    mockAppRun(
      mock,
      appRun({
        head: head2,
        checkRun: 2,
        changed: ["docker-compose.yml"],
        comments: [{ id: 501, body: posted.body }],
        commentWrite: { update: 501 },
      }),
    );
    mockTree(mock, head2, next);
    mockBlobs(mock, [next], aliases);

    await probot.receive(pullRequestDelivery("push-2", "synchronize", { head: head2, base: BASE }));

    // The installation token and the merge base's tree are cached; only the new blob is fetched.
    expect(mock.requests.length - before).toBe(11);
    expect(aliases).toEqual([2, 1]);
    const [updated] = mock.bodiesOf("PATCH", /issues\/comments\/501/) as any[];
    expect(updated.body).toContain(`head=${head2}`);
  });

  it("takes 23 requests for 300 changed compose files: blobs in 6 batches of 100, annotations in 6 of 50", async () => {
    const { probot } = await createTestApp();
    const base: Files = {};
    const head: Files = {};
    for (let i = 0; i < 300; i++) {
      base[`svc${i}/docker-compose.yml`] = compose([`api${i}`]);
      head[`svc${i}/docker-compose.yml`] = compose([`api${i}`, `db${i}`]);
    }
    const aliases: number[] = [];
    mock.installationToken(INSTALLATION_ID);
    // GitHub lists at most 300 files in a comparison, so the trees decide what changed.
    mockAppRun(mock, firstRun(base, head, aliases, { blobQueries: 6, checkUpdates: 6 }));

    await probot.receive(pullRequestDelivery("big", "opened", { head: HEAD, base: BASE }));

    expect(aliases).toEqual([100, 100, 100, 100, 100, 100]);
    expect((mock.bodiesOf("PATCH", /check-runs/) as any[])[0].output.title).toMatch(
      /^\+300 services: not justified/,
    );
    expect(mock.requests).toHaveLength(23);
    const updates = mock.bodiesOf("PATCH", /check-runs/) as any[];
    expect(updates.reduce((sum, update) => sum + update.output.annotations.length, 0)).toBe(300);
  });
});
/* eslint-enable @typescript-eslint/no-explicit-any */
