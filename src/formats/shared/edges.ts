import type { ComponentKind, Edge, EdgeKind, Evidence } from "../../graph/model.js";
import { edgeKey } from "../../graph/model.js";

/**
 * The model's rule for every format: a call is `async` exactly when it goes to a queue or a queue delivers it
 * (a topic invoking its subscriber, a queue triggering its function).
 */
export function edgeKindOf(source: ComponentKind | undefined, target: ComponentKind | undefined): EdgeKind {
  return target === "queue" || source === "queue" ? "async" : "sync";
}

/**
 * Evidence tells a reader where a call is written and what is written there. A second rule that finds the same
 * words at the same place would only repeat a row of the report (and crowd out other places), so the rule does
 * not tell evidence apart.
 */
function samePlaceAndWords(left: Evidence, right: Evidence): boolean {
  return left.file === right.file && left.line === right.line && left.detail === right.detail;
}

/**
 * The calls of one system as an extractor finds them: one edge per caller and callee, each piece of evidence
 * kept once, under the first rule that found it. A call to itself says nothing about the architecture and is
 * dropped.
 */
export class EdgeCollector {
  private readonly byKey = new Map<string, { from: string; to: string; evidence: Evidence[] }>();

  add(from: string, to: string, found: Evidence): void {
    if (from === to) return;
    const key = edgeKey({ from, to });
    let edge = this.byKey.get(key);
    if (!edge) {
      edge = { from, to, evidence: [] };
      this.byKey.set(key, edge);
    }
    if (!edge.evidence.some((known) => samePlaceAndWords(known, found))) edge.evidence.push(found);
  }

  /** The edges in the order they were first found; the kind is decided once every component is known. */
  edges(kindOf: (name: string) => ComponentKind | undefined): Edge[] {
    return [...this.byKey.values()].map((edge) => ({ ...edge, kind: edgeKindOf(kindOf(edge.from), kindOf(edge.to)) }));
  }
}
