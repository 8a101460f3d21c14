import { isMapping } from "../shared/yaml.js";
import type { Json } from "./objects.js";

// Lists Kubernetes merges by a key rather than replacing (the cases overlays use for replicas, images and env).
const MERGE_KEYS: Record<string, string> = {
  containers: "name",
  initContainers: "name",
  env: "name",
  volumes: "name",
  volumeMounts: "mountPath",
  ports: "containerPort",
  volumeClaimTemplates: "name",
};

/** A simple strategic merge: mappings merge, known keyed lists merge by key, other values replace. */
export function mergePatch(target: Json, patch: Json, depth = 0): void {
  if (depth > 64) return;
  for (const [key, value] of Object.entries(patch)) {
    if (key === "$patch" || key === "__proto__") continue;
    if (value === null) {
      delete target[key];
    } else if (isMapping(value) && isMapping(target[key])) {
      mergePatch(target[key], value, depth + 1);
    } else if (Array.isArray(value) && Array.isArray(target[key]) && MERGE_KEYS[key]) {
      mergeList(target[key], value, MERGE_KEYS[key], depth);
    } else {
      target[key] = structuredClone(value);
    }
  }
}

function mergeList(target: unknown[], patch: unknown[], mergeKey: string, depth: number): void {
  for (const item of patch) {
    const existing = isMapping(item)
      ? target.find((candidate) => isMapping(candidate) && candidate[mergeKey] === item[mergeKey])
      : undefined;
    if (isMapping(item) && item.$patch === "delete") {
      if (existing) target.splice(target.indexOf(existing), 1);
    } else if (isMapping(existing) && isMapping(item)) mergePatch(existing, item, depth + 1);
    else target.push(structuredClone(item));
  }
}

/** JSON 6902 `add`, `replace` and `remove`; returns a reason when an operation cannot apply. */
export function applyJsonPatch(target: Json, operations: unknown[]): string | undefined {
  for (const operation of operations) {
    if (!isMapping(operation) || typeof operation.op !== "string" || typeof operation.path !== "string")
      return "operation without op or path";
    if (!["add", "replace", "remove"].includes(operation.op)) continue;
    const keys = operation.path
      .split("/")
      .slice(1)
      .map((key) => key.replace(/~1/g, "/").replace(/~0/g, "~"));
    const last = keys.pop();
    if (last === undefined || keys.includes("__proto__") || last === "__proto__")
      return `bad path ${operation.path}`;
    let parent: unknown = target;
    for (const key of keys)
      parent = Array.isArray(parent) ? parent[Number(key)] : isMapping(parent) ? parent[key] : undefined;
    if (Array.isArray(parent)) {
      const index = last === "-" ? parent.length : Number(last);
      if (!Number.isInteger(index) || index < 0 || index > parent.length)
        return `no element at ${operation.path}`;
      if (operation.op === "remove") parent.splice(index, 1);
      else if (operation.op === "add") parent.splice(index, 0, structuredClone(operation.value));
      else parent[index] = structuredClone(operation.value);
    } else if (isMapping(parent)) {
      if (operation.op === "remove") delete parent[last];
      else parent[last] = structuredClone(operation.value);
    } else return `no object at ${operation.path}`;
  }
  return undefined;
}
