interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Pending<T> {
  job: T;
  waiters: Waiter[];
}

/**
 * Analyses waiting to run, at most `concurrency` at once, one at a time per key (a pull request). A job pushed while
 * another of its key is still waiting replaces it (`merge` decides what the pair becomes): a pull request pushed to
 * five times while busy is analysed twice, not five times. Every pusher is told when the job that covers its own
 * has run.
 */
export class CoalescingQueue<T> {
  readonly #pending = new Map<string, Pending<T>>();
  readonly #running = new Set<string>();
  readonly #idle: (() => void)[] = [];

  constructor(
    readonly work: (job: T) => Promise<void>,
    readonly merge: (waiting: T, newer: T) => T,
    readonly concurrency: number,
  ) {}

  /** Jobs waiting or running. */
  get size(): number {
    return this.#pending.size + this.#running.size;
  }

  push(key: string, job: T): Promise<void> {
    return new Promise((resolve, reject) => {
      const waiting = this.#pending.get(key);
      if (waiting) {
        waiting.job = this.merge(waiting.job, job);
        waiting.waiters.push({ resolve, reject });
      } else {
        this.#pending.set(key, { job, waiters: [{ resolve, reject }] });
      }
      this.#pump();
    });
  }

  /** Resolves once nothing waits or runs. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #pump(): void {
    for (const [key, pending] of this.#pending) {
      if (this.#running.size >= this.concurrency) return;
      if (this.#running.has(key)) continue;
      this.#pending.delete(key);
      this.#running.add(key);
      this.work(pending.job)
        .then(
          () => pending.waiters.forEach((waiter) => waiter.resolve()),
          (error: unknown) => pending.waiters.forEach((waiter) => waiter.reject(error)),
        )
        .finally(() => {
          this.#running.delete(key);
          this.#pump();
          if (this.size === 0) this.#idle.splice(0).forEach((resolve) => resolve());
        });
    }
  }
}

/** Work a server answered GitHub for before doing it: tracked so that a shutdown can wait for it. */
export class Backlog {
  readonly #tasks = new Set<Promise<void>>();

  get size(): number {
    return this.#tasks.size;
  }

  add(task: Promise<void>): void {
    this.#tasks.add(task);
    const remove = () => void this.#tasks.delete(task);
    task.then(remove, remove);
  }

  /** Waits for every task, those added while waiting included. */
  async drain(): Promise<void> {
    while (this.#tasks.size > 0) await Promise.allSettled([...this.#tasks]);
  }
}
