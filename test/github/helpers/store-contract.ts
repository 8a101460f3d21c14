import { expect, it } from "vitest";
import type { SharedStore } from "../../../src/github/store/store.js";

export interface StoreUnderTest {
  store: SharedStore;
  /** Lets `ms` pass for the store's expiries. */
  advance: (ms: number) => Promise<void>;
}

/** What every store implementation must do, run against each of them. */
export function storeContract(open: () => Promise<StoreUnderTest>): void {
  it("claims a key once until it expires or is released", async () => {
    const { store, advance } = await open();
    expect(await store.claim("delivery:a", "running", 200)).toBe(true);
    expect(await store.claim("delivery:a", "running", 200)).toBe(false);
    await store.release("delivery:a");
    expect(await store.claim("delivery:a", "running", 200)).toBe(true);
    await advance(300);
    expect(await store.claim("delivery:a", "again", 200)).toBe(true);
  });

  it("extends and releases a claim only for the token that holds it", async () => {
    const { store, advance } = await open();
    expect(await store.claim("lease:pr", "owner", 200)).toBe(true);
    expect(await store.extend("lease:pr", "intruder", 10_000)).toBe(false);
    await store.release("lease:pr", "intruder");
    expect(await store.claim("lease:pr", "intruder", 200)).toBe(false);
    expect(await store.extend("lease:pr", "owner", 10_000)).toBe(true);
    await advance(300);
    expect(await store.claim("lease:pr", "intruder", 200)).toBe(false);
    await store.release("lease:pr", "owner");
    expect(await store.claim("lease:pr", "intruder", 200)).toBe(true);
  });

  it("keeps values until they expire", async () => {
    const { store, advance } = await open();
    expect(await store.get("check-run:acme/shop@abc")).toBeUndefined();
    await store.set("check-run:acme/shop@abc", "91", 200);
    await store.set("blob:abc", "{}", 10_000);
    expect(await store.get("check-run:acme/shop@abc")).toBe("91");
    await advance(300);
    expect(await store.get("check-run:acme/shop@abc")).toBeUndefined();
    expect(await store.get("blob:abc")).toBe("{}");
  });
}
