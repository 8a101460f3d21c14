import { MemoryStore } from "./store/memory.js";
import type { SharedStore } from "./store/store.js";

/** Long enough for any analysis: a replica that dies mid-run frees the delivery for a redelivery after this. */
const RUNNING_MS = 15 * 60_000;
/** GitHub repeats a delivery within minutes; a day covers a manual redelivery of an old one as well. */
const DONE_MS = 24 * 60 * 60_000;

/**
 * GitHub delivers at least once: the same `X-GitHub-Delivery` id may arrive twice, at the same replica or at two.
 * A delivery is claimed (atomically, in the shared store) while it runs and kept after it succeeded; one that threw
 * is released so that a manual redelivery can run it again.
 */
export class DeliveryDeduper {
  constructor(readonly store: SharedStore = new MemoryStore()) {}

  /** Runs `work` unless this delivery id already ran (or is running); returns whether it ran. */
  async once(deliveryId: string, work: () => Promise<void>): Promise<boolean> {
    const key = `delivery:${deliveryId}`;
    if (!(await this.store.claim(key, "running", RUNNING_MS))) return false;
    try {
      await work();
    } catch (error) {
      await this.store.release(key);
      throw error;
    }
    await this.store.extend(key, "running", DONE_MS);
    return true;
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
