import type { ExtractionWarning, GraphSet, SystemGraph } from "../graph/model.js";
import { diffGraphs, isEmptyDelta, type GraphDelta } from "../graph/diff.js";
import type {
  AnalysisOptions,
  ChangeReport,
  EntryPointDelta,
  EntryPointMetrics,
  SystemReport,
} from "./types.js";
import { isArchitecturalChange } from "./architectural-change.js";
import { backgroundComponents, blastRadius, blastRadiusChanges } from "./blast-radius.js";
import { callGraph } from "./call-graph.js";
import { distinctEntryPoints, entryPointLimit, entryPointMetrics } from "./entry-metrics.js";
import { fingerprint } from "./fingerprint.js";
import { linkedName, linkSystems } from "./linked-systems.js";
import { headline } from "./headline.js";
import { mergeCandidates } from "./merge-candidates.js";
import { resolveOptions } from "./options.js";

/**
 * Compares two extracted trees system by system (matched by id). Pass the same set twice to describe one tree:
 * every system is then `unchanged` and the report carries the head numbers.
 */
export function analyzeGraphs(
  base: GraphSet,
  head: GraphSet,
  options: Partial<AnalysisOptions> = {},
): ChangeReport {
  const resolved = resolveOptions(options);
  const pairs = pairSystems(base.systems, head.systems);
  const analysisWarnings: ExtractionWarning[] = [];
  // Request paths follow calls into other systems: each side's systems are linked once.
  const linkedHead = linkSystems(head.systems);
  const linkedBase = base === head ? linkedHead : linkSystems(base.systems);
  const deltas = pairs.map(({ base: before, head: after }) => diffGraphs(before, after));
  const renamedAcross = renamesAcrossSystems(deltas);
  const systems = pairs.map(({ base: before, head: after }, index) =>
    analyzeSystem(before, after, resolved.componentAvailability, analysisWarnings, {
      base: before && linkedBase.get(before.id),
      head: after && linkedHead.get(after.id),
      delta: deltas[index]!,
      renamedAcross,
    }),
  );
  return {
    headline: headline(systems),
    changed: systems.some(isArchitecturalChange),
    fingerprint: fingerprint(pairs, resolved.componentAvailability),
    systems,
    warnings: uniqueWarnings([...head.warnings, ...baseWideWarnings(base.warnings), ...analysisWarnings]),
    notes: [...new Set(head.notes)],
    options: resolved,
  };
}

/**
 * `linked` holds each side as a request sees it (`linkSystems`): the system plus what it calls in other systems,
 * named `name (system)`, with `renamedAcross` saying which of those were renamed in their own system.
 * Entry-point numbers and blast radius are counted on it; the delta and merge candidates on the system itself.
 */
export function analyzeSystem(
  base: SystemGraph | undefined,
  head: SystemGraph | undefined,
  componentAvailability: number,
  warnings: ExtractionWarning[] = [],
  linked: {
    base?: SystemGraph | undefined;
    head?: SystemGraph | undefined;
    delta?: GraphDelta;
    renamedAcross?: ReadonlyMap<string, string>;
  } = {},
): SystemReport {
  const system = (head ?? base)!;
  const headGraph = callGraph(head ?? emptySystem(system));
  const baseGraph = base === head ? headGraph : callGraph(base ?? emptySystem(system));
  const headPaths = linked.head ?? head;
  const basePaths = linked.base ?? base;
  const headPathGraph = headPaths === head ? headGraph : callGraph(headPaths!);
  const basePathGraph =
    basePaths === headPaths ? headPathGraph : basePaths === base ? baseGraph : callGraph(basePaths!);
  const limit = entryPointLimit(basePaths, headPaths);
  const entryCount = Math.max(distinctEntryPoints(base), distinctEntryPoints(head));
  if (entryCount > limit) warnings.push(tooLargeWarning(system, entryCount, limit));
  const headMetrics = headPaths
    ? entryPointMetrics(headPaths, headPathGraph, componentAvailability, limit)
    : new Map();
  // Describing one tree passes it as both sides: trace it once.
  const baseMetrics =
    basePaths === headPaths
      ? headMetrics
      : basePaths
        ? entryPointMetrics(basePaths, basePathGraph, componentAvailability, limit)
        : new Map();
  const delta = linked.delta ?? diffGraphs(base, head);
  // A renamed component is compared with itself: base numbers are read under the head's names.
  const newNames = new Map([
    ...(linked.renamedAcross ?? []),
    ...delta.renamedComponents.map((rename) => [rename.base.name, rename.head.name] as const),
  ]);
  const entryPoints = entryPointDeltas(underNewNames(baseMetrics, newNames), headMetrics, newNames);
  const headRadius = blastRadius(headPaths, headMetrics, headPathGraph);
  const baseRadius =
    basePaths === headPaths
      ? headRadius
      : radiusUnderNewNames(blastRadius(basePaths, baseMetrics, basePathGraph), newNames);
  const report: SystemReport = {
    system: system.id,
    format: system.format,
    status: !base
      ? "added"
      : !head
        ? "removed"
        : isEmptyDelta(delta) && sameEntryPoints(entryPoints)
          ? "unchanged"
          : "changed",
    delta,
    entryPoints,
    blastRadius: basePaths === headPaths ? [] : blastRadiusChanges(baseRadius, headRadius),
    mergeCandidates: mergeCandidates(head, headGraph, headMetrics),
    background: backgroundComponents(headPaths, headRadius),
  };
  if (base) report.base = base;
  if (head) report.head = head;
  return report;
}

/** Components renamed in their own system, as other systems' request paths name them (`linkedName`). */
function renamesAcrossSystems(deltas: readonly GraphDelta[]): Map<string, string> {
  return new Map(
    deltas.flatMap((delta) =>
      delta.renamedComponents.map(
        (rename) =>
          [
            linkedName(rename.base.name, rename.base.system),
            linkedName(rename.head.name, rename.head.system),
          ] as const,
      ),
    ),
  );
}

/** Head order first (that is what the reader sees now), then systems that only exist at base. */
function pairSystems(base: readonly SystemGraph[], head: readonly SystemGraph[]): SystemPair[] {
  const baseById = new Map<string, SystemGraph>();
  for (const system of base) if (!baseById.has(system.id)) baseById.set(system.id, system);
  const pairs: SystemPair[] = [];
  const seen = new Set<string>();
  for (const system of head) {
    if (seen.has(system.id)) continue;
    seen.add(system.id);
    const before = baseById.get(system.id);
    pairs.push(before ? { id: system.id, base: before, head: system } : { id: system.id, head: system });
  }
  for (const [id, system] of baseById) if (!seen.has(id)) pairs.push({ id, base: system });
  return withAbsorbedSystems(pairs.map((pair) => withVariantBase(pair, baseById, head)));
}

type SystemPair = { id: string; base?: SystemGraph; head?: SystemGraph };

/**
 * A system gone at head whose files a new system reads (a Kustomize root a new overlay now builds on, a root
 * module now called as a module) lives on in it: each such new system is compared with it, and it is not
 * reported removed, so adding an overlay reads as what the overlay changes. So does a system whose manifests
 * moved (a folder of plain files turned into a Kustomize base and overlay): a new system holding at least two and
 * at least half of its components, by name, is the same application in its new place.
 */
function withAbsorbedSystems(pairs: SystemPair[]): SystemPair[] {
  const gone = pairs.filter((pair) => pair.base && !pair.head);
  if (gone.length === 0) return pairs;
  const absorbed = new Set<SystemPair>();
  const compared = pairs.map((pair) => {
    if (pair.base || !pair.head) return pair;
    const files = new Set(pair.head.components.map((component) => component.location.file));
    const names = new Set(pair.head.components.map((component) => component.name));
    const sameFormat = gone.filter((old) => old.base!.format === pair.head!.format);
    const root =
      sameFormat.find((old) =>
        old.base!.components.some((component) => files.has(component.location.file)),
      ) ??
      sameFormat.find((old) => {
        const kept = old.base!.components.filter((component) => names.has(component.name)).length;
        return kept >= 2 && kept * 2 >= old.base!.components.length;
      });
    if (!root) return pair;
    absorbed.add(root);
    return { ...pair, base: standIn(root.base!, pair.id) };
  });
  return compared.filter((pair) => !absorbed.has(pair));
}

/** `system` under another id, so it can stand on one side of a comparison with that id. */
function standIn(system: SystemGraph, id: string): SystemGraph {
  const components = system.components.map((component) => ({ ...component, system: id }));
  return { ...system, id, components };
}

/**
 * A compose variant (`compose:<folder>#<file>`: base + an add-on file) that exists on one side only is compared
 * with its base on the other side, so adding or deleting the add-on reads as what the add-on brings, not as the
 * whole project added or removed.
 */
function withVariantBase(
  pair: SystemPair,
  baseById: ReadonlyMap<string, SystemGraph>,
  head: readonly SystemGraph[],
): SystemPair {
  const hash = pair.id.indexOf("#");
  if ((pair.base && pair.head) || !pair.id.startsWith("compose:") || hash < 0) return pair;
  const baseId = pair.id.slice(0, hash);
  const other = pair.base ? head.find((system) => system.id === baseId) : baseById.get(baseId);
  if (!other) return pair;
  const stand = standIn(other, pair.id);
  return pair.base ? { ...pair, head: stand } : { ...pair, base: stand };
}

function entryPointDeltas(
  base: ReadonlyMap<string, EntryPointMetrics>,
  head: ReadonlyMap<string, EntryPointMetrics>,
  newNames: ReadonlyMap<string, string>,
): EntryPointDelta[] {
  const oldNames = new Map([...newNames].map(([before, after]) => [after, before]));
  const names = [...new Set([...head.keys(), ...base.keys()])];
  return names.map((entry) => {
    const delta: EntryPointDelta = { entry };
    const before = base.get(entry);
    const after = head.get(entry);
    const oldName = oldNames.get(entry);
    if (before) delta.base = before;
    if (after) delta.head = after;
    if (before && oldName !== undefined) delta.renamedFrom = oldName;
    return delta;
  });
}

/** Base entry points and their request paths under the names the head gives the same components. */
function underNewNames(
  metrics: ReadonlyMap<string, EntryPointMetrics>,
  newNames: ReadonlyMap<string, string>,
): ReadonlyMap<string, EntryPointMetrics> {
  if (newNames.size === 0) return metrics;
  const rename = (name: string) => newNames.get(name) ?? name;
  return new Map(
    [...metrics].map(([entry, numbers]) => [
      rename(entry),
      { ...numbers, requestPath: numbers.requestPath.map(rename) },
    ]),
  );
}

/** A blast radius under the head's names; components sharing one list still share one. */
function radiusUnderNewNames(
  radius: Map<string, string[]>,
  newNames: ReadonlyMap<string, string>,
): Map<string, string[]> {
  if (newNames.size === 0) return radius;
  const renamedLists = new Map<string[], string[]>();
  const renamed = new Map<string, string[]>();
  for (const [component, entries] of radius) {
    let list = renamedLists.get(entries);
    if (!list) renamedLists.set(entries, (list = entries.map((entry) => newNames.get(entry) ?? entry)));
    renamed.set(newNames.get(component) ?? component, list);
  }
  return renamed;
}

function sameEntryPoints(entries: readonly EntryPointDelta[]): boolean {
  // Numbers move without a change of this system when a system it calls changed.
  return entries.every(
    (entry) =>
      entry.base &&
      entry.head &&
      entry.base.via === entry.head.via &&
      entry.base.roundTrips === entry.head.roundTrips &&
      entry.base.depth === entry.head.depth &&
      entry.base.availability === entry.head.availability,
  );
}

function tooLargeWarning(system: SystemGraph, entryPoints: number, limit: number): ExtractionWarning {
  const line = system.components[0]?.location.line;
  return {
    id: "analysis/too-large",
    file: system.components[0]?.location.file ?? "",
    ...(line !== undefined ? { line } : {}),
    message: `${system.id} has ${entryPoints} entry points over ${system.components.length} components, too many to trace each; only the first ${limit} were analysed`,
  };
}

function emptySystem(like: SystemGraph): SystemGraph {
  return { id: like.id, format: like.format, components: [], edges: [], entryPoints: [] };
}

/**
 * The report speaks of the head: a base file's problem is not the change's doing and its line would point at
 * the wrong text. Only tree-wide base problems (a deadline, a failed extractor) are kept, marked as base.
 */
function baseWideWarnings(warnings: readonly ExtractionWarning[]): ExtractionWarning[] {
  return warnings
    .filter((warning) => warning.file === "")
    .map((warning) => ({ ...warning, message: `at base: ${warning.message}` }));
}

/** Two warnings with this key say the same thing about the same place. */
export function warningKey(warning: ExtractionWarning): string {
  return JSON.stringify([warning.id, warning.file, warning.line ?? null, warning.message]);
}

function uniqueWarnings(warnings: readonly ExtractionWarning[]): ExtractionWarning[] {
  const byKey = new Map<string, ExtractionWarning>();
  for (const warning of warnings) {
    const key = warningKey(warning);
    if (!byKey.has(key)) byKey.set(key, warning);
  }
  return [...byKey.values()];
}
