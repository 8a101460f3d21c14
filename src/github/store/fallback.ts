import type { RedisStore } from "./redis.js";
import type { SharedStore } from "./store.js";

/** The slice of Probot's logger the store reports through. */
export interface StoreLog {
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
}

/**
 * Redis when it answers, this process's memory when it does not: losing Redis must not stop the app, only make
 * replicas stop sharing what they know until it is back. One warning per outage, one note when it ends.
 */
export class FallbackStore implements SharedStore {
  readonly kind = "redis";
  #degraded = false;

  constructor(
    readonly primary: RedisStore,
    readonly fallback: SharedStore,
    readonly log: StoreLog,
  ) {
    primary.client.on("error", (error: Error) => this.#degrade(error));
    primary.client.on("ready", () => this.#recover());
  }

  #degrade(error: unknown): void {
    if (this.#degraded) return;
    this.#degraded = true;
    this.log.warn(
      { err: error },
      "Redis is unreachable: continuing with this process's memory; replicas do not share deliveries, leases or caches until it is back",
    );
  }

  #recover(): void {
    if (!this.#degraded) return;
    this.#degraded = false;
    this.log.info({}, "Redis is reachable again: replicas share their state again");
  }

  async #use<T>(operation: (store: SharedStore) => Promise<T>): Promise<T> {
    if (this.primary.ready) {
      try {
        return await operation(this.primary);
      } catch (error) {
        this.#degrade(error);
      }
    } else {
      this.#degrade(new Error(`Redis connection is ${this.primary.client.status}`));
    }
    return operation(this.fallback);
  }

  /** Waits for the first connection so that the first deliveries are already shared; never longer than `timeoutMs`. */
  async connected(timeoutMs: number): Promise<boolean> {
    if (this.primary.ready) return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(false), timeoutMs);
      const onReady = () => finish(true);
      const finish = (ready: boolean) => {
        clearTimeout(timer);
        this.primary.client.off("ready", onReady);
        resolve(ready);
      };
      this.primary.client.on("ready", onReady);
    });
  }

  claim(key: string, value: string, ttlMs: number): Promise<boolean> {
    return this.#use((store) => store.claim(key, value, ttlMs));
  }

  extend(key: string, value: string, ttlMs: number): Promise<boolean> {
    return this.#use((store) => store.extend(key, value, ttlMs));
  }

  release(key: string, value?: string): Promise<void> {
    return this.#use((store) => store.release(key, value));
  }

  get(key: string): Promise<string | undefined> {
    return this.#use((store) => store.get(key));
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    return this.#use((store) => store.set(key, value, ttlMs));
  }

  async close(): Promise<void> {
    await Promise.all([this.primary.close(), this.fallback.close()]);
  }
}
