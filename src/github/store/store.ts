/**
 * What the app keeps between deliveries, behind one interface so that several replicas can share it. Keys used
 * with `claim` (deliveries, leases) are never read with `get`, and keys written with `set` (check runs, blobs) are
 * never claimed: an implementation may keep the two apart.
 */
export interface SharedStore {
  /** Where the state lives, for logs and the health of a deployment. */
  readonly kind: "memory" | "redis";
  /** Stores `value` under `key` for `ttlMs` unless the key is already held (Redis `SET NX PX`); whether it did. */
  claim(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Keeps a claim for another `ttlMs`, only while it still holds `value` (its owner's token); whether it did. */
  extend(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Gives a claim up; with `value`, only while it still holds that value, so an expired owner frees nothing. */
  release(key: string, value?: string): Promise<void>;
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  close(): Promise<void>;
}
