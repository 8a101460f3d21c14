import type { Component, Edge, Replicas, Resources, SystemGraph } from "./model.js";
import { edgeKey } from "./model.js";
import { imageRepository, wireFamily } from "./images.js";

export interface ComponentChange {
  base: Component;
  head: Component;
  /** Human-readable, e.g. `kind cache -> datastore`, `replicas 1 -> 3`. */
  changes: string[];
}

/**
 * One component under a new name. `declared`: the head names the old name as an alias (a Terraform `moved`
 * block); `same-identity`: the two share a literal name or alias; `same-image-and-neighbours`: the same kind,
 * resource type (up to its version) and image (any tag), calling and called by the same components; `compatible-store`: a store of the same kind with the
 * same calls, its image swapped for one speaking the same protocol (Redis -> Valkey); `same-image`: the only
 * component on each side running that image, with a call in common.
 */
export interface ComponentRename {
  base: Component;
  head: Component;
  reason: "declared" | "same-identity" | "same-image-and-neighbours" | "compatible-store" | "same-image";
  /** What else changed with the name, as in `ComponentChange`. */
  changes: string[];
}

export interface GraphDelta {
  addedComponents: Component[];
  removedComponents: Component[];
  /** Components present on both sides under different names: neither added nor removed. */
  renamedComponents: ComponentRename[];
  changedComponents: ComponentChange[];
  addedEdges: Edge[];
  removedEdges: Edge[];
  /** Same endpoints, different kind (sync/async). */
  changedEdges: { base: Edge; head: Edge }[];
}

/**
 * What changed between two versions of one system. Components are matched by name, then the ones left over are
 * paired as renames (`findRenames`); edges are matched by their endpoints, with a renamed component's base name
 * read as its head name, so renaming a component does not read as its calls removed and added.
 */
/** A component a call names that nothing in the files defines (yet). */
export function isUnresolved(component: Component): boolean {
  return component.attributes?.unresolved === true;
}

export function diffGraphs(base: SystemGraph | undefined, head: SystemGraph | undefined): GraphDelta {
  const baseComponents = byName(base?.components ?? []);
  const headComponents = byName(head?.components ?? []);
  // A call to a component not defined yet, then defined: the component is new, the call is not.
  for (const [name, headComponent] of headComponents) {
    const baseComponent = baseComponents.get(name);
    if (baseComponent && isUnresolved(baseComponent) !== isUnresolved(headComponent)) {
      (isUnresolved(baseComponent) ? baseComponents : headComponents).delete(name);
    }
  }

  const renamedComponents = findRenames(base, head, baseComponents, headComponents);
  const newName = new Map(renamedComponents.map((rename) => [rename.base.name, rename.head.name]));
  const renamedHeads = new Set(newName.values());
  const baseEdges = byEndpoints(
    (base?.edges ?? []).map((edge) => ({
      ...edge,
      from: newName.get(edge.from) ?? edge.from,
      to: newName.get(edge.to) ?? edge.to,
    })),
  );
  const headEdges = byEndpoints(head?.edges ?? []);

  const changedComponents: ComponentChange[] = [];
  for (const [name, headComponent] of headComponents) {
    const baseComponent = baseComponents.get(name);
    if (!baseComponent) continue;
    const changes = componentChanges(baseComponent, headComponent);
    if (changes.length > 0) changedComponents.push({ base: baseComponent, head: headComponent, changes });
  }

  const changedEdges: GraphDelta["changedEdges"] = [];
  for (const [key, headEdge] of headEdges) {
    const baseEdge = baseEdges.get(key);
    if (baseEdge && baseEdge.kind !== headEdge.kind) changedEdges.push({ base: baseEdge, head: headEdge });
  }

  return {
    addedComponents: [...headComponents.values()].filter(
      (component) => !baseComponents.has(component.name) && !renamedHeads.has(component.name),
    ),
    removedComponents: [...baseComponents.values()].filter(
      (component) => !headComponents.has(component.name) && !newName.has(component.name),
    ),
    renamedComponents,
    changedComponents,
    addedEdges: [...headEdges.entries()].filter(([key]) => !baseEdges.has(key)).map(([, edge]) => edge),
    removedEdges: [...baseEdges.entries()].filter(([key]) => !headEdges.has(key)).map(([, edge]) => edge),
    changedEdges,
  };
}

export function isEmptyDelta(delta: GraphDelta): boolean {
  return (
    delta.addedComponents.length === 0 &&
    delta.removedComponents.length === 0 &&
    delta.renamedComponents.length === 0 &&
    delta.changedComponents.length === 0 &&
    delta.addedEdges.length === 0 &&
    delta.removedEdges.length === 0 &&
    delta.changedEdges.length === 0
  );
}

/** Readable one-liners such as `kind cache -> datastore` or `replicas 1 -> 3`, in a fixed order. */
export function componentChanges(base: Component, head: Component): string[] {
  const changes: string[] = [];
  if (base.kind !== head.kind) changes.push(`kind ${base.kind} -> ${head.kind}`);
  if ((base.image ?? "") !== (head.image ?? "")) {
    changes.push(`image ${base.image ?? "none"} -> ${head.image ?? "none"}`);
  }
  const baseReplicas = formatReplicas(base.replicas);
  const headReplicas = formatReplicas(head.replicas);
  if (baseReplicas !== headReplicas) changes.push(`replicas ${baseReplicas} -> ${headReplicas}`);
  changes.push(...resourceChanges(base.resources ?? {}, head.resources ?? {}));
  const baseRegions = [...(base.regions ?? [])].sort().join(", ");
  const headRegions = [...(head.regions ?? [])].sort().join(", ");
  if (baseRegions !== headRegions)
    changes.push(`regions ${baseRegions || "none"} -> ${headRegions || "none"}`);
  return changes;
}

const RESOURCE_FIELDS: ReadonlyArray<readonly [keyof Resources, string, (value: number) => string]> = [
  ["cpuCores", "cpu", (value) => `${round(value)} cores`],
  ["memoryBytes", "memory", formatBytes],
  ["gpus", "gpus", (value) => String(round(value))],
  ["storageBytes", "storage", formatBytes],
];

function resourceChanges(base: Resources, head: Resources): string[] {
  const changes: string[] = [];
  for (const [field, label, format] of RESOURCE_FIELDS) {
    const before = base[field];
    const after = head[field];
    if (before === after) continue;
    changes.push(
      `${label} ${before === undefined ? "unset" : format(before)} -> ${after === undefined ? "unset" : format(after)}`,
    );
  }
  return changes;
}

function formatReplicas(replicas: Replicas | undefined): string {
  if (!replicas) return "unset";
  return replicas.min === replicas.max ? String(replicas.min) : `${replicas.min}-${replicas.max}`;
}

const BYTE_UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${round(value)} ${BYTE_UNITS[unit]}`;
}

function round(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** Past this many rounds of pairing by calls, what is left stays added and removed (bounded work). */
const MAX_NEIGHBOUR_ROUNDS = 8;

/** Kinds whose image says which protocol their clients speak. */
const STORE_KINDS: ReadonlySet<Component["kind"]> = new Set(["datastore", "cache", "queue"]);

/**
 * Pairs components that exist at base only with components that exist at head only when they are plainly the same
 * thing under a new name, strongest sign first; a candidate that could pair with several is left alone, as the
 * graph cannot tell which one it became. Pairs found by calls let their neighbours pair in turn (a chain of
 * renamed modules), so the rules by calls run again while they find more.
 */
function findRenames(
  base: SystemGraph | undefined,
  head: SystemGraph | undefined,
  baseComponents: ReadonlyMap<string, Component>,
  headComponents: ReadonlyMap<string, Component>,
): ComponentRename[] {
  let gone = [...baseComponents.values()].filter((component) => !headComponents.has(component.name));
  let fresh = [...headComponents.values()].filter((component) => !baseComponents.has(component.name));
  if (gone.length === 0 || fresh.length === 0) return [];
  const renames: ComponentRename[] = [];
  const pair = (
    reason: ComponentRename["reason"],
    same: (before: Component, after: Component) => boolean,
  ) => {
    for (const before of gone) {
      const matches = fresh.filter((after) => after.kind === before.kind && same(before, after));
      if (matches.length !== 1) continue;
      const after = matches[0]!;
      if (gone.filter((other) => other.kind === after.kind && same(other, after)).length !== 1) continue;
      renames.push({ base: before, head: after, reason, changes: componentChanges(before, after) });
    }
    const paired = new Set(renames.flatMap((rename) => [rename.base, rename.head]));
    gone = gone.filter((component) => !paired.has(component));
    fresh = fresh.filter((component) => !paired.has(component));
  };
  pair("declared", (before, after) => (after.aliases ?? []).includes(before.name));
  pair("same-identity", (before, after) => sharesName(before, after));
  // A component no file defines is known by its name alone: under another name it is another component.
  gone = gone.filter((component) => !isUnresolved(component));
  fresh = fresh.filter((component) => !isUnresolved(component));
  const headNeighbours = neighbours(head, new Map());
  const onlyImage = soleImages(base, head);
  for (let round = 0; round < MAX_NEIGHBOUR_ROUNDS && gone.length > 0 && fresh.length > 0; round++) {
    const found = renames.length;
    const baseNeighbours = neighbours(base, newNames(renames));
    const sameCalls = (before: Component, after: Component) =>
      (baseNeighbours.get(before.name) ?? "") === (headNeighbours.get(after.name) ?? "");
    pair(
      "same-image-and-neighbours",
      (before, after) =>
        sameImage(before, after) &&
        sameType(before, after) &&
        (baseNeighbours.has(before.name) || before.image !== undefined) &&
        sameCalls(before, after),
    );
    pair(
      "compatible-store",
      (before, after) =>
        STORE_KINDS.has(before.kind) &&
        !sameImage(before, after) &&
        compatibleStores(before, after) &&
        // The same calls, or none seen on one side (a platform that hands the application its cache host).
        (sameCalls(before, after) || !baseNeighbours.has(before.name) || !headNeighbours.has(after.name)),
    );
    // An image only one component runs on each side names that component, unless their calls disagree: the calls
    // of every such pair are read under the new names at once, as such pairs often call each other.
    const candidates = newNames(
      renames,
      gone.flatMap((before) => {
        const after = fresh.find((other) => other.kind === before.kind && onlyImage(before, other));
        return after ? [{ base: before, head: after }] : [];
      }),
    );
    const tentative = neighbours(base, candidates);
    pair(
      "same-image",
      (before, after) =>
        onlyImage(before, after) && callsAgree(tentative.get(before.name), headNeighbours.get(after.name)),
    );
    if (renames.length === found) break;
  }
  return renames;
}

function newNames(
  ...lists: ReadonlyArray<readonly { base: Component; head: Component }[]>
): Map<string, string> {
  return new Map(lists.flat().map((rename) => [rename.base.name, rename.head.name]));
}

/** The same image repository, whatever the tag: `postgres:13` and `postgres:16` are one image. */
function sameImage(before: Component, after: Component): boolean {
  if (before.image === undefined || after.image === undefined) return before.image === after.image;
  return imageRepository(before.image) === imageRepository(after.image);
}

/**
 * A resource of another type (an API Gateway replaced by a CloudFront distribution) is another thing, not a rename;
 * a new version of the same resource type (`google_cloud_run_service` -> `google_cloud_run_v2_service`,
 * `cloudfunctions` -> `cloudfunctions2`) is the same thing.
 */
function sameType(before: Component, after: Component): boolean {
  const [was, now] = [before.attributes?.type, after.attributes?.type];
  if (typeof was !== "string" || typeof now !== "string") return true;
  return unversioned(was) === unversioned(now);
}

function unversioned(type: string): string {
  return type
    .split("_")
    .filter((word) => !/^v\d+$/.test(word))
    .map((word) => word.replace(/(\D)\d+$/, "$1"))
    .join("_");
}

/** Two store images whose servers speak one protocol (Redis and Valkey, MySQL and MariaDB). */
function compatibleStores(before: Component, after: Component): boolean {
  if (before.image === undefined || after.image === undefined) return false;
  const family = wireFamily(before.image);
  return family !== undefined && family === wireFamily(after.image);
}

/**
 * What a component runs: its image repository, or, for a service built from source with no image named, its build
 * context. Two components with the same key run the same code.
 */
function artifact(component: Component): string | undefined {
  if (component.image !== undefined) return `image:${imageRepository(component.image)}`;
  const build = component.attributes?.build;
  return typeof build === "string" ? `build:${build}` : undefined;
}

/**
 * True for a pair that runs what exactly one component runs at base and exactly one at head (`artifact`). A project
 * that runs many services from one image or one build context (one binary, several commands) gets no pair this way.
 */
function soleImages(
  base: SystemGraph | undefined,
  head: SystemGraph | undefined,
): (before: Component, after: Component) => boolean {
  const counts = (system: SystemGraph | undefined) => {
    const count = new Map<string, number>();
    for (const component of system?.components ?? []) {
      const key = artifact(component);
      if (key !== undefined) count.set(key, (count.get(key) ?? 0) + 1);
    }
    return count;
  };
  const baseCounts = counts(base);
  const headCounts = counts(head);
  return (before, after) => {
    const key = artifact(before);
    return (
      key !== undefined && key === artifact(after) && baseCounts.get(key) === 1 && headCounts.get(key) === 1
    );
  };
}

/** At least one call in common, or no call on one side to tell against it (a store nothing called yet). */
function callsAgree(before: string | undefined, after: string | undefined): boolean {
  if (!before || !after) return true;
  const theirs = new Set(after.split("\u0000"));
  return before.split("\u0000").some((entry) => theirs.has(entry));
}

function sharesName(before: Component, after: Component): boolean {
  const names = new Set([before.name, ...(before.aliases ?? [])]);
  return (
    (after.aliases ?? []).some((alias) => names.has(alias)) || (before.aliases ?? []).includes(after.name)
  );
}

/** Each component's calls in and out as one comparable string, other components read through `rename`. */
function neighbours(
  system: SystemGraph | undefined,
  rename: ReadonlyMap<string, string>,
): Map<string, string> {
  const lists = new Map<string, string[]>();
  const push = (name: string, entry: string) => {
    const list = lists.get(name) ?? [];
    list.push(entry);
    lists.set(name, list);
  };
  for (const edge of system?.edges ?? []) {
    push(edge.from, `out:${rename.get(edge.to) ?? edge.to}`);
    push(edge.to, `in:${rename.get(edge.from) ?? edge.from}`);
  }
  return new Map([...lists].map(([name, list]) => [name, [...new Set(list)].sort().join("\u0000")]));
}

function byName(components: Component[]): Map<string, Component> {
  const map = new Map<string, Component>();
  for (const component of components) if (!map.has(component.name)) map.set(component.name, component);
  return map;
}

function byEndpoints(edges: Edge[]): Map<string, Edge> {
  const map = new Map<string, Edge>();
  for (const edge of edges) if (!map.has(edgeKey(edge))) map.set(edgeKey(edge), edge);
  return map;
}
