import type { SystemInput } from "./prepare.js";
import { classify } from "./kinds.js";
import type { KubeObject } from "./objects.js";

const CLUSTER_SCOPED =
  /^(Namespace|Cluster.*|CustomResourceDefinition|PersistentVolume|StorageClass|IngressClass|PriorityClass|GatewayClass|.*WebhookConfiguration|APIService)$/;

function topFolder(path: string): string {
  const slash = path.indexOf("/");
  return slash < 0 ? "." : path.slice(0, slash);
}

/**
 * Objects outside any Kustomize root form one system per top-level folder, whatever namespaces it holds: moving a
 * workload into a new namespace must not re-partition the folder into new systems (the old one read as removed,
 * every call across the namespaces cut). Objects without a namespace join the folder's only namespace when the
 * folder also creates that Namespace (they are applied with `-n`), unless a cluster DNS name places one of them in
 * `default`; otherwise they are in `default`.
 */
export function folderSystems(objects: KubeObject[]): SystemInput[] {
  const byFolder = new Map<string, KubeObject[]>();
  for (const object of objects) {
    const folder = topFolder(object.file);
    const list = byFolder.get(folder) ?? [];
    list.push(object);
    byFolder.set(folder, list);
  }
  return [...byFolder.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([folder, list]) => {
      const fallback = fallbackNamespace(list);
      return {
        id: `kubernetes:${folder}`,
        objects: list.map((object) =>
          object.namespace || CLUSTER_SCOPED.test(object.kind) ? object : { ...object, namespace: fallback },
        ),
      };
    });
}

function fallbackNamespace(list: KubeObject[]): string {
  const explicit = new Set(
    list
      .filter((object) => !CLUSTER_SCOPED.test(object.kind) && classify(object).role !== undefined)
      .map((object) => object.namespace)
      .filter((namespace): namespace is string => namespace !== undefined),
  );
  const created = new Set(list.filter((object) => object.kind === "Namespace").map((object) => object.name));
  const only = explicit.size === 1 ? [...explicit][0]! : undefined;
  if (only === undefined || !created.has(only)) return "default";
  return namedDefault(list) ? "default" : only;
}

/**
 * Whether a cluster DNS name in the folder puts an object written without a namespace in `default`
 * (`apache.default.svc.cluster.local`): the folder then mixes a namespace of its own with files applied without
 * `-n`, and the name says where those went.
 */
function namedDefault(list: KubeObject[]): boolean {
  const unplaced = new Set(list.filter((object) => !object.namespace).map((object) => object.name));
  return list.some((object) =>
    namesInDefault(JSON.stringify(object.value)).some((name) => unplaced.has(name)),
  );
}

/** The Service names before each `.default.svc` in `text`: found by search, so a long text costs one pass. */
function namesInDefault(text: string): string[] {
  const names: string[] = [];
  for (let at = text.indexOf(DEFAULT_SVC); at >= 0; at = text.indexOf(DEFAULT_SVC, at + DEFAULT_SVC.length)) {
    let start = at;
    while (start > 0 && DNS_LABEL_CHARACTER.test(text[start - 1]!)) start--;
    if (start < at) names.push(text.slice(start, at));
  }
  return names;
}

const DEFAULT_SVC = ".default.svc";
const DNS_LABEL_CHARACTER = /[a-z0-9-]/;

/** A Kustomize root or a Helm chart is one system whatever namespaces it spans. */
export function rootSystem(folder: string, objects: KubeObject[]): SystemInput {
  return {
    id: `kubernetes:${folder}`,
    objects: objects.map((object) =>
      object.namespace || CLUSTER_SCOPED.test(object.kind) ? object : { ...object, namespace: "default" },
    ),
  };
}
