import type { ExtractionWarning } from "../../graph/model.js";
import { MAX_JSON_DEPTH, scanJson } from "../shared/json-scan.js";
import { isMapping, LineIndex, loadYamlDocuments, type YamlPath } from "../shared/yaml.js";
import type { InputFile } from "../types.js";

export type Json = Record<string, unknown>;

/** One Kubernetes object as read from a file, with a way back to the lines it came from. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  name: string;
  /** As written (or as set by a Kustomization); `effectiveNamespace` fills the gap later. */
  namespace?: string;
  /** Names before a Kustomization's namePrefix/nameSuffix: references written against them still resolve. */
  formerNames?: string[];
  value: Json;
  file: string;
  line: number;
  lineOf(path: YamlPath): number;
  /**
   * The line `lines` below the one at `path` (a line inside a block scalar), where the text was written. Set when
   * the object was rendered from a template, whose output lines do not map one to one onto the file's.
   */
  lineBelow?(path: YamlPath, lines: number): number;
}

/** The line `lines` below the one at `path` in the file the object was written in. */
export function lineBelow(object: KubeObject, path: YamlPath, lines: number): number {
  return object.lineBelow ? object.lineBelow(path, lines) : object.lineOf(path) + lines;
}

export interface FileDocuments {
  objects: KubeObject[];
  /** Documents that are plainly not Kubernetes objects but were mappings (Kustomizations are read from these). */
  others: { value: Json; line: number; lineOf(path: YamlPath): number }[];
  warnings: ExtractionWarning[];
}

/** Reads every document of a YAML or JSON file; `List` kinds are flattened. Never throws. */
export function readFileDocuments(file: InputFile): FileDocuments {
  const result: FileDocuments = { objects: [], others: [], warnings: [] };
  const documents = /\.json$/i.test(file.path)
    ? jsonDocuments(file, result.warnings)
    : yamlDocuments(file, result.warnings);
  if (!documents) return result;
  for (const document of documents) collect(document, document.value, [], file.path, result, 0);
  return result;
}

interface LocatedValue {
  value: unknown;
  line: number;
  lineOf(path: YamlPath): number;
}

// Kinds that never add to the graph; large generated manifests are mostly these (CRDs carry huge schemas).
const IGNORED_KIND =
  /^kind:[ \t]*["']?(CustomResourceDefinition|ClusterRole|ClusterRoleBinding|Role|RoleBinding|ServiceAccount|PodDisruptionBudget|PodSecurityPolicy|PriorityClass|StorageClass|ValidatingWebhookConfiguration|MutatingWebhookConfiguration|APIService|LimitRange|ResourceQuota)["']?[ \t]*$/m;
const SPLIT_ABOVE = 256 * 1024;

function yamlDocuments(file: InputFile, warnings: ExtractionWarning[]): LocatedValue[] {
  const documents: LocatedValue[] = [];
  for (const chunk of chunks(file.text)) {
    const loaded = loadYamlDocuments(chunk.text, file.path);
    // A YAML syntax error in a file that never mentions apiVersion/kind is not ours to report.
    if (loaded.documents.length > 0 || /^[ \t]*(apiVersion|kind)[ \t]*:/m.test(chunk.text)) {
      warnings.push(
        ...loaded.warnings.map((warning) =>
          warning.line === undefined ? warning : { ...warning, line: warning.line + chunk.offset },
        ),
      );
    }
    if (chunk.offset === 0) documents.push(...loaded.documents);
    else {
      for (const document of loaded.documents) {
        documents.push({
          value: document.value,
          line: document.line + chunk.offset,
          lineOf: (path) => document.lineOf(path) + chunk.offset,
        });
      }
    }
  }
  return documents;
}

/**
 * Large files are cut at document markers (`---` at column 0 always ends a document) so documents of kinds the graph
 * never reads are not parsed at all. Small files are parsed whole.
 */
function chunks(text: string): { text: string; offset: number; lines: number }[] {
  if (text.length <= SPLIT_ABOVE) return [{ text, offset: 0, lines: 0 }];
  const result: { text: string; offset: number; lines: number }[] = [];
  const marker = /^---(?=[ \t\r\n]|$)/gm;
  let start = 0;
  let line = 0;
  const take = (end: number): void => {
    const piece = text.slice(start, end);
    if (!IGNORED_KIND.test(piece)) {
      // Neighbouring kept documents are parsed together: one parse is cheaper than many.
      const previous = result[result.length - 1];
      if (previous && previous.offset + previous.lines === line) {
        previous.text += piece;
        previous.lines += countLines(piece);
      } else result.push({ text: piece, offset: line, lines: countLines(piece) });
    }
    line += countLines(piece);
    start = end;
  };
  for (let match = marker.exec(text); match; match = marker.exec(text)) {
    if (match.index > start) take(match.index);
  }
  take(text.length);
  return result;
}

function countLines(text: string): number {
  let count = 0;
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) count++;
  return count;
}

function jsonDocuments(file: InputFile, warnings: ExtractionWarning[]): LocatedValue[] | undefined {
  let lines: LineIndex | undefined;
  const lineAt = (offset: number): number => (lines ??= new LineIndex(file.text)).lineAt(offset);
  const looksLikeManifest = /"(apiVersion|kind)"\s*:/.test(file.text);
  const scan = scanJson(file.text);
  if (scan.tooDeepAt !== undefined) {
    if (looksLikeManifest) {
      warnings.push({
        id: "kubernetes/too-deep",
        file: file.path,
        line: lineAt(scan.tooDeepAt),
        message: `JSON nested more than ${MAX_JSON_DEPTH} levels deep; file skipped`,
      });
    }
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(file.text);
  } catch (error) {
    // Broken JSON is only ours to report when it looks like a manifest.
    if (looksLikeManifest) {
      const position = /position (\d+)/.exec(error instanceof Error ? error.message : "")?.[1];
      warnings.push({
        id: "kubernetes/invalid-json",
        file: file.path,
        ...(position !== undefined ? { line: lineAt(Number(position)) } : {}),
        message: `invalid JSON: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
    return undefined;
  }
  // JSON has no cheap line map: an object is located by the first occurrence of its name within its own text
  // (searching the whole file for each item of a 25,000-item List took time that grew with the square).
  const located = (item: unknown, start = 0, end = file.text.length): LocatedValue => {
    const name = isMapping(item) && isMapping(item.metadata) ? item.metadata.name : undefined;
    const found = typeof name === "string" ? file.text.slice(start, end).indexOf(JSON.stringify(name)) : -1;
    const line = lineAt(found < 0 ? start : start + found);
    return { value: item, line, lineOf: () => line };
  };
  if (isMapping(value) && Array.isArray(value.items) && value.kind === "List") {
    const starts = scan.itemStarts;
    return value.items.map((item, index) => located(item, starts[index], starts[index + 1]));
  }
  return [located(value)];
}

/** `value` is the document itself, or an item of a `List` found at `prefix` inside it. */
function collect(
  document: LocatedValue,
  value: unknown,
  prefix: YamlPath,
  file: string,
  result: FileDocuments,
  depth: number,
): void {
  if (!isMapping(value)) return;
  const lineOf = (path: YamlPath): number => document.lineOf([...prefix, ...path]);
  const line = prefix.length === 0 ? document.line : lineOf([]);
  const hasApiVersion = "apiVersion" in value;
  const hasKind = "kind" in value;
  if (!hasApiVersion && !hasKind) {
    result.others.push({ value, line, lineOf });
    return;
  }
  const warn = (id: string, path: YamlPath, message: string): void => {
    result.warnings.push({ id, file, line: path.length > 0 ? lineOf(path) : line, message });
  };
  if (typeof value.apiVersion !== "string" && hasApiVersion)
    return warn("kubernetes/invalid-field", ["apiVersion"], "apiVersion is not a string; object skipped");
  if (!hasKind) return warn("kubernetes/missing-kind", [], "object has an apiVersion but no kind; skipped");
  if (typeof value.kind !== "string")
    return warn("kubernetes/invalid-field", ["kind"], "kind is not a string; object skipped");
  if (!hasApiVersion) {
    // Kustomizations may omit apiVersion; they are read separately.
    if (value.kind === "Kustomization" || value.kind === "Component")
      result.others.push({ value, line, lineOf });
    else warn("kubernetes/missing-api-version", ["kind"], `${value.kind} has no apiVersion; skipped`);
    return;
  }
  const apiVersion = value.apiVersion as string;
  const kind = value.kind;
  if (
    kind === "Kustomization" ||
    (kind === "Component" && apiVersion.startsWith("kustomize.config.k8s.io"))
  ) {
    result.others.push({ value, line, lineOf });
    return;
  }
  if (/List$/.test(kind) && Array.isArray(value.items)) {
    if (depth > 2) return warn("kubernetes/invalid-field", ["items"], "List nested too deeply; skipped");
    value.items.forEach((item, index) =>
      collect(document, item, [...prefix, "items", index], file, result, depth + 1),
    );
    return;
  }
  const metadata = value.metadata;
  if (metadata !== undefined && !isMapping(metadata))
    return warn("kubernetes/invalid-field", ["metadata"], `${kind} metadata is not a mapping; skipped`);
  const name = metadata?.name;
  if (typeof name !== "string" || name.length === 0) {
    return warn(
      name === undefined ? "kubernetes/missing-name" : "kubernetes/invalid-field",
      ["metadata"],
      `${kind} has no metadata.name string; skipped`,
    );
  }
  const namespace = metadata?.namespace;
  if (namespace !== undefined && typeof namespace !== "string")
    warn(
      "kubernetes/invalid-field",
      ["metadata", "namespace"],
      `${kind} ${name}: metadata.namespace is not a string; ignored`,
    );
  result.objects.push({
    apiVersion,
    kind,
    name,
    ...(typeof namespace === "string" && namespace.length > 0 ? { namespace } : {}),
    value: kind === "Secret" ? withoutSecretValues(value) : value,
    file,
    line,
    lineOf,
  });
}

/** Secret values never enter the graph: only the key names survive. */
function withoutSecretValues(value: Json): Json {
  const keys = [
    ...(isMapping(value.data) ? Object.keys(value.data) : []),
    ...(isMapping(value.stringData) ? Object.keys(value.stringData) : []),
  ];
  return { apiVersion: value.apiVersion, kind: value.kind, metadata: value.metadata, type: value.type, keys };
}
