import { describe, expect, it } from "vitest";
import { Leases } from "../../src/github/store/lease.js";
import { MemoryStore } from "../../src/github/store/memory.js";
import { storeContract } from "./helpers/store-contract.js";

describe("the in-memory store", () => {
  storeContract(async () => {
    let clock = 1_000;
    const store = new MemoryStore({}, () => clock);
    return { store, advance: async (ms) => void (clock += ms) };
  });

  it("never lets large values evict a claim", async () => {
    const store = new MemoryStore({ maxValueChars: 1_000 });
    expect(await store.claim("delivery:1", "running", 60_000)).toBe(true);
    for (let i = 0; i < 50; i++) await store.set(`blob:${i}`, "x".repeat(500), 60_000);
    expect(await store.claim("delivery:1", "running", 60_000)).toBe(false);
    expect(await store.get("blob:0")).toBeUndefined();
    expect(await store.get("blob:49")).toBe("x".repeat(500));
  });
});

describe("leases", () => {
  it("run work for one name one at a time, and different names at once", async () => {
    const leases = new Leases(new MemoryStore(), { pollMs: 1, maxPollMs: 5 });
    const order: string[] = [];
    let release!: () => void;
    const first = leases.run("pr#1", async () => {
      order.push("first:start");
      await new Promise<void>((resolve) => (release = resolve));
      order.push("first:end");
    });
    const second = leases.run("pr#1", async () => void order.push("second"));
    await leases.run("pr#2", async () => void order.push("other"));
    expect(order).toEqual(["first:start", "other"]);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(["first:start", "other", "first:end", "second"]);
  });

  it("are taken over when the holder stops renewing, and give up after the longest wait", async () => {
    const store = new MemoryStore();
    // A replica that died holding the lease: nobody renews it.
    await store.claim("lease:pr#1", "dead-replica", 30);
    const leases = new Leases(store, { pollMs: 5, maxPollMs: 10 });
    expect(await leases.run("pr#1", async () => "ran")).toBe("ran");

    await store.claim("lease:pr#2", "busy-replica", 60_000);
    const impatient = new Leases(store, { pollMs: 5, maxPollMs: 10, maxWaitMs: 40 });
    await expect(impatient.run("pr#2", async () => "ran")).rejects.toThrow(/busy in another replica/);
  });

  it("are released when the work throws", async () => {
    const leases = new Leases(new MemoryStore(), { pollMs: 1, maxWaitMs: 50 });
    await expect(leases.run("pr#1", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await leases.run("pr#1", async () => "again")).toBe("again");
  });
});
