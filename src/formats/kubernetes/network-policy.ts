import { isMapping } from "../shared/yaml.js";
import type { Unit } from "./components.js";
import type { FieldReader } from "./fields.js";
import { stringMap } from "./workloads.js";

export interface PolicyEdge {
  from: Unit;
  to: Unit;
  line: number;
  detail: string;
}

export interface PolicyReading {
  edges: PolicyEdge[];
  /** Set when the policy denies all traffic of its kind for every pod in the namespace (the allow-list pattern). */
  defaultDeny?: string;
}

/** Labels of each namespace these files know: its Namespace object's labels plus `kubernetes.io/metadata.name`. */
export type NamespaceLabels = ReadonlyMap<string, Record<string, string>>;

/**
 * Allow rules between pod selectors are evidence that one workload calls another. Selectors are read as the
 * API server reads them (`matchLabels` and `matchExpressions` with `In`, `NotIn`, `Exists`, `DoesNotExist`), and a
 * peer's `namespaceSelector` picks the namespaces whose labels it matches. Only selectors that name something
 * count: an empty pod selector ("every pod") says nothing about who calls whom.
 */
export function readNetworkPolicy(
  fields: FieldReader,
  namespace: string,
  units: Unit[],
  namespaces: NamespaceLabels = new Map(),
): PolicyReading {
  const name = fields.object.name;
  const podSelector = fields.at(["spec", "podSelector"], "mapping") ?? {};
  const selected = selectedUnits(podSelector, [namespace], units);
  const policyTypes = (fields.at(["spec", "policyTypes"], "list") ?? []).filter(
    (type): type is string => typeof type === "string",
  );
  const ingress = fields.at(["spec", "ingress"], "list");
  const egress = fields.at(["spec", "egress"], "list");
  const reading: PolicyReading = { edges: [] };
  const selectsAll =
    Object.keys(podSelector).length === 0 ||
    (isMapping(podSelector.matchLabels) &&
      Object.keys(podSelector.matchLabels).length === 0 &&
      podSelector.matchExpressions === undefined);
  if (selectsAll) {
    const denied = [
      policyTypes.includes("Ingress") && (ingress ?? []).length === 0 ? "ingress" : "",
      policyTypes.includes("Egress") && (egress ?? []).length === 0 ? "egress" : "",
    ].filter(Boolean);
    if (denied.length > 0)
      reading.defaultDeny = `Namespace ${namespace} denies all ${denied.join(" and ")} by default (NetworkPolicy ${name}): its NetworkPolicies are an explicit allow-list`;
  }
  for (const [key, peerKey] of [
    ["ingress", "from"],
    ["egress", "to"],
  ] as const) {
    const rules = key === "ingress" ? ingress : egress;
    (rules ?? []).forEach((_rule, ruleIndex) => {
      const peers = fields.at(["spec", key, ruleIndex, peerKey], "list") ?? [];
      peers.forEach((peer, peerIndex) => {
        if (!isMapping(peer) || !isMapping(peer.podSelector)) return;
        const peerNamespaces = namespacesOf(peer.namespaceSelector, namespace, namespaces, units);
        const line = fields.object.lineOf(["spec", key, ruleIndex, peerKey, peerIndex]);
        for (const other of selectedUnits(peer.podSelector, peerNamespaces, units)) {
          for (const own of selected) {
            const [from, to] = key === "ingress" ? [other, own] : [own, other];
            if (from !== to)
              reading.edges.push({
                from,
                to,
                line,
                detail: `NetworkPolicy ${name} allows ${key} ${from.component.name} -> ${to.component.name}`,
              });
          }
        }
      });
    });
  }
  return reading;
}

function selectedUnits(selector: Record<string, unknown>, namespaces: string[], units: Unit[]): Unit[] {
  if (!namesSomething(selector)) return [];
  return units.filter((unit) =>
    unit.workloads.some(
      (workload) => namespaces.includes(workload.namespace) && matchesSelector(selector, workload.podLabels),
    ),
  );
}

function namesSomething(selector: Record<string, unknown>): boolean {
  const labels = isMapping(selector.matchLabels) ? Object.keys(selector.matchLabels).length : 0;
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions.length : 0;
  return labels + expressions > 0;
}

/** A label selector against labels: every `matchLabels` pair and every `matchExpressions` requirement holds. */
export function matchesSelector(selector: Record<string, unknown>, labels: Record<string, string>): boolean {
  const pairs = stringMap(isMapping(selector.matchLabels) ? selector.matchLabels : undefined);
  if (!Object.entries(pairs).every(([key, value]) => labels[key] === value)) return false;
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  return expressions.every((expression) => isMapping(expression) && holds(expression, labels));
}

function holds(expression: Record<string, unknown>, labels: Record<string, string>): boolean {
  const key = typeof expression.key === "string" ? expression.key : undefined;
  if (key === undefined) return false;
  const values = Array.isArray(expression.values) ? expression.values.map(String) : [];
  const value = labels[key];
  switch (expression.operator) {
    case "In":
      return value !== undefined && values.includes(value);
    case "NotIn":
      return value === undefined || !values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
    default:
      return false;
  }
}

/**
 * The namespaces a peer's `namespaceSelector` picks: the policy's own when absent, every known namespace when empty,
 * else those whose labels match. A namespace these files do not create is known by its name only, so a selector on
 * `kubernetes.io/metadata.name` (or the common `name` label) still finds it.
 */
function namespacesOf(selector: unknown, own: string, namespaces: NamespaceLabels, units: Unit[]): string[] {
  if (selector === undefined || selector === null) return [own];
  if (!isMapping(selector)) return [];
  const known = new Map(namespaces);
  for (const unit of units) {
    for (const workload of unit.workloads) {
      if (!known.has(workload.namespace))
        known.set(workload.namespace, {
          "kubernetes.io/metadata.name": workload.namespace,
          name: workload.namespace,
        });
    }
  }
  return [...known].filter(([, labels]) => matchesSelector(selector, labels)).map(([namespace]) => namespace);
}
