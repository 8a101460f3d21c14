import { LruCache } from "../lru.js";
import type { SharedStore } from "./store.js";

interface Entry {
  value: string;
  expiresAt: number;
}

export interface MemoryLimits {
  /** Claims (deliveries and leases) kept at once; the oldest goes first. */
  maxClaims: number;
  /** Values (check runs and blobs) kept at once. */
  maxValues: number;
  /** Characters of keys and values kept at once: blobs dominate, so this bounds the memory the cache takes. */
  maxValueChars: number;
}

const DEFAULT_LIMITS: MemoryLimits = {
  maxClaims: 50_000,
  maxValues: 60_000,
  maxValueChars: 64 * 1024 * 1024,
};

/**
 * The default store: one process, nothing shared. Claims are kept apart from values so that a burst of large blobs
 * can never evict the record of a delivery or a lease.
 */
export class MemoryStore implements SharedStore {
  readonly kind = "memory";
  readonly #claims: LruCache<string, Entry>;
  readonly #values: LruCache<string, Entry>;

  constructor(
    limits: Partial<MemoryLimits> = {},
    readonly now: () => number = Date.now,
  ) {
    const { maxClaims, maxValues, maxValueChars } = { ...DEFAULT_LIMITS, ...limits };
    this.#claims = new LruCache(maxClaims);
    this.#values = new LruCache(maxValues, maxValueChars, (entry) => entry.value.length + 64);
  }

  #live(cache: LruCache<string, Entry>, key: string): Entry | undefined {
    const entry = cache.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      cache.delete(key);
      return undefined;
    }
    return entry;
  }

  async claim(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.#live(this.#claims, key)) return false;
    this.#claims.set(key, { value, expiresAt: this.now() + ttlMs });
    return true;
  }

  async extend(key: string, value: string, ttlMs: number): Promise<boolean> {
    const entry = this.#live(this.#claims, key);
    if (entry?.value !== value) return false;
    entry.expiresAt = this.now() + ttlMs;
    return true;
  }

  async release(key: string, value?: string): Promise<void> {
    const entry = this.#live(this.#claims, key);
    if (entry && (value === undefined || entry.value === value)) this.#claims.delete(key);
  }

  async get(key: string): Promise<string | undefined> {
    return this.#live(this.#values, key)?.value;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.#values.set(key, { value, expiresAt: this.now() + ttlMs });
  }

  async close(): Promise<void> {}
}
