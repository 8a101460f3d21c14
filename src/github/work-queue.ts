interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Pending<T> {
  job: T;
  waiters: Waiter[];
}

/**
 * Tells whether deliveries keep arriving. While they do, a server answers them first: analyses run one at a time
 * and rest between them, so that they take at most `share` of the time.
 */
export class Pacer {
  #lastArrival = Number.NEGATIVE_INFINITY;

  constructor(
    readonly share = 0.5,
    /** Deliveries this close together count as a load. */
    readonly windowMs = 250,
    readonly now: () => number = () => performance.now(),
  ) {}

  arrived(): void {
    this.#lastArrival = this.now();
  }

  get underLoad(): boolean {
    return this.now() - this.#lastArrival < this.windowMs;
  }

  /** The rest after a job that ran `ranMs`, under load. */
  restAfter(ranMs: number): number {
    return (ranMs * (1 - this.share)) / this.share;
  }
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
  #restUntil = 0;
  #wake: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly work: (job: T) => Promise<void>,
    readonly merge: (waiting: T, newer: T) => T,
    readonly concurrency: number,
    /** Without one, jobs run as soon as a slot is free. */
    readonly pacer?: Pacer,
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

  /** Jobs that may run now: all slots when idle, one at a time and after a rest under load. */
  #slots(): number {
    const pacer = this.pacer;
    if (!pacer?.underLoad) return this.concurrency;
    const now = pacer.now();
    // Look again once the rest is over, or once the load may have stopped.
    const wait = Math.max(this.#restUntil - now, 0) || pacer.windowMs;
    if (this.#wake === undefined && this.#pending.size > 0) {
      this.#wake = setTimeout(() => {
        this.#wake = undefined;
        this.#pump();
      }, wait);
    }
    return now < this.#restUntil ? 0 : 1;
  }

  #pump(): void {
    for (const [key, pending] of this.#pending) {
      if (this.#running.size >= this.#slots()) return;
      if (this.#running.has(key)) continue;
      this.#pending.delete(key);
      this.#running.add(key);
      const startedAt = this.pacer?.now() ?? 0;
      this.work(pending.job)
        .then(
          () => pending.waiters.forEach((waiter) => waiter.resolve()),
          (error: unknown) => pending.waiters.forEach((waiter) => waiter.reject(error)),
        )
        .finally(() => {
          this.#running.delete(key);
          if (this.pacer?.underLoad) {
            this.#restUntil = this.pacer.now() + this.pacer.restAfter(this.pacer.now() - startedAt);
          }
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
