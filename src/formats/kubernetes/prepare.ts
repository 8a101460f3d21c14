import type { ExtractionWarning } from "../../graph/model.js";
import { buildUnits, serviceKey, type UnitSet } from "./components.js";
import { FieldReader, type ObjectInNamespace } from "./fields.js";
import { classify, type ObjectRole } from "./kinds.js";
import type { KubeObject } from "./objects.js";
import { parseQuantity } from "./quantity.js";
import { readWorkload, type Workload } from "./workloads.js";

/** The objects of one system; every object's `namespace` is already its effective namespace. */
export interface SystemInput {
  id: string;
  objects: KubeObject[];
  /** Objects of no system that routes here may still name (Gateways in a namespace without workloads). */
  lookupOnly?: KubeObject[];
}

/** One system's objects sorted by what they mean to the graph, with its workloads grouped into units. */
export interface Prepared {
  id: string;
  units: UnitSet;
  byRole: Map<ObjectRole, ObjectInNamespace[]>;
  configMaps: Map<string, KubeObject>;
  lookupGateways: ObjectInNamespace[];
}

export function prepare(
  input: SystemInput,
  warnings: ExtractionWarning[],
  readers: Map<KubeObject, FieldReader>,
): Prepared {
  const { byRole, configMaps } = sortByRole(input.objects, warnings);
  const workloads: Workload[] = [];
  for (const { fields, namespace } of byRole.get("workload") ?? []) {
    const workload = readWorkload(fields, namespace);
    if (workload) workloads.push(workload);
  }
  applyAutoscalers(byRole.get("hpa") ?? [], workloads);
  applyClaims(byRole.get("pvc") ?? [], workloads);
  const lookupGateways = (input.lookupOnly ?? []).map((object) => {
    // Shared by every system of a folder: one reader, so a bad field is reported once.
    const fields = readers.get(object) ?? new FieldReader(object, warnings);
    readers.set(object, fields);
    return { fields, namespace: object.namespace ?? "default" };
  });
  return {
    id: input.id,
    units: buildUnits(
      input.id,
      workloads,
      byRole.get("service") ?? [],
      endpointOwners(byRole.get("endpoints") ?? []),
    ),
    byRole,
    configMaps,
    lookupGateways,
  };
}

/** Objects by role, the first definition of a duplicated workload or ConfigMap winning; ConfigMaps by name. */
function sortByRole(
  objects: KubeObject[],
  warnings: ExtractionWarning[],
): { byRole: Map<ObjectRole, ObjectInNamespace[]>; configMaps: Map<string, KubeObject> } {
  const byRole = new Map<ObjectRole, ObjectInNamespace[]>();
  const firstDefinitions = new Map<string, KubeObject>();
  const configMaps = new Map<string, KubeObject>();
  for (const object of objects) {
    const { role, unknownApiVersion } = classify(object);
    if (!role) continue;
    const fields = new FieldReader(object, warnings);
    if (unknownApiVersion)
      fields.warn(
        "kubernetes/unknown-api-version",
        ["apiVersion"],
        `apiVersion ${object.apiVersion} is not one Kubernetes serves for ${object.kind}; read as the current version`,
      );
    const namespace = object.namespace ?? "default";
    if (role === "workload" || role === "configmap") {
      const key = `${object.kind}/${namespace}/${object.name}`;
      const first = firstDefinitions.get(key);
      if (first) {
        fields.warn(
          "kubernetes/duplicate-object",
          [],
          `also defined in ${first.file}:${first.line}; the first definition is used`,
        );
        continue;
      }
      firstDefinitions.set(key, object);
    }
    if (role === "configmap")
      for (const name of [object.name, ...(object.formerNames ?? [])])
        configMaps.set(serviceKey(namespace, name), object);
    const list = byRole.get(role) ?? [];
    list.push({ fields, namespace });
    byRole.set(role, list);
  }
  return { byRole, configMaps };
}

/** Services that have hand-written Endpoints or EndpointSlices: they lead somewhere even without a selector. */
function endpointOwners(endpoints: ObjectInNamespace[]): Set<string> {
  const owners = new Set<string>();
  for (const { fields, namespace } of endpoints) {
    const owner =
      fields.object.kind === "EndpointSlice"
        ? fields.at(["metadata", "labels", "kubernetes.io/service-name"], "string")
        : fields.object.name;
    if (owner !== undefined) owners.add(serviceKey(namespace, owner));
  }
  return owners;
}

function byName<T>(items: T[], keys: (item: T) => string[]): Map<string, T> {
  const index = new Map<string, T>();
  for (const item of items) for (const key of keys(item)) if (!index.has(key)) index.set(key, item);
  return index;
}

function applyAutoscalers(hpas: ObjectInNamespace[], workloads: Workload[]): void {
  if (hpas.length === 0) return;
  const index = byName(workloads, (workload) =>
    [workload.object.name, ...(workload.object.formerNames ?? [])].map(
      (name) => `${workload.object.kind}/${workload.namespace}/${name}`,
    ),
  );
  for (const { fields, namespace } of hpas) {
    const kind = fields.at(["spec", "scaleTargetRef", "kind"], "string");
    const name = fields.at(["spec", "scaleTargetRef", "name"], "string");
    const max = fields.at(["spec", "maxReplicas"], "number");
    const min = fields.at(["spec", "minReplicas"], "number") ?? 1;
    const target = index.get(`${kind}/${namespace}/${name}`);
    if (!target || max === undefined) continue;
    target.replicas = { min, max: Math.max(min, max) };
    target.attributes.autoscaler = fields.object.name;
    target.sources.replicas = {
      file: fields.object.file,
      line: fields.object.lineOf(["spec", "maxReplicas"]),
    };
  }
}

function applyClaims(claims: ObjectInNamespace[], workloads: Workload[]): void {
  if (claims.length === 0) return;
  const index = byName(claims, ({ fields, namespace }) =>
    [fields.object.name, ...(fields.object.formerNames ?? [])].map((name) => serviceKey(namespace, name)),
  );
  for (const workload of workloads) {
    const volumes = workload.fields.at([...workload.podSpecPath, "volumes"], "list") ?? [];
    for (const volume of volumes) {
      const claimName = (volume as { persistentVolumeClaim?: { claimName?: unknown } } | null)
        ?.persistentVolumeClaim?.claimName;
      if (typeof claimName !== "string") continue;
      const claim = index.get(serviceKey(workload.namespace, claimName));
      const size = parseQuantity(claim?.fields.at(["spec", "resources", "requests", "storage"], "scalar"));
      if (size === undefined) continue;
      workload.sources.resources ??= {
        file: claim!.fields.object.file,
        line: claim!.fields.object.lineOf(["spec", "resources", "requests", "storage"]),
      };
      workload.resources = {
        ...workload.resources,
        storageBytes: (workload.resources?.storageBytes ?? 0) + size,
      };
    }
  }
}
