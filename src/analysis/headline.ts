import type { EntryPointDelta, SystemReport } from "./types.js";
import { formatAvailability } from "./availability.js";
import { isArchitecturalChange } from "./architectural-change.js";
import { plural, signed } from "./words.js";

export const NO_CHANGE_HEADLINE = "No architectural change";

/**
 * One line for a PR title or a check run: the component count change, the entry point whose round trips moved
 * most, and the largest availability move, e.g. "+2 components, +3 round trips on `web`, availability 99.70% -> 99.40%".
 */
export function headline(systems: readonly SystemReport[]): string {
  if (!systems.some(isArchitecturalChange)) return NO_CHANGE_HEADLINE;
  const parts = [...countParts(systems)];
  const entries = systems.flatMap((system) => system.entryPoints);
  const roundTrips = largestRoundTripChange(entries);
  if (roundTrips) {
    const change = roundTrips.head!.roundTrips - roundTrips.base!.roundTrips;
    parts.push(
      `${signed(change)} ${plural(Math.abs(change), "round trip")} on \`${displayName(roundTrips.entry)}\``,
    );
  }
  const availability = largestAvailabilityChange(entries);
  if (availability) {
    const where = availability === roundTrips ? "" : ` on \`${displayName(availability.entry)}\``;
    const before = formatAvailability(availability.base!.availability);
    const after = formatAvailability(availability.head!.availability);
    parts.push(`availability${where} ${before} -> ${after}`);
  }
  return parts.length > 0 ? parts.join(", ") : "Architecture changed";
}

function countParts(systems: readonly SystemReport[]): string[] {
  const sum = (count: (system: SystemReport) => number): number =>
    systems.reduce((total, system) => total + count(system), 0);
  const addedComponents = sum((system) => system.delta.addedComponents.length);
  const removedComponents = sum((system) => system.delta.removedComponents.length);
  const parts: string[] = [];
  if (addedComponents > 0) parts.push(`+${addedComponents} ${plural(addedComponents, "component")}`);
  if (removedComponents > 0) parts.push(`-${removedComponents} ${plural(removedComponents, "component")}`);
  if (parts.length === 0) {
    const addedEdges = sum((system) => system.delta.addedEdges.length);
    const removedEdges = sum((system) => system.delta.removedEdges.length);
    if (addedEdges > 0) parts.push(`+${addedEdges} ${plural(addedEdges, "call")}`);
    if (removedEdges > 0) parts.push(`-${removedEdges} ${plural(removedEdges, "call")}`);
  }
  const kindChanges = sum(
    (system) =>
      system.delta.changedComponents.filter((change) => change.base.kind !== change.head.kind).length,
  );
  if (kindChanges > 0) parts.push(`${kindChanges} ${plural(kindChanges, "component")} changed kind`);
  const edgeKindChanges = sum((system) => system.delta.changedEdges.length);
  if (edgeKindChanges > 0)
    parts.push(`${edgeKindChanges} ${plural(edgeKindChanges, "call")} changed sync/async`);
  const addedEntries = sum(
    (system) => system.entryPoints.filter((entry) => !entry.base && entry.head).length,
  );
  const removedEntries = sum(
    (system) => system.entryPoints.filter((entry) => entry.base && !entry.head).length,
  );
  if (addedEntries > 0) parts.push(`+${addedEntries} ${plural(addedEntries, "entry point")}`);
  if (removedEntries > 0) parts.push(`-${removedEntries} ${plural(removedEntries, "entry point")}`);
  return parts;
}

function largestRoundTripChange(entries: readonly EntryPointDelta[]): EntryPointDelta | undefined {
  return largest(entries, (entry) => entry.head!.roundTrips - entry.base!.roundTrips);
}

function largestAvailabilityChange(entries: readonly EntryPointDelta[]): EntryPointDelta | undefined {
  const moved = entries.filter(
    (entry) =>
      entry.base &&
      entry.head &&
      formatAvailability(entry.base.availability) !== formatAvailability(entry.head.availability),
  );
  return largest(moved, (entry) => entry.head!.availability - entry.base!.availability);
}

/** The first entry point (in report order) with the largest non-zero change, among those present on both sides. */
function largest(
  entries: readonly EntryPointDelta[],
  change: (entry: EntryPointDelta) => number,
): EntryPointDelta | undefined {
  let best: EntryPointDelta | undefined;
  let bestSize = 0;
  for (const entry of entries) {
    if (!entry.base || !entry.head) continue;
    const size = Math.abs(change(entry));
    if (size > bestSize) {
      best = entry;
      bestSize = size;
    }
  }
  return best;
}

/** Names come from repository files: keep them on one line and out of the way of the code span around them. */
function displayName(name: string): string {
  const clean = name.replace(/[`\p{Cc}]/gu, "");
  return clean.length > 60 ? `${clean.slice(0, 59)}…` : clean;
}

/**
 * One line describing a single tree, e.g. "1 system, 9 components, 1 entry point; `web` 10 round trips,
 * availability 99.30%" (the entry point with the most round trips).
 */
export function treeHeadline(systems: readonly SystemReport[]): string {
  const graphs = systems.flatMap((system) => (system.head ? [system.head] : []));
  if (graphs.length === 0) return "No infrastructure found";
  const components = graphs.reduce((total, graph) => total + graph.components.length, 0);
  const entries = systems.flatMap((system) => system.entryPoints.filter((entry) => entry.head));
  const counts = [
    `${graphs.length} ${plural(graphs.length, "system")}`,
    `${components} ${plural(components, "component")}`,
    `${entries.length} ${plural(entries.length, "entry point")}`,
  ].join(", ");
  const busiest = entries.reduce<EntryPointDelta | undefined>(
    (best, entry) => (!best || entry.head!.roundTrips > best.head!.roundTrips ? entry : best),
    undefined,
  );
  if (!busiest) return counts;
  const { roundTrips, availability } = busiest.head!;
  return `${counts}; \`${displayName(busiest.entry)}\` ${roundTrips} ${plural(roundTrips, "round trip")}, availability ${formatAvailability(availability)}`;
}
