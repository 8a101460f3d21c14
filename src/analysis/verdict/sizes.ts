/**
 * What the change adds or grows, and the sizes declared for it, shared by the working-set and compute triggers.
 */
import type { Component, SourceLocation } from "../../graph/model.js";
import type { SystemReport } from "../types.js";
import type { TriggerFact } from "./types.js";

/** Added components, and changed ones whose size or count grew, at head. */
export function addedOrGrown(system: SystemReport, kinds: ReadonlySet<string>): Component[] {
  const added = system.delta.addedComponents.filter((component) => kinds.has(component.kind));
  const grown = system.delta.changedComponents
    .filter((change) => kinds.has(change.head.kind) && grew(change.base, change.head))
    .map((change) => change.head);
  return [...added, ...grown];
}

function grew(base: Component, head: Component): boolean {
  const fields = ["cpuCores", "memoryBytes", "gpus", "storageBytes"] as const;
  return (
    instances(head) > instances(base) ||
    fields.some((field) => (head.resources?.[field] ?? 0) > (base.resources?.[field] ?? 0))
  );
}

/** How many copies run: the most replicas it may scale to, or its instance or shard count, else one. */
export function instances(component: Component): number {
  const fromAttributes = [component.attributes?.instances, component.attributes?.shards].find(
    (value): value is number => typeof value === "number" && value > 0,
  );
  return component.replicas?.max ?? fromAttributes ?? 1;
}

/** Where a fact was read: its own line when the extractor kept it, else where the component is defined. */
export function sourceOf(
  component: Component,
  fact: "resources" | "replicas" | "regions" | "build",
): SourceLocation {
  return component.factSources?.[fact] ?? component.location;
}

/** A strong fact about a component's declared sizes: `memory 64 GiB, storage 1 TiB x 3`. */
export function sizeFact(
  system: SystemReport,
  component: Component,
  sizes: (string | undefined)[],
  count: number,
): TriggerFact {
  const text = sizes.filter((size) => size !== undefined).join(", ");
  return {
    system: system.system,
    component: component.name,
    ...sourceOf(component, "resources"),
    detail: count === 1 ? text : `${text} x ${count}`,
    strength: "strong",
  };
}
