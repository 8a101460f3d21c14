import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GitHubMock } from "./helpers/github-mock.js";
import { INSTALLATION_ID, pullRequestDelivery, sha } from "./helpers/payloads.js";
import { createTestApp } from "./helpers/probot.js";
import {
  mockBlobs,
  mockCheckCreate,
  mockCheckUpdates,
  mockCommentCreate,
  mockComments,
  mockCommentUpdate,
  mockCompare,
  mockNoConfig,
  mockPull,
  mockTree,
  type Files,
} from "./helpers/scenario.js";

/**
 * The app practises what it preaches: requests to GitHub grow with the files to fetch divided by the batch size,
 * and a second push fetches only what changed. These numbers are quoted in docs/github-app.md.
 */
const BASE = sha("base");
const HEAD = sha("head");
const PR = 7;

function compose(services: string[]): string {
  return (
    "services:\n  web:\n    image: nginx\n    ports: ['80:80']\n" +
    services.map((name) => `  ${name}:\n    image: acme/${name}\n`).join("")
  );
}

/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are inspected as loose JSON */
let mock: GitHubMock;
beforeEach(() => {
  mock = new GitHubMock();
});
afterEach(() => mock.verifyAndDispose());

describe("requests to GitHub per pull request", () => {
  it("takes 12 requests for one changed compose file, and 10 for the next push, which reuses cached blobs", async () => {
    const { probot } = await createTestApp();
    const base: Files = { "docker-compose.yml": compose(["api"]) };
    const head: Files = { "docker-compose.yml": compose(["api", "db"]) };
    const aliases: number[] = [];
    mock.installationToken(INSTALLATION_ID);
    mockPull(mock, PR, HEAD, BASE);
    mockCheckCreate(mock, 1);
    mockNoConfig(mock);
    mockCompare(mock, BASE, HEAD, ["docker-compose.yml"]);
    mockTree(mock, BASE, base);
    mockTree(mock, HEAD, head);
    mockBlobs(mock, [base, head], aliases);
    mockComments(mock, PR);
    mockCommentCreate(mock, PR);
    mockCheckUpdates(mock, 1);

    await probot.receive(pullRequestDelivery("push-1", "opened", { head: HEAD, base: BASE }));

    // token, pull, check create, config (repository + owner's .github), compare, 2 trees, 1 GraphQL,
    // comment lookup, comment create, check completion.
    expect(mock.requests).toHaveLength(12);
    expect(aliases).toEqual([2]);
    const [posted] = mock.bodiesOf("POST", /comments$/) as any[];

    const head2 = sha("head2");
    const next: Files = { "docker-compose.yml": compose(["api", "db", "cache"]) };
    const before = mock.requests.length;
    mockPull(mock, PR, head2, BASE);
    mockCheckCreate(mock, 2);
    mockNoConfig(mock);
    mockCompare(mock, BASE, head2, ["docker-compose.yml"]);
    mockTree(mock, head2, next);
    mockBlobs(mock, [next], aliases);
    mockComments(mock, PR, [{ id: 501, body: posted.body }]);
    mockCommentUpdate(mock, 501);
    mockCheckUpdates(mock, 2);

    await probot.receive(pullRequestDelivery("push-2", "synchronize", { head: head2, base: BASE }));

    // The installation token and the merge base's tree are cached; only the new blob is fetched.
    expect(mock.requests.length - before).toBe(10);
    expect(aliases).toEqual([2, 1]);
    const [updated] = mock.bodiesOf("PATCH", /issues\/comments\/501/) as any[];
    expect(updated.body).toContain(`head=${head2}`);
  });

  it("takes 22 requests for 300 changed compose files: blobs in 6 batches of 100, annotations in 6 of 50", async () => {
    const { probot } = await createTestApp();
    const base: Files = {};
    const head: Files = {};
    for (let i = 0; i < 300; i++) {
      base[`svc${i}/docker-compose.yml`] = compose([`api${i}`]);
      head[`svc${i}/docker-compose.yml`] = compose([`api${i}`, `db${i}`]);
    }
    const aliases: number[] = [];
    mock.installationToken(INSTALLATION_ID);
    mockPull(mock, PR, HEAD, BASE);
    mockCheckCreate(mock, 1);
    mockNoConfig(mock);
    // GitHub lists at most 300 files in a comparison, so the trees decide what changed.
    mockCompare(mock, BASE, HEAD, Object.keys(head));
    mockTree(mock, BASE, base);
    mockTree(mock, HEAD, head);
    mockBlobs(mock, [base, head], aliases, 6);
    mockComments(mock, PR);
    mockCommentCreate(mock, PR);
    mockCheckUpdates(mock, 1, 6);

    await probot.receive(pullRequestDelivery("big", "opened", { head: HEAD, base: BASE }));

    expect(aliases).toEqual([100, 100, 100, 100, 100, 100]);
    expect((mock.bodiesOf("PATCH", /check-runs/) as any[])[0].conclusion).toBe("success");
    expect(mock.requests).toHaveLength(22);
    const updates = mock.bodiesOf("PATCH", /check-runs/) as any[];
    expect(updates.reduce((sum, update) => sum + update.output.annotations.length, 0)).toBe(300);
  });
});
/* eslint-enable @typescript-eslint/no-explicit-any */
