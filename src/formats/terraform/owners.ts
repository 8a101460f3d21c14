import type { ComponentKind } from "../../graph/model.js";
import type { TfNode } from "./modules.js";
import { isComponentRole, kindOf, type NodeIndex } from "./nodes.js";

/**
 * Which component each node belongs to. A component node owns itself unless its `via` arguments point at
 * another component (an ElastiCache cluster inside a replication group); a `part` belongs to what it points at;
 * a `definition` belongs to every component that uses it, or is a component of its own when only what starts it
 * (`startedBy`: a state machine, an event rule) names it.
 */

export interface ComponentRecord {
  node: TfNode;
  kind: ComponentKind;
  /** The component node first, then its parts and definitions. */
  members: TfNode[];
}

export class Owners {
  readonly records: ComponentRecord[] = [];
  private readonly owners = new Map<TfNode, ComponentRecord[]>();
  private readonly resolving = new Set<TfNode>();

  constructor(private readonly index: NodeIndex) {
    for (const node of index.nodes) {
      const kind = kindOf(node);
      if (isComponentRole(kind) && this.parentOf(node) === undefined) {
        const record: ComponentRecord = { node, kind: kind!.kind!, members: [node] };
        this.records.push(record);
        this.owners.set(node, [record]);
      } else if (kind?.startedBy && this.isStartedAlone(node, kind.startedBy)) {
        const record: ComponentRecord = { node, kind: "service", members: [node] };
        this.records.push(record);
        this.owners.set(node, [record]);
      }
    }
    for (const node of index.nodes) {
      const owners = this.ownersOf(node);
      for (const owner of owners) if (!owner.members.includes(node)) owner.members.push(node);
    }
  }

  /** Whether the node is a component itself (not a part or a definition merged into one). */
  isComponent(node: TfNode): boolean {
    return this.ownersOf(node).some((record) => record.node === node);
  }

  /** The components a node is, or is part of. Empty for plumbing and wiring. */
  ownersOf(node: TfNode): ComponentRecord[] {
    const known = this.owners.get(node);
    if (known) return known;
    if (this.resolving.has(node)) return [];
    this.resolving.add(node);
    let owners: ComponentRecord[] = [];
    const kind = kindOf(node);
    if (kind?.role === "part" || (isComponentRole(kind) && kind?.via)) {
      const parent = this.parentOf(node);
      owners = parent ? this.ownersOf(parent) : [];
    } else if (kind?.role === "definition") {
      const users = this.index.referrersOf(node).flatMap((reference) => this.ownersOf(reference.from));
      owners = [...new Set(users)];
    }
    this.resolving.delete(node);
    this.owners.set(node, owners);
    return owners;
  }

  /** Whether a component of its own: nothing but `startedBy` types (directly or through a hop) reference it. */
  private isStartedAlone(node: TfNode, startedBy: string[]): boolean {
    const referrers = this.index.referrersOf(node).map((reference) => reference.from);
    if (referrers.some((referrer) => isComponentRole(kindOf(referrer)) && !startedBy.includes(referrer.type)))
      return false;
    const throughHops = referrers
      .filter((referrer) => kindOf(referrer)?.role === "hop")
      .flatMap((hop) => this.index.referrersOf(hop).map((reference) => reference.from));
    return [...referrers, ...throughHops].some((referrer) => startedBy.includes(referrer.type));
  }

  private parentOf(node: TfNode): TfNode | undefined {
    const kind = kindOf(node);
    if (!kind || (kind.role !== "part" && !kind.via) || kind.role === "hop") return undefined;
    const references = kind.via ? this.index.referencesUnder(node, kind.via) : this.index.referencesOf(node);
    return references
      .map((reference) => reference.node)
      .find((target) => target !== node && isOwnable(target));
  }
}

function isOwnable(node: TfNode): boolean {
  const kind = kindOf(node);
  return isComponentRole(kind) || kind?.role === "part";
}
