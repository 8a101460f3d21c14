import { isEmptyDelta } from "../graph/diff.js";
import type { SystemGraph } from "../graph/model.js";
import type { SystemReport } from "./types.js";

/**
 * True when what runs, what calls what, or where clients come in has changed. Image tags, replicas, sizes,
 * evidence and renames are not architecture: they show in the report but do not make a change on their own.
 */
export function isArchitecturalChange(system: SystemReport): boolean {
  if (system.status === "added") return hasContent(system.head);
  if (system.status === "removed") return hasContent(system.base);
  const { delta } = system;
  // A renamed entry point is the same door under another name: its base numbers are already under its new name.
  return (
    delta.addedComponents.length > 0 ||
    delta.removedComponents.length > 0 ||
    delta.addedEdges.length > 0 ||
    delta.removedEdges.length > 0 ||
    delta.changedEdges.length > 0 ||
    delta.changedComponents.some((change) => change.base.kind !== change.head.kind) ||
    system.entryPoints.some((entry) => !entry.base || !entry.head)
  );
}

/**
 * True when anything about the system differs between base and head, sizes and evidence included. Wider than
 * `isArchitecturalChange`: a system whose replicas alone changed is listed as changed, yet changes no headline.
 */
export function hasAnyChange(system: SystemReport): boolean {
  return system.status !== "unchanged" || !isEmptyDelta(system.delta);
}

function hasContent(system: SystemGraph | undefined): boolean {
  return (
    !!system && (system.components.length > 0 || system.edges.length > 0 || system.entryPoints.length > 0)
  );
}
