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
 * Objects outside any Kustomize root form one system per top-level folder and namespace. Objects without a namespace
 * join the folder's only namespace when the folder also creates that Namespace (they are applied with `-n`),
 * otherwise they are in `default`.
 */
export function folderSystems(objects: KubeObject[]): SystemInput[] {
  const byFolder = new Map<string, KubeObject[]>();
  for (const object of objects) {
    const folder = topFolder(object.file);
    const list = byFolder.get(folder) ?? [];
    list.push(object);
    byFolder.set(folder, list);
  }
  const systems: SystemInput[] = [];
  for (const [folder, list] of [...byFolder.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const relevant = list.filter(
      (object) => !CLUSTER_SCOPED.test(object.kind) && classify(object).role !== undefined,
    );
    const explicit = new Set(
      relevant
        .map((object) => object.namespace)
        .filter((namespace): namespace is string => namespace !== undefined),
    );
    const created = new Set(
      list.filter((object) => object.kind === "Namespace").map((object) => object.name),
    );
    const only = explicit.size === 1 ? [...explicit][0]! : undefined;
    const fallback = only !== undefined && created.has(only) ? only : "default";
    const byNamespace = new Map<string, KubeObject[]>();
    for (const object of list) {
      const namespace = CLUSTER_SCOPED.test(object.kind) ? undefined : (object.namespace ?? fallback);
      const key = namespace ?? fallback;
      const group = byNamespace.get(key) ?? [];
      group.push(namespace === undefined ? object : { ...object, namespace });
      byNamespace.set(key, group);
    }
    // Only namespaces holding workloads or Services make a folder "hold several namespaces".
    const counted = [...byNamespace.entries()].filter(([, group]) =>
      group.some((object) => ["workload", "service"].includes(classify(object).role ?? "")),
    );
    // A Gateway in a namespace of its own (istio-system, a gateway namespace) still fronts the routes bound to it.
    const gateways = [...byNamespace.entries()]
      .filter(([namespace]) => !counted.some(([kept]) => kept === namespace))
      .flatMap(([, group]) => group.filter((object) => classify(object).role === "gateway"));
    for (const [namespace, group] of counted.sort(([a], [b]) => a.localeCompare(b))) {
      systems.push({
        id: `kubernetes:${folder}${counted.length > 1 ? `#${namespace}` : ""}`,
        objects: group,
        ...(gateways.length > 0 ? { lookupOnly: gateways } : {}),
      });
    }
  }
  return systems;
}

/** A Kustomize root is one system whatever namespaces it spans. */
export function kustomizeSystem(folder: string, objects: KubeObject[]): SystemInput {
  return {
    id: `kubernetes:${folder}`,
    objects: objects.map((object) =>
      object.namespace || CLUSTER_SCOPED.test(object.kind) ? object : { ...object, namespace: "default" },
    ),
  };
}
