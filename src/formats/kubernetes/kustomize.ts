import type { ExtractionWarning } from "../../graph/model.js";
import { isMapping, loadYamlDocuments } from "../shared/yaml.js";
import type { InputFile } from "../types.js";
import { folderOf } from "./helm-charts.js";
import type { FileDocuments, Json, KubeObject } from "./objects.js";
import { applyJsonPatch, mergePatch } from "./patch.js";

export const KUSTOMIZATION_FILE = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;

export interface KustomizeRoot {
  folder: string;
  objects: KubeObject[];
}

export interface KustomizeResult {
  roots: KustomizeRoot[];
  /** Files read through a Kustomization (or sitting in its folder): they belong to its root, not to a folder system. */
  covered: Set<string>;
  warnings: ExtractionWarning[];
}

interface Kustomization {
  folder: string;
  file: string;
  value: Json;
  /** Line of a key, or of one entry of a list under it. */
  lineOf(key: string, index?: number): number;
}

const CLUSTER_SCOPED = new Set([
  "Namespace",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "PersistentVolume",
  "StorageClass",
  "IngressClass",
  "PriorityClass",
  "GatewayClass",
  "ValidatingWebhookConfiguration",
  "MutatingWebhookConfiguration",
  "APIService",
]);

const MAX_NESTING = 24;

/** Builds every Kustomize root in the tree (folders with a kustomization that no other kustomization includes). */
export function buildKustomizations(
  files: Map<string, InputFile>,
  documentsOf: (path: string) => FileDocuments,
): KustomizeResult {
  const warnings: ExtractionWarning[] = [];
  const kustomizations = new Map<string, Kustomization>();
  for (const file of files.values()) {
    if (!KUSTOMIZATION_FILE.test(file.path)) continue;
    const loaded = loadYamlDocuments(file.text, file.path);
    warnings.push(...loaded.warnings);
    const document = loaded.documents[0];
    if (!document || !isMapping(document.value)) continue;
    const folder = folderOf(file.path);
    kustomizations.set(folder, {
      folder,
      file: file.path,
      value: document.value,
      lineOf: (key, index) => document.lineOf(index === undefined ? [key] : [key, index]),
    });
  }
  if (kustomizations.size === 0) return { roots: [], covered: new Set(), warnings };

  const includes = new Map<string, string[]>();
  for (const kustomization of kustomizations.values()) {
    const targets: string[] = [];
    for (const entry of [
      ...stringList(kustomization.value.resources),
      ...stringList(kustomization.value.bases),
      ...stringList(kustomization.value.components),
    ]) {
      const target = joinPath(kustomization.folder, entry);
      if (target !== undefined && target !== kustomization.folder && kustomizations.has(target))
        targets.push(target);
    }
    includes.set(kustomization.folder, targets);
  }
  const rootFolders = findRoots([...kustomizations.keys()].sort(), includes);
  const covered = new Set<string>();
  for (const path of files.keys()) {
    if (kustomizations.has(folderOf(path))) covered.add(path);
  }
  const builder = new Builder(files, kustomizations, documentsOf, warnings, covered);
  const roots = rootFolders.map((folder) => ({ folder, objects: builder.build(folder, []) }));
  return { roots, covered, warnings };
}

/** Folders no other kustomization includes; a cycle with no way in gets its first folder as root, so it is reported. */
function findRoots(folders: string[], includes: Map<string, string[]>): string[] {
  const included = new Set([...includes.values()].flat());
  const roots = folders.filter((folder) => !included.has(folder));
  const reached = new Set<string>();
  const visit = (folder: string): void => {
    if (reached.has(folder)) return;
    reached.add(folder);
    for (const target of includes.get(folder) ?? []) visit(target);
  };
  roots.forEach(visit);
  for (const folder of folders) {
    if (reached.has(folder)) continue;
    roots.push(folder);
    visit(folder);
  }
  return roots.sort();
}

/** One patch document and the kustomization field it came from (for warnings), with its target if given. */
interface Patch {
  content: unknown;
  key: string;
  target?: Json;
}

class Builder {
  constructor(
    private readonly files: Map<string, InputFile>,
    private readonly kustomizations: Map<string, Kustomization>,
    private readonly documentsOf: (path: string) => FileDocuments,
    private readonly warnings: ExtractionWarning[],
    private readonly covered: Set<string>,
  ) {}

  build(folder: string, stack: string[]): KubeObject[] {
    const kustomization = this.kustomizations.get(folder)!;
    if (stack.includes(folder) || stack.length > MAX_NESTING) {
      const includer = this.kustomizations.get(stack[stack.length - 1] ?? folder) ?? kustomization;
      this.warn(
        includer,
        "resources",
        "kubernetes/kustomize-cycle",
        `${folder} includes itself (through ${stack.join(" -> ")}); not followed again`,
        entryNaming(includer, folder),
      );
      return [];
    }
    const nested = [...stack, folder];
    const { value } = kustomization;
    let objects: KubeObject[] = [];
    for (const key of ["resources", "bases"] as const) {
      for (const entry of this.list(kustomization, key))
        objects.push(...this.resource(kustomization, key, entry, nested));
    }
    objects.push(...this.generatedConfigMaps(kustomization, objects));
    for (const entry of this.list(kustomization, "components")) {
      const target = joinPath(folder, entry);
      const component = target !== undefined ? this.kustomizations.get(target) : undefined;
      if (!component) {
        this.warn(
          kustomization,
          "components",
          "kubernetes/kustomize-missing-resource",
          `component ${entry} is not a folder with a kustomization in this repository`,
          entry,
        );
        continue;
      }
      // A Component adds its own resources and then transforms everything gathered so far.
      objects = this.transform(component, [...objects, ...this.build(component.folder, nested)]);
    }
    if (value.kind === "Component") return objects;
    return this.transform(kustomization, objects);
  }

  private resource(kustomization: Kustomization, key: string, entry: string, stack: string[]): KubeObject[] {
    if (/^(https?:|git@|ssh:|github\.com\/)|\?ref=|\/\/.*\?/.test(entry)) {
      this.warn(
        kustomization,
        key,
        "kubernetes/kustomize-remote-resource",
        `remote resource ${entry} is not fetched; its objects are missing from the graph`,
        entry,
      );
      return [];
    }
    const path = joinPath(kustomization.folder, entry);
    if (path === undefined) {
      this.warn(
        kustomization,
        key,
        "kubernetes/kustomize-missing-resource",
        `resource ${entry} points outside the repository`,
        entry,
      );
      return [];
    }
    if (this.kustomizations.has(path)) return this.build(path, stack);
    const file = this.files.get(path);
    if (!file) {
      this.warn(
        kustomization,
        key,
        "kubernetes/kustomize-missing-resource",
        `resource ${entry} is not in this repository (or is not a manifest)`,
      );
      return [];
    }
    this.covered.add(path);
    return this.documentsOf(path).objects.map(clone);
  }

  private generatedConfigMaps(kustomization: Kustomization, existing: KubeObject[]): KubeObject[] {
    const generated: KubeObject[] = [];
    const generators = kustomization.value.configMapGenerator;
    if (!Array.isArray(generators)) return generated;
    generators.forEach((generator) => {
      if (!isMapping(generator) || typeof generator.name !== "string") return;
      const data: Record<string, string> = {};
      for (const literal of stringList(generator.literals)) addAssignment(data, literal);
      for (const envFile of [
        ...stringList(generator.envs),
        ...stringList(generator.env === undefined ? undefined : [generator.env]),
      ]) {
        const text = this.fileText(kustomization, envFile);
        for (const line of text?.split(/\r?\n/) ?? [])
          if (!line.trimStart().startsWith("#")) addAssignment(data, line);
      }
      for (const fileEntry of stringList(generator.files)) {
        const [key, path] = fileEntry.includes("=")
          ? [fileEntry.slice(0, fileEntry.indexOf("=")), fileEntry.slice(fileEntry.indexOf("=") + 1)]
          : [fileEntry.slice(fileEntry.lastIndexOf("/") + 1), fileEntry];
        const text = this.fileText(kustomization, path);
        if (text !== undefined) data[key] = text;
      }
      const line = kustomization.lineOf("configMapGenerator");
      const target = existing.find((object) => object.kind === "ConfigMap" && object.name === generator.name);
      if (target && (generator.behavior === "merge" || generator.behavior === "replace")) {
        const current =
          isMapping(target.value.data) && generator.behavior === "merge" ? target.value.data : {};
        target.value.data = { ...current, ...data };
        return;
      }
      generated.push({
        apiVersion: "v1",
        kind: "ConfigMap",
        name: generator.name,
        ...(typeof generator.namespace === "string" ? { namespace: generator.namespace } : {}),
        value: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: generator.name }, data },
        file: kustomization.file,
        line,
        lineOf: () => line,
      });
    });
    return generated;
  }

  private fileText(kustomization: Kustomization, entry: string): string | undefined {
    const path = joinPath(kustomization.folder, entry);
    const file = path === undefined ? undefined : this.files.get(path);
    if (file && path !== undefined) this.covered.add(path);
    return file?.text;
  }

  private transform(kustomization: Kustomization, input: KubeObject[]): KubeObject[] {
    let objects = input;
    objects = this.applyPatches(kustomization, objects);
    this.applyImages(kustomization, objects);
    this.applyReplicas(kustomization, objects);
    const { namespace, namePrefix, nameSuffix } = kustomization.value;
    if (typeof namespace === "string" && namespace.length > 0) {
      for (const object of objects) {
        if (CLUSTER_SCOPED.has(object.kind)) continue;
        object.namespace = namespace;
        if (isMapping(object.value.metadata)) object.value.metadata.namespace = namespace;
      }
    }
    const prefix = typeof namePrefix === "string" ? namePrefix : "";
    const suffix = typeof nameSuffix === "string" ? nameSuffix : "";
    if (prefix || suffix) {
      for (const object of objects) {
        if (object.kind === "Namespace" || object.kind === "CustomResourceDefinition") continue;
        object.formerNames = [...(object.formerNames ?? []), object.name];
        object.name = `${prefix}${object.name}${suffix}`;
        if (isMapping(object.value.metadata)) object.value.metadata.name = object.name;
      }
    }
    return objects;
  }

  private applyPatches(kustomization: Kustomization, input: KubeObject[]): KubeObject[] {
    let objects = input;
    for (const patch of this.patchesOf(kustomization)) {
      if (Array.isArray(patch.content)) this.applyJsonPatch(kustomization, patch, patch.content, objects);
      else if (isMapping(patch.content))
        objects = this.applyMergePatch(kustomization, patch, patch.content, objects);
    }
    return objects;
  }

  /** Strategic merge patches, then `patches` and `patchesJson6902` entries, in the order written. */
  private patchesOf(kustomization: Kustomization): Patch[] {
    const { value } = kustomization;
    const patches: Patch[] = [];
    for (const entry of Array.isArray(value.patchesStrategicMerge) ? value.patchesStrategicMerge : []) {
      if (typeof entry !== "string") continue;
      for (const content of this.patchContents(kustomization, entry, "patchesStrategicMerge"))
        patches.push({ content, key: "patchesStrategicMerge" });
    }
    for (const key of ["patches", "patchesJson6902"] as const) {
      for (const entry of Array.isArray(value[key]) ? value[key] : []) {
        if (!isMapping(entry)) continue;
        const source =
          typeof entry.path === "string"
            ? entry.path
            : typeof entry.patch === "string"
              ? entry.patch
              : undefined;
        if (source === undefined) continue;
        const target = isMapping(entry.target) ? entry.target : undefined;
        for (const content of this.patchContents(kustomization, source, key))
          patches.push({ content, key, ...(target ? { target } : {}) });
      }
    }
    return patches;
  }

  private applyJsonPatch(
    kustomization: Kustomization,
    patch: Patch,
    operations: unknown[],
    objects: KubeObject[],
  ): void {
    const { target } = patch;
    if (!target) {
      this.warn(
        kustomization,
        patch.key,
        "kubernetes/kustomize-patch",
        "a JSON 6902 patch needs a target; ignored",
      );
      return;
    }
    for (const object of objects.filter((candidate) => targets(candidate, target))) {
      const problem = applyJsonPatch(object.value, operations);
      if (problem)
        this.warn(
          kustomization,
          patch.key,
          "kubernetes/kustomize-patch",
          `patch for ${object.kind} ${object.name}: ${problem}`,
        );
      syncIdentity(object);
    }
  }

  /** Returns the objects left: a `$patch: delete` patch removes what it matches. */
  private applyMergePatch(
    kustomization: Kustomization,
    patch: Patch,
    content: Json,
    objects: KubeObject[],
  ): KubeObject[] {
    const metadata = isMapping(content.metadata) ? content.metadata : {};
    const target: Json = patch.target ?? { kind: content.kind, name: metadata.name };
    const matched = objects.filter((candidate) => targets(candidate, target));
    if (matched.length === 0) {
      this.warn(
        kustomization,
        patch.key,
        "kubernetes/kustomize-patch",
        `patch for ${String(target.kind ?? "?")} ${String(target.name ?? "?")} matches no resource; ignored`,
      );
      return objects;
    }
    if (content.$patch === "delete") return objects.filter((object) => !matched.includes(object));
    for (const object of matched) {
      mergePatch(object.value, content);
      syncIdentity(object);
    }
    return objects;
  }

  /** A patch given inline or as a file; a file may hold several documents. */
  private patchContents(kustomization: Kustomization, source: string, key: string): unknown[] {
    const inline = source.includes("\n") || /^\s*[[{]/.test(source) || /^\s*-\s*op\s*:/.test(source);
    const text = inline ? source : this.fileText(kustomization, source);
    if (text === undefined) {
      this.warn(
        kustomization,
        key,
        "kubernetes/kustomize-missing-resource",
        `patch ${source} is not in this repository`,
      );
      return [];
    }
    const loaded = loadYamlDocuments(text, kustomization.file);
    if (loaded.warnings.length > 0)
      this.warn(
        kustomization,
        key,
        "kubernetes/kustomize-patch",
        `patch ${inline ? "(inline)" : source} is not valid YAML; ignored`,
      );
    return loaded.documents.map((document) => document.value);
  }

  private applyImages(kustomization: Kustomization, objects: KubeObject[]): void {
    const images = kustomization.value.images;
    if (!Array.isArray(images)) return;
    for (const image of images) {
      if (!isMapping(image) || typeof image.name !== "string") continue;
      for (const object of objects) {
        for (const container of podContainers(object.value)) {
          if (typeof container.image !== "string" || imageName(container.image) !== image.name) continue;
          const name = typeof image.newName === "string" ? image.newName : image.name;
          const tag =
            typeof image.digest === "string"
              ? `@${image.digest}`
              : image.newTag !== undefined
                ? `:${String(image.newTag)}`
                : imageTag(container.image);
          container.image = `${name}${tag}`;
        }
      }
    }
  }

  private applyReplicas(kustomization: Kustomization, objects: KubeObject[]): void {
    const replicas = kustomization.value.replicas;
    if (!Array.isArray(replicas)) return;
    for (const entry of replicas) {
      if (!isMapping(entry) || typeof entry.name !== "string" || typeof entry.count !== "number") continue;
      for (const object of objects) {
        if (object.name !== entry.name || !isMapping(object.value.spec)) continue;
        if (["Deployment", "StatefulSet", "ReplicaSet", "Rollout"].includes(object.kind))
          object.value.spec.replicas = entry.count;
      }
    }
  }

  private list(kustomization: Kustomization, key: string): string[] {
    const value = kustomization.value[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.warn(kustomization, key, "kubernetes/invalid-field", `${key} should be a list; ignored`);
      return [];
    }
    return stringList(value);
  }

  /** `entry`, when given, is located at its own line in the list under `key`. */
  private warn(kustomization: Kustomization, key: string, id: string, message: string, entry?: string): void {
    const list = kustomization.value[key];
    const index = entry !== undefined && Array.isArray(list) ? list.indexOf(entry) : -1;
    const line = kustomization.lineOf(key, index >= 0 ? index : undefined);
    this.warnings.push({ id, file: kustomization.file, line, message });
  }
}

/** The `resources` or `bases` entry of `includer` that leads to `folder`, to point a loop at its line. */
function entryNaming(includer: Kustomization, folder: string): string | undefined {
  for (const key of ["resources", "bases"]) {
    const list = includer.value[key];
    if (!Array.isArray(list)) continue;
    const found = list.find(
      (entry) => typeof entry === "string" && joinPath(includer.folder, entry) === folder,
    );
    if (typeof found === "string") return found;
  }
  return undefined;
}

function clone(object: KubeObject): KubeObject {
  return {
    ...object,
    value: structuredClone(object.value),
    ...(object.formerNames ? { formerNames: [...object.formerNames] } : {}),
  };
}

function syncIdentity(object: KubeObject): void {
  const metadata = object.value.metadata;
  if (isMapping(metadata) && typeof metadata.namespace === "string") object.namespace = metadata.namespace;
}

function targets(object: KubeObject, target: Json): boolean {
  if (typeof target.kind === "string" && target.kind !== object.kind) return false;
  if (
    typeof target.namespace === "string" &&
    object.namespace !== undefined &&
    target.namespace !== object.namespace
  )
    return false;
  if (
    typeof target.name === "string" &&
    target.name !== object.name &&
    !(object.formerNames ?? []).includes(target.name)
  )
    return false;
  return typeof target.kind === "string" || typeof target.name === "string";
}

/** Containers (and init containers) of whatever pod template the object carries, for image rewrites. */
function podContainers(value: Json): Json[] {
  const spec = isMapping(value.spec) ? value.spec : undefined;
  const jobTemplate =
    spec && isMapping(spec.jobTemplate) && isMapping(spec.jobTemplate.spec)
      ? spec.jobTemplate.spec
      : undefined;
  const template =
    jobTemplate && isMapping(jobTemplate.template)
      ? jobTemplate.template
      : spec && isMapping(spec.template)
        ? spec.template
        : undefined;
  const podSpec = template ? template.spec : value.kind === "Pod" ? spec : undefined;
  if (!isMapping(podSpec)) return [];
  return [...asList(podSpec.containers), ...asList(podSpec.initContainers)].filter(isMapping);
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function imageName(image: string): string {
  const withoutDigest = image.split("@", 1)[0] ?? image;
  const lastSlash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.indexOf(":", lastSlash + 1);
  return colon < 0 ? withoutDigest : withoutDigest.slice(0, colon);
}

function imageTag(image: string): string {
  return image.slice(imageName(image).length);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function addAssignment(data: Record<string, string>, text: string): void {
  const index = text.indexOf("=");
  if (index > 0) data[text.slice(0, index).trim()] = text.slice(index + 1).trim();
}

/** Repository-relative join; undefined when the result leaves the repository. */
export function joinPath(folder: string, relative: string): string | undefined {
  const parts = folder === "." ? [] : folder.split("/");
  for (const part of relative.replace(/\/+$/, "").split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.length === 0 ? "." : parts.join("/");
}
