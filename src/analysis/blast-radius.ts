import type { SystemGraph } from "../graph/model.js";
import type { BlastRadiusChange, BlastRadiusTrend, EntryPointMetrics } from "./types.js";

/** For each component of the system, the entry points whose request path contains it (in entry point order). */
export function blastRadius(
  system: SystemGraph | undefined,
  metrics: ReadonlyMap<string, EntryPointMetrics>,
): Map<string, string[]> {
  const radius = new Map<string, string[]>();
  for (const component of system?.components ?? []) radius.set(component.name, []);
  for (const [entry, { requestPath }] of metrics) {
    for (const component of requestPath) {
      const entries = radius.get(component);
      if (entries) entries.push(entry);
      else radius.set(component, [entry]);
    }
  }
  return radius;
}

/** Components whose set of affected entry points differs between base and head, in head order then base order. */
export function blastRadiusChanges(
  base: ReadonlyMap<string, readonly string[]>,
  head: ReadonlyMap<string, readonly string[]>,
): BlastRadiusChange[] {
  const names = [...new Set([...head.keys(), ...base.keys()])];
  const changes: BlastRadiusChange[] = [];
  for (const component of names) {
    const before = [...(base.get(component) ?? [])];
    const after = [...(head.get(component) ?? [])];
    const trend = blastRadiusTrend(before, after);
    if (trend) changes.push({ component, base: before, head: after, trend });
  }
  return changes;
}

/** How one component's blast radius moved, or undefined when it covers the same entry points. */
export function blastRadiusTrend(
  base: readonly string[],
  head: readonly string[],
): BlastRadiusTrend | undefined {
  const before = new Set(base);
  const after = new Set(head);
  if (before.size === after.size && [...after].every((entry) => before.has(entry))) return undefined;
  if (before.size === 0) return "appeared";
  if (after.size === 0) return "disappeared";
  if (after.size > before.size) return "grew";
  if (after.size < before.size) return "shrank";
  return "shifted";
}

/** Components on no entry point's request path: they run on their own (workers, cron jobs, consumers). */
export function backgroundComponents(
  system: SystemGraph | undefined,
  radius: ReadonlyMap<string, readonly string[]>,
): string[] {
  return (system?.components ?? [])
    .filter((component) => (radius.get(component.name) ?? []).length === 0)
    .map((component) => component.name);
}
