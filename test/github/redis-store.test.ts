import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FallbackStore } from "../../src/github/store/fallback.js";
import { MemoryStore } from "../../src/github/store/memory.js";
import { openStore } from "../../src/github/store/open.js";
import { KEY_PREFIX, RedisStore } from "../../src/github/store/redis.js";
import type { SharedStore } from "../../src/github/store/store.js";
import { RedisServer, REDIS_SERVER, REDIS_SKIP_NOTE } from "./helpers/redis-server.js";
import { storeContract } from "./helpers/store-contract.js";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function recordingLog() {
  const records: { level: string; message: string }[] = [];
  return {
    records,
    warn: (_details: object, message: string) => void records.push({ level: "warn", message }),
    info: (_details: object, message: string) => void records.push({ level: "info", message }),
  };
}

describe.skipIf(!REDIS_SERVER)(`the Redis store against a real redis-server${REDIS_SKIP_NOTE}`, () => {
  let server: RedisServer;
  const opened: SharedStore[] = [];

  beforeAll(async () => {
    server = await RedisServer.start();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });
  afterAll(async () => {
    await server?.kill();
  });

  async function connect(): Promise<RedisStore> {
    const store = RedisStore.connect(server.url);
    opened.push(store);
    await new Promise((resolve) => store.client.once("ready", resolve));
    return store;
  }

  describe("keeps the store's contract", () => {
    // Real expiries: the contract's durations are short enough to wait for.
    storeContract(async () => ({ store: await connect(), advance: sleep }));
  });

  it("namespaces its keys and lets only one of two clients claim a delivery", async () => {
    const [a, b] = await Promise.all([connect(), connect()]);
    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).claim("delivery:shared", `replica-${i}`, 10_000)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await a.client.exists(`${KEY_PREFIX}delivery:shared`)).toBe(1);
  });

  it("is used when REDIS_URL is set, and memory when it is not", async () => {
    const log = recordingLog();
    expect((await openStore({}, log)).kind).toBe("memory");
    const store = await openStore({ REDIS_URL: server.url }, log);
    opened.push(store);
    expect(store.kind).toBe("redis");
    await store.set("check-run:x", "1", 10_000);
    const direct = await connect();
    expect(await direct.get("check-run:x")).toBe("1");
    expect(log.records.map((record) => record.message).join("\n")).not.toContain(server.url);
  });

  it("falls back to memory with one warning while Redis is down, and shares again once it is back", async () => {
    const log = recordingLog();
    const primary = await connect();
    const store = new FallbackStore(primary, new MemoryStore(), log);
    expect(await store.claim("delivery:before", "running", 10_000)).toBe(true);

    await server.kill();
    expect(await store.claim("delivery:during", "running", 10_000)).toBe(true);
    expect(await store.claim("delivery:during", "running", 10_000)).toBe(false);
    await store.set("blob:b", "text", 10_000);
    expect(await store.get("blob:b")).toBe("text");
    expect(log.records.filter((record) => record.level === "warn")).toHaveLength(1);
    expect(log.records[0]!.message).toMatch(/Redis is unreachable: continuing with this process's memory/);

    await server.restart();
    await new Promise((resolve) => primary.client.once("ready", resolve));
    expect(await store.claim("delivery:after", "running", 10_000)).toBe(true);
    expect(await primary.client.exists(`${KEY_PREFIX}delivery:after`)).toBe(1);
    expect(log.records.at(-1)).toMatchObject({
      level: "info",
      message: expect.stringMatching(/reachable again/),
    });
  });
});
