import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it, vi } from "vitest";
import { DeliveryDeduper } from "../../src/github/delivery.js";
import { Backlog, CoalescingQueue, Pacer } from "../../src/github/work-queue.js";

/** A promise the test settles when it chooses. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A full garbage collection, from a context where `gc` is exposed. */
function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

describe("delivery handling", () => {
  it("runs a delivery id once, and again after a run that threw", async () => {
    const deduper = new DeliveryDeduper();
    let runs = 0;
    expect(await deduper.once("d1", async () => void runs++)).toBe(true);
    expect(await deduper.once("d1", async () => void runs++)).toBe(false);
    await expect(deduper.once("d2", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await deduper.once("d2", async () => void runs++)).toBe(true);
    expect(runs).toBe(2);
  });

  it("treats a duplicate arriving while the first is still running as a duplicate", async () => {
    const deduper = new DeliveryDeduper();
    let release!: () => void;
    const first = deduper.once("d", () => new Promise<void>((resolve) => (release = resolve)));
    expect(await deduper.once("d", async () => undefined)).toBe(false);
    release();
    expect(await first).toBe(true);
  });

  it("keeps nothing of a delivery's work but its promise while it runs", async () => {
    const deduper = new DeliveryDeduper();
    const claimed = await deduper.claim("waiting");
    const { open, opened } = gate();
    // What a handler's work holds (its delivery's payload and client) until it has queued its analysis.
    let payload: { text: string } | undefined = { text: "x".repeat(1_000_000) };
    const held = new WeakRef(payload);
    const work = (delivery: { text: string }) => () => (delivery.text ? opened : Promise.resolve());
    const running = claimed!(work(payload));
    payload = undefined;
    await settle();
    collectGarbage();

    expect(held.deref()).toBeUndefined();
    open();
    await running;
  });

  it("holds a claim taken before the work starts", async () => {
    const deduper = new DeliveryDeduper();
    const claimed = await deduper.claim("early");
    expect(claimed).toBeDefined();
    expect(await deduper.claim("early")).toBeUndefined();
    await claimed!(async () => undefined);
    expect(await deduper.once("early", async () => undefined)).toBe(false);
  });
});

describe("the analysis queue", () => {
  function recordingQueue(concurrency: number) {
    const started: string[] = [];
    const gates = new Map<string, ReturnType<typeof gate>>();
    const queue = new CoalescingQueue<string>(
      async (job) => {
        started.push(job);
        const held = gate();
        gates.set(job, held);
        await held.opened;
        if (job.startsWith("fail")) throw new Error(job);
      },
      (waiting, newer) => `${waiting}+${newer}`,
      concurrency,
    );
    return { queue, started, finish: (job: string) => gates.get(job)!.open() };
  }

  it("runs one job per key at a time and other keys beside it, up to its concurrency", async () => {
    const { queue, started, finish } = recordingQueue(2);
    const a1 = queue.push("pr#1", "a1");
    void queue.push("pr#1", "a2");
    void queue.push("pr#2", "b1");
    void queue.push("pr#3", "c1");
    await settle();
    expect(started).toEqual(["a1", "b1"]);
    expect(queue.size).toBe(4);
    finish("a1");
    await a1;
    await settle();
    // pr#1's next job waited longer than pr#3's, and the slot a1 freed goes to it.
    expect(started).toEqual(["a1", "b1", "a2"]);
    finish("b1");
    await settle();
    expect(started).toEqual(["a1", "b1", "a2", "c1"]);
  });

  it("merges jobs waiting for the same key and tells every pusher when the merged job ran", async () => {
    const { queue, started, finish } = recordingQueue(4);
    let done = 0;
    const count = () => void done++;
    void queue.push("pr#1", "push-1").then(count);
    void queue.push("pr#1", "push-2").then(count);
    void queue.push("pr#1", "push-3").then(count);
    void queue.push("pr#1", "push-4").then(count);
    await settle();
    finish("push-1");
    await settle();
    expect(started).toEqual(["push-1", "push-2+push-3+push-4"]);
    expect(done).toBe(1);
    finish("push-2+push-3+push-4");
    await queue.idle();
    await settle();
    expect(done).toBe(4);
    expect(queue.size).toBe(0);
  });

  it("rejects the pushers of a job that failed and keeps going", async () => {
    const { queue, started, finish } = recordingQueue(1);
    const failing = queue.push("k", "fail-1");
    const next = queue.push("k", "ok-2");
    await settle();
    finish("fail-1");
    await expect(failing).rejects.toThrow("fail-1");
    await settle();
    finish("ok-2");
    await expect(next).resolves.toBeUndefined();
    expect(started).toEqual(["fail-1", "ok-2"]);
  });
});

describe("the backlog of answered deliveries", () => {
  it("drains tasks added while it waits, and failed ones", async () => {
    const backlog = new Backlog();
    const first = gate();
    const second = gate();
    const finished: string[] = [];
    backlog.add(first.opened.then(() => void finished.push("first")));
    const drained = backlog.drain().then(() => finished.push("drained"));
    backlog.add(second.opened.then(() => Promise.reject(new Error("late failure"))));
    first.open();
    await settle();
    expect(finished).toEqual(["first"]);
    second.open();
    await drained;
    expect(finished).toEqual(["first", "drained"]);
    expect(backlog.size).toBe(0);
  });
});

describe("the analysis queue under a load of deliveries", () => {
  it("runs one job at a time with rests while deliveries keep arriving, and all it may once they stop", async () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const pacer = new Pacer(0.4, 250, () => Date.now());
      const started: string[] = [];
      const finishers = new Map<string, () => void>();
      const queue = new CoalescingQueue<string>(
        (job) => {
          started.push(job);
          return new Promise<void>((resolve) => finishers.set(job, resolve));
        },
        (_waiting, newer) => newer,
        4,
        pacer,
      );
      pacer.arrived();
      for (const job of ["a", "b", "c"]) void queue.push(job, job);
      await vi.advanceTimersByTimeAsync(100);
      expect(started).toEqual(["a"]);

      // `a` ran 100 ms under load: the next waits 150 ms, so that analyses take at most 40% of the time.
      pacer.arrived();
      finishers.get("a")!();
      await vi.advanceTimersByTimeAsync(149);
      expect(started).toEqual(["a"]);
      await vi.advanceTimersByTimeAsync(1);
      expect(started).toEqual(["a", "b"]);

      // No delivery since: every waiting job may start, beside the one running.
      await vi.advanceTimersByTimeAsync(250);
      expect(started).toEqual(["a", "b", "c"]);
      finishers.get("b")!();
      finishers.get("c")!();
      await queue.idle();
    } finally {
      vi.useRealTimers();
    }
  });
});
