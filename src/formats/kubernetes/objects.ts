import type { ExtractionWarning } from "../../graph/model.js";
import { loadYamlDocuments, type YamlPath } from "../shared/yaml.js";
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
}

export interface FileDocuments {
  objects: KubeObject[];
  /** Documents that are plainly not Kubernetes objects but were mappings (Kustomizations are read from these). */
  others: { value: Json; line: number; lineOf(path: YamlPath): number }[];
  warnings: ExtractionWarning[];
}

export function isMapping(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads every document of a YAML or JSON file; `List` kinds are flattened. Never throws. */
export function readFileDocuments(file: InputFile): FileDocuments {
  const result: FileDocuments = { objects: [], others: [], warnings: [] };
  const documents = /\.json$/i.test(file.path) ? jsonDocuments(file) : yamlDocuments(file, result.warnings);
  if (!documents) return result;
  for (const document of documents) collect(document, [], file.path, result, 0);
  return result;
}

interface LocatedValue {
  value: unknown;
  line: number;
  lineOf(path: YamlPath): number;
}

function yamlDocuments(file: InputFile, warnings: ExtractionWarning[]): LocatedValue[] {
  const loaded = loadYamlDocuments(file.text, file.path);
  // A YAML syntax error in a file that never mentions apiVersion/kind is not ours to report.
  if (loaded.documents.length > 0 || /^\s*(apiVersion|kind)\s*:/m.test(file.text))
    warnings.push(...loaded.warnings);
  return loaded.documents;
}

function jsonDocuments(file: InputFile): LocatedValue[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(file.text);
  } catch {
    return undefined; // not JSON we can read; JSON files are only ours when they hold objects
  }
  // JSON has no cheap line map: locate each object by the first occurrence of its name.
  const lineOfName = (name: unknown): number => {
    if (typeof name !== "string") return 1;
    const index = file.text.indexOf(`"${name}"`);
    return index < 0 ? 1 : lineAt(file.text, index);
  };
  const located = (item: unknown): LocatedValue => {
    const name = isMapping(item) && isMapping(item.metadata) ? item.metadata.name : undefined;
    const line = lineOfName(name);
    return { value: item, line, lineOf: () => line };
  };
  if (isMapping(value) && Array.isArray(value.items) && value.kind === "List") {
    return value.items.map(located);
  }
  return [located(value)];
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf("\n"); at !== -1 && at < index; at = text.indexOf("\n", at + 1)) line++;
  return line;
}

function collect(
  document: LocatedValue,
  prefix: YamlPath,
  file: string,
  result: FileDocuments,
  depth: number,
): void {
  const { value } = document;
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
    value.items.forEach((_item, index) =>
      collect(document, [...prefix, "items", index], file, result, depth + 1),
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
