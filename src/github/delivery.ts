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
  async once(deliveryId: string, work: () => Promise<unknown>): Promise<boolean> {
    const claimed = await this.claim(deliveryId);
    if (!claimed) return false;
    await claimed(work);
    return true;
  }

  /**
   * Claims a delivery id before its work is done (a server answers GitHub in between): the work to run under the
   * claim, or nothing when the id already ran or is running.
   */
  async claim(deliveryId: string): Promise<((work: () => Promise<unknown>) => Promise<void>) | undefined> {
    const key = `delivery:${deliveryId}`;
    if (!(await this.store.claim(key, "running", RUNNING_MS))) return undefined;
    // Nothing but the work's promise is kept while it runs (no closure here captures the work): an answered
    // delivery waiting behind an analysis of its pull request must not hold its payload and client until then.
    return (work) =>
      start(work).then(
        async () => void (await this.store.extend(key, "running", DONE_MS)),
        async (error: unknown) => {
          await this.store.release(key);
          throw error;
        },
      );
  }
}

/** The work's promise; work that throws before it returns one is a rejected promise too. */
function start(work: () => Promise<unknown>): Promise<unknown> {
  try {
    return work();
  } catch (error) {
    return Promise.reject(error);
  }
}
