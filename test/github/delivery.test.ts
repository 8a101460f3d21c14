import { describe, expect, it } from "vitest";
import { DeliveryDeduper, KeyedQueue } from "../../src/github/delivery.js";

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

  it("serialises tasks of one key and lets other keys through", async () => {
    const queue = new KeyedQueue();
    const order: string[] = [];
    let releaseFirst!: () => void;
    const first = queue.run("pr#1", async () => {
      order.push("a:start");
      await new Promise<void>((resolve) => (releaseFirst = resolve));
      order.push("a:end");
    });
    const second = queue.run("pr#1", async () => void order.push("b"));
    const other = queue.run("pr#2", async () => void order.push("other"));
    await other;
    expect(order).toEqual(["a:start", "other"]);
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(["a:start", "other", "a:end", "b"]);
  });

  it("keeps the queue going after a failed task", async () => {
    const queue = new KeyedQueue();
    await expect(queue.run("k", async () => Promise.reject(new Error("x")))).rejects.toThrow("x");
    expect(await queue.run("k", async () => 42)).toBe(42);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(queue.activeKeys).toBe(0);
  });
});
