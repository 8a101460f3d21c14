import type { Component, SystemGraph } from "../../graph/model.js";
import { addCall, componentNamed } from "./cross-root.js";
import { standInFor } from "./remote-state.js";
import type { RootAnalysis } from "./system.js";

const STORE_KINDS = new Set(["datastore", "cache", "queue"]);
// Workflows are started by name too (Step Functions' StartExecution takes the ARN built from it).
const NAMED_WORKFLOWS = new Set(["aws_sfn_state_machine"]);
// A name worth matching: six characters or more, with a separator, as real store names are (`completed-scans`).
const DISTINCTIVE = /^(?=.{6,200}$)[a-z0-9]+(?:[-_.][a-z0-9]+)+$/i;

/**
 * Stores named across roots: a setting whose whole value is the literal name of a datastore, cache, queue or
 * workflow that another root makes (`COMPLETED_SCANS_TABLE_NAME = "completed-scans"`, and a table named `completed-scans` there)
 * calls that store, through a stand-in resolving to it. Inside one root a setting reaches a store by reference;
 * across roots it can only name it. The name must be distinctive and belong to one store of one other root.
 */
export function addSharedNameCalls(
  systems: readonly SystemGraph[],
  analyses: ReadonlyMap<string, RootAnalysis>,
): void {
  const stores = new Map<string, { system: SystemGraph; component: Component }[]>();
  for (const system of systems) {
    for (const component of system.components) {
      const addressed =
        STORE_KINDS.has(component.kind) || NAMED_WORKFLOWS.has(String(component.attributes?.type));
      if (!addressed || component.resolvesTo) continue;
      for (const name of new Set(component.aliases ?? [])) {
        if (!DISTINCTIVE.test(name)) continue;
        const list = stores.get(name) ?? [];
        list.push({ system, component });
        stores.set(name, list);
      }
    }
  }
  for (const system of systems) {
    for (const { component, setting, value } of analyses.get(system.id)?.literals ?? []) {
      const named = stores.get(value) ?? [];
      const caller = componentNamed(system, component);
      if (named.length !== 1 || named[0]!.system === system || !caller) continue;
      const { system: other, component: store } = named[0]!;
      const detail = `${component}: ${setting.key} holds the name of ${store.name} (${other.id})`;
      addCall(
        system,
        caller,
        standInFor(system, other, store),
        setting.file,
        setting.line,
        detail,
        "terraform/named-value",
      );
    }
  }
}
