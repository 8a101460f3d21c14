import { Redis } from "ioredis";
import type { SharedStore } from "./store.js";

/** Every key is namespaced, so a Redis shared with other tools (or Probot's rate-limit state) never collides. */
export const KEY_PREFIX = "boxcutter:";

// Compare-and-act in one step on the server: between a GET and a PEXPIRE another replica could take the key.
const EXTEND_IF_OWNER = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE_IF_OWNER = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;

function ms(ttlMs: number): number {
  return Math.max(1, Math.ceil(ttlMs));
}

/** State shared by every replica through one Redis server. */
export class RedisStore implements SharedStore {
  readonly kind = "redis";

  constructor(readonly client: Redis) {}

  /**
   * Commands fail at once while the server is unreachable instead of queueing (the caller falls back to memory),
   * and the client keeps reconnecting in the background.
   */
  static connect(url: string): RedisStore {
    return new RedisStore(
      new Redis(url, {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        commandTimeout: 2_000,
        connectTimeout: 5_000,
        enableAutoPipelining: true,
        retryStrategy: (attempt) => Math.min(attempt * 250, 5_000),
      }),
    );
  }

  get ready(): boolean {
    return this.client.status === "ready";
  }

  async claim(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.client.set(KEY_PREFIX + key, value, "PX", ms(ttlMs), "NX")) === "OK";
  }

  async extend(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.client.eval(EXTEND_IF_OWNER, 1, KEY_PREFIX + key, value, ms(ttlMs))) === 1;
  }

  async release(key: string, value?: string): Promise<void> {
    if (value === undefined) await this.client.del(KEY_PREFIX + key);
    else await this.client.eval(RELEASE_IF_OWNER, 1, KEY_PREFIX + key, value);
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.client.get(KEY_PREFIX + key)) ?? undefined;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.client.set(KEY_PREFIX + key, value, "PX", ms(ttlMs));
  }

  async close(): Promise<void> {
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect();
    }
  }
}
