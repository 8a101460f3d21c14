import type { ComponentKind, Edge, EdgeKind, Evidence, ExtractionWarning } from "../../graph/model.js";
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
 * Calls one system keeps. Real systems stay far below it; past it a graph (thousands of services that each name
 * every other) is too dense to draw, trace or diff within the time budget, and each further call would only add
 * to work and memory that grow with the number of calls.
 */
export const MAX_CALLS_PER_SYSTEM = 20_000;

/** Places shown for one call; a file repeating the same dependency thousands of times adds nothing past these. */
const MAX_EVIDENCE_PER_CALL = 20;

/**
 * The calls of one system as an extractor finds them: one edge per caller and callee, each piece of evidence
 * kept once, under the first rule that found it. A call to itself says nothing about the architecture and is
 * dropped.
 */
export class EdgeCollector {
  private readonly byKey = new Map<string, { from: string; to: string; evidence: Evidence[] }>();
  private leftOut = 0;
  private firstLeftOut: Evidence | undefined;

  constructor(private readonly maxCalls = MAX_CALLS_PER_SYSTEM) {}

  /** `found` may be a function: evidence for a call left out or already fully evidenced is never built. */
  add(from: string, to: string, found: Evidence | (() => Evidence)): void {
    if (from === to) return;
    const key = edgeKey({ from, to });
    let edge = this.byKey.get(key);
    if (!edge) {
      if (this.byKey.size >= this.maxCalls) {
        this.leftOut += 1;
        this.firstLeftOut ??= typeof found === "function" ? found() : found;
        return;
      }
      edge = { from, to, evidence: [] };
      this.byKey.set(key, edge);
    }
    if (edge.evidence.length >= MAX_EVIDENCE_PER_CALL) return;
    const evidence = typeof found === "function" ? found() : found;
    if (!edge.evidence.some((known) => samePlaceAndWords(known, evidence))) edge.evidence.push(evidence);
  }

  /** What each caller calls so far. */
  calleesByCaller(): Map<string, Set<string>> {
    const callees = new Map<string, Set<string>>();
    for (const edge of this.byKey.values()) {
      const known = callees.get(edge.from) ?? new Set<string>();
      known.add(edge.to);
      callees.set(edge.from, known);
    }
    return callees;
  }

  /** Names `from` calls so far, in the order found. */
  calleesOf(from: string): string[] {
    return [...this.byKey.values()].filter((edge) => edge.from === from).map((edge) => edge.to);
  }

  /** The warning (with the format's own id) that calls were left out, where the first of them is written. */
  tooDense(id: string, system: string): ExtractionWarning | undefined {
    const first = this.firstLeftOut;
    if (!first) return undefined;
    return {
      id,
      file: first.file,
      ...(first.line !== undefined ? { line: first.line } : {}),
      message: `${system} declares more than ${this.maxCalls.toLocaleString("en-US")} calls: too dense to draw or trace within the time budget; only the first ${this.maxCalls.toLocaleString("en-US")} are analysed and ${this.leftOut.toLocaleString("en-US")} more declarations from here on are left out`,
    };
  }

  /**
   * The edges in the order they were first found; the kind is decided once every component is known. A call found
   * only by `isEventDelivery` rules (a bucket notifying a function, a table's stream triggering one) is `async`
   * whatever its ends: the source hands the event over and no request waits for what it invokes.
   */
  edges(
    kindOf: (name: string) => ComponentKind | undefined,
    isEventDelivery: (rule: string) => boolean = () => false,
  ): Edge[] {
    return [...this.byKey.values()].map((edge) => ({
      ...edge,
      kind: edge.evidence.every((found) => isEventDelivery(found.rule))
        ? "async"
        : edgeKindOf(kindOf(edge.from), kindOf(edge.to)),
    }));
  }
}
