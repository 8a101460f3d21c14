import { describe, expect, it } from "vitest";
import { ConfigCache, CONFIG_TTL_MS } from "../../src/github/config-cache.js";
import { useGitHubMock } from "./helpers/github-mock.js";
import { commentDelivery, INSTALLATION_ID } from "./helpers/payloads.js";
import { createTestApp } from "./helpers/probot.js";
import { mockCommentCreate, mockConfig, mockNoConfig, mockReactions, PR } from "./helpers/scenario.js";

const mock = useGitHubMock();

const configReads = () => mock.calls().filter((call) => call.includes("boxcutter.yml"));

describe("the configuration as pull request comments read it", () => {
  it("is read once a minute per repository, not for every comment", async () => {
    let now = 1_000_000;
    const { probot } = await createTestApp({ state: { configs: new ConfigCache(CONFIG_TTL_MS, () => now) } });
    mock.installationToken(INSTALLATION_ID);
    mockNoConfig(mock);

    for (const [index, body] of ["Looks good to me", "Could the cache stay?", "Thanks!"].entries())
      await probot.receive(commentDelivery(`chatter-${index}`, { id: 900 + index, body }));
    expect(configReads()).toHaveLength(2);

    // A minute later, a command: the configuration is read again and its prefix applies.
    now += CONFIG_TTL_MS;
    mockConfig(mock, "commands:\n  prefix: /arch\n");
    mockReactions(mock, 950, 2);
    mockCommentCreate(mock, PR);
    await probot.receive(commentDelivery("command", { id: 950, body: "/arch help" }));

    expect(configReads()).toHaveLength(3);
    expect(mock.bodiesOf("POST", /reactions$/)).toEqual([{ content: "eyes" }, { content: "+1" }]);
  });

  it("is read again after a read that failed", async () => {
    const cache = new ConfigCache();
    const repo = { owner: "Codertocat", repo: "Hello-World" };
    let reads = 0;
    const client = {
      config: {
        get: async () => {
          reads++;
          if (reads === 1) throw Object.assign(new Error("Bad Gateway"), { status: 502 });
          return { config: null, files: [] };
        },
      },
    };

    await expect(cache.load(client, repo)).rejects.toThrow("Bad Gateway");
    await expect(cache.load(client, repo)).resolves.toMatchObject({ ok: true });
    await cache.load(client, repo);
    expect(reads).toBe(2);
  });
});
