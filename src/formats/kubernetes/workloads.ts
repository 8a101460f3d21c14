import type { ComponentKind, FactSources, Replicas, Resources } from "../../graph/model.js";
import { imageBaseName, kindFromImage, kindFromName } from "../shared/image-kind.js";
import type { YamlPath } from "../shared/yaml.js";
import type { FieldReader } from "./fields.js";
import type { Json, KubeObject } from "./objects.js";
import { parseQuantity } from "./quantity.js";

export interface Container {
  name: string;
  value: Json;
  path: YamlPath;
  init: boolean;
}

export interface Workload {
  object: KubeObject;
  fields: FieldReader;
  namespace: string;
  podLabels: Record<string, string>;
  podSpec: Json;
  podSpecPath: YamlPath;
  containers: Container[];
  image?: string;
  kind: ComponentKind;
  replicas?: Replicas;
  resources?: Resources;
  attributes: Record<string, string | number | boolean>;
  /** Regions the pods are pinned to by node selector or required node affinity. */
  regions?: string[];
  /** Where the sizes, the replica count and the regions were read. */
  sources: FactSources;
}

const SINGLE_REPLICA_DEFAULT = new Set(["Deployment", "StatefulSet", "ReplicaSet", "Rollout"]);
const GPU_RESOURCE = /(^|\/)gpu$/;

/** Where each workload kind keeps its pod template. */
function templatePath(object: KubeObject): YamlPath | undefined {
  switch (object.kind) {
    case "Pod":
      return [];
    case "CronJob":
      return ["spec", "jobTemplate", "spec", "template"];
    default:
      return ["spec", "template"];
  }
}

/**
 * A workload named only for a product (`kafka`, `redis`) runs that product whatever image packages it
 * (`confluentinc/confluent-local`, a project's own build): its callers address it by that name.
 */
function productNamed(name: string): ComponentKind | undefined {
  return /^[a-z0-9]+$/.test(name) ? kindFromImage(name) : undefined;
}

export function readWorkload(fields: FieldReader, namespace: string): Workload | undefined {
  const { object } = fields;
  const template = templatePath(object)!;
  const templateValue = template.length === 0 ? object.value : fields.at(template, "mapping");
  if (!templateValue) {
    if (object.value.spec !== undefined)
      fields.warn("kubernetes/invalid-field", template, "has no pod template; skipped");
    return undefined;
  }
  const podSpecPath = [...template, "spec"];
  const podSpec = fields.at(podSpecPath, "mapping") ?? {};
  const podLabels = stringMap(fields.at([...template, "metadata", "labels"], "mapping"));
  const containers: Container[] = [];
  for (const [key, init] of [
    ["containers", false],
    ["initContainers", true],
  ] as const) {
    const list = fields.at([...podSpecPath, key], "list") ?? [];
    list.forEach((item, index) => {
      const path = [...podSpecPath, key, index];
      const value = fields.at(path, "mapping");
      if (value)
        containers.push({
          name: typeof value.name === "string" ? value.name : `#${index}`,
          value,
          path,
          init,
        });
    });
  }
  const main = containers.filter((container) => !container.init);
  const images = main
    .map((container) => fields.at([...container.path, "image"], "string"))
    .filter((image): image is string => image !== undefined);
  // The image says what runs; failing that, the role the workload or its image is named for (`orders-db`).
  const kind =
    images.map(kindFromImage).find((found) => found !== undefined) ??
    kindFromName(object.name) ??
    productNamed(object.name) ??
    images.map((image) => kindFromName(imageBaseName(image))).find((found) => found !== undefined) ??
    "service";
  const attributes: Record<string, string | number | boolean> = {
    workload: object.apiVersion.startsWith("serving.knative.dev/") ? "Knative Service" : object.kind,
  };
  const workload: Workload = {
    object,
    fields,
    namespace,
    podLabels,
    podSpec,
    podSpecPath,
    containers,
    kind,
    attributes,
    sources: {},
  };
  if (images[0] !== undefined) workload.image = images[0];
  const replicas = readReplicas(fields);
  if (replicas) workload.replicas = replicas;
  if (fields.at(["spec", "replicas"], "scalar") !== undefined)
    workload.sources.replicas = { file: object.file, line: object.lineOf(["spec", "replicas"]) };
  if (object.kind === "DaemonSet") attributes.replicas = "one per node";
  const schedule = object.kind === "CronJob" ? fields.at(["spec", "schedule"], "string") : undefined;
  if (schedule !== undefined) attributes.schedule = schedule;
  readRegions(workload);
  const resources = readResources(fields, main);
  if (resources.limits.cpuCores !== undefined) attributes.cpuLimitCores = resources.limits.cpuCores;
  if (resources.limits.memoryBytes !== undefined) attributes.memoryLimitBytes = resources.limits.memoryBytes;
  const storage = claimTemplateStorage(fields);
  if (storage > 0) resources.requests.storageBytes = storage;
  if (Object.keys(resources.requests).length > 0) {
    workload.resources = resources.requests;
    const sized = main.find((container) => fields.at([...container.path, "resources"], "mapping"));
    const path = sized ? [...sized.path, "resources"] : ["spec", "volumeClaimTemplates"];
    workload.sources.resources = { file: object.file, line: object.lineOf(path) };
  }
  return workload;
}

const REGION_LABELS = new Set(["topology.kubernetes.io/region", "failure-domain.beta.kubernetes.io/region"]);

/** `nodeSelector` on a region label, or a required node affinity `In` a list of regions. */
function readRegions(workload: Workload): void {
  const { fields, podSpecPath, object } = workload;
  const regions: string[] = [];
  let path: YamlPath | undefined;
  const selector = fields.at([...podSpecPath, "nodeSelector"], "mapping") ?? {};
  for (const [label, value] of Object.entries(selector)) {
    if (!REGION_LABELS.has(label) || typeof value !== "string") continue;
    regions.push(value);
    path ??= [...podSpecPath, "nodeSelector", label];
  }
  const termsPath = [
    ...podSpecPath,
    "affinity",
    "nodeAffinity",
    "requiredDuringSchedulingIgnoredDuringExecution",
    "nodeSelectorTerms",
  ];
  (fields.at(termsPath, "list") ?? []).forEach((term, index) => {
    const expressions = (term as { matchExpressions?: unknown } | null)?.matchExpressions;
    if (!Array.isArray(expressions)) return;
    for (const expression of expressions as { key?: unknown; operator?: unknown; values?: unknown }[]) {
      if (
        !REGION_LABELS.has(String(expression?.key)) ||
        expression.operator !== "In" ||
        !Array.isArray(expression.values)
      )
        continue;
      regions.push(...expression.values.filter((value): value is string => typeof value === "string"));
      path ??= [...termsPath, index];
    }
  });
  if (regions.length === 0) return;
  workload.regions = [...new Set(regions)].sort();
  workload.sources.regions = { file: object.file, line: object.lineOf(path!) };
}

function readReplicas(fields: FieldReader): Replicas | undefined {
  const { kind } = fields.object;
  if (kind === "Pod" || kind === "Job" || kind === "CronJob") return { min: 1, max: 1 };
  if (!SINGLE_REPLICA_DEFAULT.has(kind)) return undefined;
  const value = fields.at(["spec", "replicas"], "number");
  const count = value !== undefined && Number.isInteger(value) && value >= 0 ? value : 1;
  return { min: count, max: count };
}

/** Per pod: requests (a container without requests counts its limits, as the scheduler does). */
function readResources(
  fields: FieldReader,
  containers: Container[],
): { requests: Resources; limits: Resources } {
  const requests: Resources = {};
  const limits: Resources = {};
  for (const container of containers) {
    const base = [...container.path, "resources"];
    const requested = fields.at([...base, "requests"], "mapping") ?? {};
    const limited = fields.at([...base, "limits"], "mapping") ?? {};
    add(requests, "cpuCores", parseQuantity(requested.cpu) ?? parseQuantity(limited.cpu));
    add(requests, "memoryBytes", parseQuantity(requested.memory) ?? parseQuantity(limited.memory));
    add(limits, "cpuCores", parseQuantity(limited.cpu));
    add(limits, "memoryBytes", parseQuantity(limited.memory));
    for (const [name, amount] of Object.entries(limited))
      if (GPU_RESOURCE.test(name)) add(requests, "gpus", parseQuantity(amount));
  }
  return { requests, limits };
}

function claimTemplateStorage(fields: FieldReader): number {
  if (fields.object.kind !== "StatefulSet") return 0;
  const templates = fields.at(["spec", "volumeClaimTemplates"], "list") ?? [];
  let total = 0;
  templates.forEach((_template, index) => {
    const storage = fields.at(
      ["spec", "volumeClaimTemplates", index, "spec", "resources", "requests", "storage"],
      "scalar",
    );
    total += parseQuantity(storage) ?? 0;
  });
  return total;
}

function add(resources: Resources, key: keyof Resources, amount: number | undefined): void {
  if (amount === undefined) return;
  resources[key] = roundQuantity((resources[key] ?? 0) + amount);
}

function roundQuantity(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

export function stringMap(value: Json | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, item] of Object.entries(value ?? {})) {
    if (typeof item === "string" || typeof item === "number" || typeof item === "boolean")
      result[key] = String(item);
  }
  return result;
}

/** `matchLabels` (or a Service's plain selector) against pod labels; an empty selector selects nothing here. */
export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([key, value]) => labels[key] === value);
}
