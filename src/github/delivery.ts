import { LruCache } from "./lru.js";

/**
 * GitHub delivers at least once: the same `X-GitHub-Delivery` id may arrive twice. A delivery is remembered while it
 * runs and after it succeeded; one that threw is forgotten so that a manual redelivery can run it again.
 */
export class DeliveryDeduper {
  readonly #seen: LruCache<string, true>;

  constructor(capacity = 10_000) {
    this.#seen = new LruCache(capacity);
  }

  /** Runs `work` unless this delivery id already ran (or is running); returns whether it ran. */
  async once(deliveryId: string, work: () => Promise<void>): Promise<boolean> {
    if (this.#seen.has(deliveryId)) return false;
    this.#seen.set(deliveryId, true);
    try {
      await work();
      return true;
    } catch (error) {
      this.#seen.delete(deliveryId);
      throw error;
    }
  }
}

/**
 * Runs tasks with the same key one after another (two pushes to one pull request must not interleave their reads
 * and writes); tasks with different keys run concurrently.
 */
export class KeyedQueue {
  readonly #tails = new Map<string, Promise<unknown>>();

  get activeKeys(): number {
    return this.#tails.size;
  }

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }
}
