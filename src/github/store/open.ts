import { FallbackStore, type StoreLog } from "./fallback.js";
import { MemoryStore } from "./memory.js";
import { RedisStore } from "./redis.js";
import type { SharedStore } from "./store.js";

/** How long starting up waits for Redis before serving from memory (it keeps reconnecting afterwards). */
const FIRST_CONNECTION_MS = 5_000;

/**
 * One process keeps its state in memory. With `REDIS_URL` (the variable Probot reads for its own rate-limit
 * clustering) every replica shares deliveries, leases, check runs and blobs through Redis.
 */
export async function openStore(
  env: NodeJS.ProcessEnv,
  log: StoreLog,
  waitMs = FIRST_CONNECTION_MS,
): Promise<SharedStore> {
  const url = env.REDIS_URL?.trim();
  if (!url) return new MemoryStore();
  const store = new FallbackStore(RedisStore.connect(url), new MemoryStore(), log);
  // The URL may carry a password: it is never logged.
  if (await store.connected(waitMs)) log.info({}, "sharing state with other replicas through Redis");
  return store;
}
