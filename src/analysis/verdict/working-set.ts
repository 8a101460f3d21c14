/**
 * Working set: the data the change adds or grows no longer fits one machine. Declared memory and storage of the
 * datastores and caches added or grown, times their instances, summed against the single-machine ceilings.
 */
import { formatBytes } from "../../graph/diff.js";
import type { SystemReport } from "../types.js";
import { addedOrGrown, instances, sizeFact } from "./sizes.js";
import { nameList } from "./names.js";
import type { Ceilings, TriggerEvidence, TriggerFact } from "./types.js";

const STATEFUL = new Set(["datastore", "cache"]);

export function workingSetEvidence(system: SystemReport, ceilings: Ceilings): TriggerEvidence {
  const stores = addedOrGrown(system, STATEFUL);
  const evidence = { trigger: "working-set" as const, facts: [] as TriggerFact[], covers: [] as string[] };
  if (stores.length === 0)
    return { ...evidence, status: "not-met", summary: "adds or grows no datastore or cache" };
  let memory = 0;
  let storage = 0;
  const unsized: string[] = [];
  for (const store of stores) {
    const count = instances(store);
    const { memoryBytes, storageBytes } = store.resources ?? {};
    if (memoryBytes === undefined && storageBytes === undefined) {
      unsized.push(store.name);
      continue;
    }
    const sizes = [
      memoryBytes === undefined ? undefined : `memory ${formatBytes(memoryBytes)}`,
      storageBytes === undefined ? undefined : `storage ${formatBytes(storageBytes)}`,
    ];
    memory += (memoryBytes ?? 0) * count;
    storage += (storageBytes ?? 0) * count;
    evidence.facts.push(sizeFact(system, store, sizes, count));
  }
  const total = `${formatBytes(memory)} of memory and ${formatBytes(storage)} of storage`;
  const limits = `one machine holds ${formatBytes(ceilings.memoryBytes)} and ${formatBytes(ceilings.storageBytes)}`;
  if (memory > ceilings.memoryBytes || storage > ceilings.storageBytes) {
    const sized = stores.map((store) => store.name).filter((name) => !unsized.includes(name));
    return { ...evidence, covers: sized, status: "met", summary: `${total}: more than ${limits}` };
  }
  if (unsized.length > 0) {
    const names = nameList(unsized);
    const known = evidence.facts.length > 0 ? `; ${total} declared` : "";
    return { ...evidence, status: "unknown", summary: `no declared size for ${names}${known}` };
  }
  return { ...evidence, status: "not-met", summary: `${total}, within one machine (${limits})` };
}
