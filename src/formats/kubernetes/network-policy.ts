import { isMapping } from "../shared/yaml.js";
import type { Unit } from "./components.js";
import type { FieldReader } from "./fields.js";
import { selects, stringMap } from "./workloads.js";

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

/**
 * Allow rules between pod selectors are evidence that one workload calls another. Only explicit `matchLabels`
 * selectors count: an empty selector ("every pod") says nothing about who calls whom.
 */
export function readNetworkPolicy(fields: FieldReader, namespace: string, units: Unit[]): PolicyReading {
  const name = fields.object.name;
  const podSelector = fields.at(["spec", "podSelector"], "mapping") ?? {};
  const selected = selectedUnits(podSelector, namespace, units);
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
        const peerNamespace = namespaceOf(peer.namespaceSelector, namespace);
        if (peerNamespace === undefined) return;
        const line = fields.object.lineOf(["spec", key, ruleIndex, peerKey, peerIndex]);
        for (const other of selectedUnits(peer.podSelector, peerNamespace, units)) {
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

function selectedUnits(selector: Record<string, unknown>, namespace: string, units: Unit[]): Unit[] {
  const labels = stringMap(isMapping(selector.matchLabels) ? selector.matchLabels : undefined);
  if (Object.keys(labels).length === 0) return [];
  return units.filter((unit) =>
    unit.workloads.some(
      (workload) => workload.namespace === namespace && selects(labels, workload.podLabels),
    ),
  );
}

/** The peer's namespace: the policy's own, or one named through the well-known `kubernetes.io/metadata.name` label. */
function namespaceOf(selector: unknown, own: string): string | undefined {
  if (selector === undefined || selector === null) return own;
  if (!isMapping(selector)) return undefined;
  const labels = stringMap(isMapping(selector.matchLabels) ? selector.matchLabels : undefined);
  return labels["kubernetes.io/metadata.name"] ?? labels.name;
}
