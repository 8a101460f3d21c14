import { randomUUID } from "node:crypto";
import type { SharedStore } from "./store.js";

export interface LeaseOptions {
  /** How long a lease outlives a replica that stopped renewing it (crashed, or lost its connection). */
  leaseMs: number;
  /** First pause between attempts to take a held lease; it doubles up to `maxPollMs`. */
  pollMs: number;
  maxPollMs: number;
  /** How long to wait for another replica before giving up (the delivery can then be redelivered). */
  maxWaitMs: number;
}

const DEFAULT_OPTIONS: LeaseOptions = {
  leaseMs: 60_000,
  pollMs: 50,
  maxPollMs: 1_000,
  maxWaitMs: 10 * 60_000,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs work under a named lease shared by every replica: two replicas never analyse the same pull request at
 * once. The holder renews the lease while it works; if it dies, the lease expires and another replica takes over.
 */
export class Leases {
  readonly #options: LeaseOptions;

  constructor(
    readonly store: SharedStore,
    options: Partial<LeaseOptions> = {},
  ) {
    this.#options = { ...DEFAULT_OPTIONS, ...options };
  }

  async #acquire(key: string, token: string): Promise<void> {
    const { leaseMs, pollMs, maxPollMs, maxWaitMs } = this.#options;
    const giveUpAt = Date.now() + maxWaitMs;
    for (let pause = pollMs; ; pause = Math.min(pause * 2, maxPollMs)) {
      if (await this.store.claim(key, token, leaseMs)) return;
      if (Date.now() + pause > giveUpAt) {
        throw new Error(`${key} stayed busy in another replica for ${Math.round(maxWaitMs / 1000)} s`);
      }
      await sleep(pause);
    }
  }

  async run<T>(name: string, work: () => Promise<T>): Promise<T> {
    const key = `lease:${name}`;
    const token = randomUUID();
    await this.#acquire(key, token);
    const { leaseMs } = this.#options;
    const renewal = setInterval(() => {
      this.store.extend(key, token, leaseMs).catch(() => undefined);
    }, leaseMs / 3);
    renewal.unref();
    try {
      return await work();
    } finally {
      clearInterval(renewal);
      await this.store.release(key, token).catch(() => undefined);
    }
  }
}
