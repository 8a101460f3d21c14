import { posix } from "node:path";
import { isMapping, loadYamlDocuments } from "../shared/yaml.js";
import type { InputFile } from "../types.js";
import { put, type Dict } from "./go-template/values.js";

/** A chart in the tree, with its own values and the subcharts an install would render. */
export interface Chart {
  folder: string;
  /** `.Chart.Name`: the dependency's alias when the parent gives one. */
  name: string;
  metadata: Dict;
  values: Dict;
  templates: InputFile[];
  /** `.Files`: the chart's files outside templates/ and its subcharts. */
  files: InputFile[];
  library: boolean;
  subcharts: Chart[];
}

export interface ChartTree {
  charts: Chart[];
  notes: string[];
}

const CHART_FILE = /(^|\/)Chart\.ya?ml$/;

/** The folder holding `path`: `.` for a file at the repository's root. */
export function folderOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "." : path.slice(0, slash);
}

/** `name` inside `folder`, where `.` is the repository's root (a chart at the root, as many chart repositories have). */
export function inFolder(folder: string, name: string): string {
  return folder === "." ? name : `${folder}/${name}`;
}

/** `path` as the chart names it, from the chart's folder. */
export function pathInChart(chart: Chart, path: string): string {
  return path.slice(chart.folder === "." ? 0 : chart.folder.length + 1);
}

export function isUnder(path: string, folder: string): boolean {
  return folder === "." || path.startsWith(`${folder}/`);
}

/** Folders holding a `Chart.yaml`, outermost first. */
export function chartFolders(files: readonly InputFile[]): string[] {
  return [
    ...new Set(files.filter((file) => CHART_FILE.test(file.path)).map((file) => folderOf(file.path))),
  ].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
}

/** Charts not inside another chart; a subchart (`charts/<name>/`) is read with its parent. */
export function topChartFolders(folders: readonly string[]): string[] {
  return folders.filter((folder) => !folders.some((parent) => parent !== folder && isUnder(folder, parent)));
}

function firstMapping(file: InputFile | undefined): Dict {
  if (!file) return {};
  const value = loadYamlDocuments(file.text, file.path).documents[0]?.value;
  return isMapping(value) ? value : {};
}

class ChartFiles {
  private readonly byPath: Map<string, InputFile>;
  private readonly folders: string[];
  // A subchart's Chart.yaml is read by its parent and by itself; parse each file once.
  private readonly mappings = new Map<string, Dict>();

  constructor(readonly all: readonly InputFile[]) {
    this.byPath = new Map(all.map((file) => [file.path, file]));
    this.folders = chartFolders(all);
  }

  file(path: string): InputFile | undefined {
    return this.byPath.get(path) ?? this.byPath.get(path.replace(/\.yaml$/, ".yml"));
  }

  /** The first document of `<folder>/<name>` when it is a map, else an empty one. */
  mapping(folder: string, name: string): Dict {
    const path = inFolder(folder, name);
    let mapping = this.mappings.get(path);
    if (mapping === undefined) {
      mapping = firstMapping(this.file(path));
      this.mappings.set(path, mapping);
    }
    return mapping;
  }

  /** Subchart folders directly under `<folder>/charts/`. */
  subchartFolders(folder: string): string[] {
    const prefix = inFolder(folder, "charts/");
    return this.folders.filter(
      (candidate) => candidate.startsWith(prefix) && !candidate.slice(prefix.length).includes("/"),
    );
  }

  /** The chart a `file://` dependency names, when it is in the tree. */
  localChart(folder: string, relative: string | undefined): { folder: string; metadata: Dict } | undefined {
    if (relative === undefined) return undefined;
    const target = posix.normalize(posix.join(folder, relative)).replace(/\/$/, "");
    if (target.startsWith("..") || target.startsWith("/") || !this.folders.includes(target)) return undefined;
    return { folder: target, metadata: this.mapping(target, "Chart.yaml") };
  }

  /** Files of the chart itself: not those of subcharts or of other charts nested inside it. */
  own(folder: string): InputFile[] {
    const nested = this.folders.filter((candidate) => candidate !== folder && isUnder(candidate, folder));
    return this.all.filter(
      (file) => isUnder(file.path, folder) && !nested.some((inner) => isUnder(file.path, inner)),
    );
  }
}

interface Dependency {
  name: string;
  /** `file://../common`: a chart elsewhere in the tree, copied into charts/ by `helm dependency update`. */
  localPath: string | undefined;
  alias: string | undefined;
  condition: string | undefined;
  tags: string[];
}

function dependencies(metadata: Dict, requirements: Dict): Dependency[] {
  const listed = Array.isArray(metadata.dependencies) ? metadata.dependencies : requirements.dependencies;
  if (!Array.isArray(listed)) return [];
  return listed.filter(isMapping).map((entry) => ({
    name: typeof entry.name === "string" ? entry.name : "",
    localPath:
      typeof entry.repository === "string" && entry.repository.startsWith("file://")
        ? entry.repository.slice("file://".length)
        : undefined,
    alias: typeof entry.alias === "string" ? entry.alias : undefined,
    condition: typeof entry.condition === "string" ? entry.condition : undefined,
    tags: Array.isArray(entry.tags) ? entry.tags.filter((tag): tag is string => typeof tag === "string") : [],
  }));
}

function valueAt(values: Dict, path: string): unknown {
  let value: unknown = values;
  for (const key of path.trim().split(".")) {
    if (!isMapping(value) || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = value[key];
  }
  return value;
}

/**
 * Helm's rule: the first condition path that holds a boolean decides; else any listed tag set true enables and
 * tags all set false disable; otherwise the dependency is enabled.
 */
function enabled(dependency: Dependency, values: Dict): boolean {
  for (const path of (dependency.condition ?? "").split(",")) {
    if (path.trim() === "") continue;
    const value = valueAt(values, path);
    if (typeof value === "boolean") return value;
  }
  const tags = isMapping(values.tags) ? values.tags : {};
  const set = dependency.tags
    .map((tag) => tags[tag])
    .filter((value): value is boolean => typeof value === "boolean");
  if (set.length === 0) return true;
  return set.some((value) => value);
}

function clone(value: unknown, depth = 0): unknown {
  if (depth > 100) return null;
  if (Array.isArray(value)) return value.map((item) => clone(item, depth + 1));
  if (isMapping(value)) {
    const copy: Dict = {};
    for (const [key, item] of Object.entries(value)) put(copy, key, clone(item, depth + 1));
    return copy;
  }
  return value;
}

/** `over` wins; maps merge key by key, as Helm coalesces a parent's values into a subchart's. */
export function coalesce(base: Dict, over: Dict, depth = 0): Dict {
  const result = clone(base) as Dict;
  for (const [key, value] of Object.entries(over)) {
    const existing = Object.prototype.hasOwnProperty.call(result, key) ? result[key] : undefined;
    if (isMapping(existing) && isMapping(value) && depth < 100)
      put(result, key, coalesce(existing, value, depth + 1));
    else if (value !== null) put(result, key, clone(value));
  }
  return result;
}

function subchartValues(own: Dict, parent: Dict, key: string): Dict {
  const given = parent[key];
  const merged = coalesce(own, isMapping(given) ? given : {});
  const ownGlobal = isMapping(own.global) ? own.global : {};
  const parentGlobal = isMapping(parent.global) ? parent.global : {};
  put(merged, "global", coalesce(ownGlobal, parentGlobal));
  return merged;
}

const MAX_CHART_DEPTH = 10;

function chartName(folder: string, metadata: Dict): string {
  return typeof metadata.name === "string" ? metadata.name : folder.slice(folder.lastIndexOf("/") + 1);
}

function loadChart(
  files: ChartFiles,
  folder: string,
  name: string | undefined,
  values: Dict,
  notes: string[],
  depth: number,
): Chart {
  const metadata = files.mapping(folder, "Chart.yaml");
  const own = files.own(folder);
  const chart: Chart = {
    folder,
    name: name ?? chartName(folder, metadata),
    metadata,
    values,
    templates: own.filter((file) => isUnder(file.path, inFolder(folder, "templates"))),
    files: own.filter((file) => !isUnder(file.path, inFolder(folder, "templates"))),
    library: metadata.type === "library",
    subcharts: [],
  };
  if (depth >= MAX_CHART_DEPTH) return chart;
  const present = files
    .subchartFolders(folder)
    .map((sub) => ({ folder: sub, metadata: files.mapping(sub, "Chart.yaml") }));
  const listed = dependencies(metadata, files.mapping(folder, "requirements.yaml"));
  const used = new Set<string>();
  for (const dependency of listed) {
    const found =
      present.find((sub) => sub.metadata.name === dependency.name) ??
      files.localChart(folder, dependency.localPath);
    if (!found) {
      notes.push(
        `Helm chart ${folder} depends on ${dependency.name || "a chart"} from a repository: not read`,
      );
      continue;
    }
    used.add(found.folder);
    if (!enabled(dependency, values)) continue;
    chart.subcharts.push(
      subchart(files, found.folder, dependency.alias ?? dependency.name, values, notes, depth),
    );
  }
  // A subchart in charts/ that no dependency lists is always rendered.
  for (const sub of present) {
    if (used.has(sub.folder)) continue;
    chart.subcharts.push(
      subchart(files, sub.folder, chartName(sub.folder, sub.metadata), values, notes, depth),
    );
  }
  return chart;
}

function subchart(
  files: ChartFiles,
  folder: string,
  name: string,
  parentValues: Dict,
  notes: string[],
  depth: number,
): Chart {
  const own = files.mapping(folder, "values.yaml");
  return loadChart(files, folder, name, subchartValues(own, parentValues, name), notes, depth + 1);
}

/** The charts at `folders`, each with its own values.yaml and `overrides` (values a release passes) on top. */
export function loadCharts(
  all: readonly InputFile[],
  folders: readonly string[],
  overrides: ReadonlyMap<string, Dict> = new Map(),
): ChartTree {
  const files = new ChartFiles(all);
  const notes: string[] = [];
  const charts = folders.map((folder) => {
    const own = files.mapping(folder, "values.yaml");
    return loadChart(files, folder, undefined, coalesce(own, overrides.get(folder) ?? {}), notes, 0);
  });
  return { charts, notes };
}
