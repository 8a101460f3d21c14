import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAppState } from "../../src/github/handlers.js";
import { Leases } from "../../src/github/store/lease.js";
import { openStore } from "../../src/github/store/open.js";
import type { SharedStore } from "../../src/github/store/store.js";
import { useGitHubMock, type GitHubMock } from "./helpers/github-mock.js";
import { INSTALLATION_ID, pullRequestDelivery } from "./helpers/payloads.js";
import { testProbot, type TestApp } from "./helpers/probot.js";
import { RedisServer, REDIS_SERVER, REDIS_SKIP_NOTE } from "./helpers/redis-server.js";
import { BASE, blobSha, HEAD, PR, repoPath, type Files } from "./helpers/scenario.js";
import { createBoxcutterApp } from "../../src/index.js";

/**
 * Several replicas of the app behind a load balancer share one Redis. Each replica here is its own Probot instance
 * with its own memory; GitHub (faked) is shared. Whatever replica a delivery lands on, and however many land at
 * once, GitHub sees one check run and one comment per head.
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

/** A repository on GitHub that keeps what is written to it: check runs and comments. */
function fakeGitHub(mock: GitHubMock) {
  const written = { checkRuns: 0, comments: [] as { id: number; body: string }[] };
  const tree = (files: Files) => ({
    truncated: false,
    tree: Object.entries(files).map(([path, text]) => ({
      path,
      mode: "100644",
      type: "blob",
      sha: blobSha(text),
    })),
  });
  const blobs = new Map(
    [...Object.values(BASE_FILES), ...Object.values(HEAD_FILES)].map((text) => [blobSha(text), text]),
  );
  mock.api
    .post(`/app/installations/${INSTALLATION_ID}/access_tokens`)
    .reply(201, {
      token: "ghs_installation",
      expires_at: new Date(Date.now() + 3_600_000).toISOString(),
    })
    .persist();
  mock.api
    .get(`${repoPath}/pulls/${PR}`)
    .reply(200, { number: PR, state: "open", head: { sha: HEAD }, base: { sha: BASE } })
    .persist();
  mock.api
    .post(`${repoPath}/check-runs`)
    .reply(201, () => ({ id: 90 + ++written.checkRuns }))
    .persist();
  mock.api
    .patch(/\/check-runs\/\d+$/)
    .reply(200, {})
    .persist();
  mock.api
    .get(/\/contents\/\.github(%2F|\/)boxcutter\.yml/)
    .reply(404, { message: "Not Found" })
    .persist();
  mock.api
    .get(`${repoPath}/compare/${BASE}...${HEAD}`)
    .query(true)
    .reply(200, {
      merge_base_commit: { sha: BASE },
      files: [{ filename: "docker-compose.yml", status: "modified" }],
    })
    .persist();
  mock.api.get(`${repoPath}/git/trees/${BASE}`).query(true).reply(200, tree(BASE_FILES)).persist();
  mock.api.get(`${repoPath}/git/trees/${HEAD}`).query(true).reply(200, tree(HEAD_FILES)).persist();
  mock.api
    .post("/graphql")
    .reply(200, (_uri, body) => {
      const { variables } = body as { variables: Record<string, string> };
      const repository: Record<string, unknown> = {};
      for (const [alias, oid] of Object.entries(variables)) {
        const text = blobs.get(oid);
        if (/^o\d+$/.test(alias) && text !== undefined)
          repository[`b${alias.slice(1)}`] = {
            text,
            isBinary: false,
            byteSize: text.length,
            isTruncated: false,
          };
      }
      return { data: { repository } };
    })
    .persist();
  mock.api
    .get(`${repoPath}/issues/${PR}/comments`)
    .query(true)
    .reply(200, () =>
      written.comments.map((comment) => ({ ...comment, user: { login: "boxcutter[bot]", type: "Bot" } })),
    )
    .persist();
  mock.api
    .post(`${repoPath}/issues/${PR}/comments`)
    .reply(201, (_uri, body) => {
      const comment = { id: 500 + written.comments.length, body: (body as Body).body as string };
      written.comments.push(comment);
      return comment;
    })
    .persist();
  return written;
}

describe.skipIf(!REDIS_SERVER)(`replicas sharing a real redis-server${REDIS_SKIP_NOTE}`, () => {
  let server: RedisServer;
  const stores: SharedStore[] = [];
  const warnings: string[] = [];

  beforeAll(async () => {
    server = await RedisServer.start();
  });
  // Each test starts from an empty Redis: nothing remembered from the one before.
  beforeEach(async () => {
    await server.restart();
  });
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await server?.kill();
  });

  /** One replica: its own Probot, its own memory, the shared Redis. */
  async function replica(): Promise<TestApp> {
    const log = { warn: (_: object, message: string) => void warnings.push(message), info: () => undefined };
    const store = await openStore({ REDIS_URL: server.url }, log);
    stores.push(store);
    expect(store.kind).toBe("redis");
    const state = createAppState({ store, leases: new Leases(store, { pollMs: 2, maxPollMs: 20 }) });
    const probot = testProbot();
    await probot.load(createBoxcutterApp(state));
    return { probot, state };
  }

  it("runs a delivery that reaches two replicas once", async () => {
    const written = fakeGitHub(mock);
    const [a, b] = await Promise.all([replica(), replica()]);
    const delivery = pullRequestDelivery("one-delivery-two-replicas", "opened", { head: HEAD, base: BASE });

    await Promise.all([a.probot.receive(delivery), b.probot.receive(delivery)]);

    expect(written.checkRuns).toBe(1);
    expect(written.comments).toHaveLength(1);
    expect(mock.calls().filter((call) => call === `GET ${repoPath}/pulls/${PR}`)).toHaveLength(2);
  });

  it("analyses twenty concurrent deliveries of one pull request one at a time: one check run, one comment", async () => {
    const written = fakeGitHub(mock);
    const replicas = await Promise.all([replica(), replica()]);
    const actions = ["opened", "synchronize", "reopened", "ready_for_review"];

    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        replicas[i % 2]!.probot.receive(
          pullRequestDelivery(`burst-${i}`, actions[i % actions.length]!, { head: HEAD, base: BASE }),
        ),
      ),
    );

    expect(written.checkRuns).toBe(1);
    expect(written.comments).toHaveLength(1);
    // Deliveries waiting together in one replica run once; every run completed the same check run.
    const completions = mock.bodiesOf("PATCH", /check-runs\/\d+$/) as Body[];
    expect(mock.bodiesOf("PATCH", /check-runs\/91$/)).toHaveLength(completions.length);
    expect(completions.length).toBeGreaterThanOrEqual(2);
    expect(completions.length).toBeLessThanOrEqual(20);
    // The blobs were fetched once for both replicas.
    expect(mock.calls().filter((call) => call === "POST /graphql")).toHaveLength(1);
  });

  it("keeps working from memory, with a warning, when Redis dies mid-run", async () => {
    const written = fakeGitHub(mock);
    const [a, b] = await Promise.all([replica(), replica()]);
    await a.probot.receive(pullRequestDelivery("before-the-crash", "opened", { head: HEAD, base: BASE }));
    warnings.length = 0;

    const during = Promise.all([
      b.probot.receive(pullRequestDelivery("during-the-crash", "synchronize", { head: HEAD, base: BASE })),
      server.kill(),
    ]);
    await during;
    await a.probot.receive(pullRequestDelivery("after-the-crash", "synchronize", { head: HEAD, base: BASE }));

    expect(
      warnings.some((warning) => /Redis is unreachable: continuing with this process's memory/.test(warning)),
    ).toBe(true);
    const completions = mock.bodiesOf("PATCH", /check-runs\/\d+$/) as Body[];
    expect(completions).toHaveLength(3);
    for (const completion of completions)
      expect(completion).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(written.comments).toHaveLength(1);
  });
});
/* eslint-enable @typescript-eslint/no-explicit-any */
