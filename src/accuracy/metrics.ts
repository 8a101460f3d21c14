/**
 * The counts behind every score, and the ratios computed from them. Views are summed count by count
 * (micro-averaged), so a view with many edges weighs more than a view with two.
 */

export interface ViewCounts {
  /** Required components, and how many of them were reported under their name or an alias. */
  components: { required: number; found: number };
  /** Reported required components whose kind was judged, and how many agreed with the label. */
  kinds: { judged: number; correct: number };
  edges: {
    /** Distinct reported edges matching a required edge (visible or not). */
    foundRequired: number;
    /** Distinct reported edges matching no labelled edge, or matching a non-edge. */
    falsePositives: number;
    /** Distinct reported edges matching an optional edge: they count neither way. */
    optionalFound: number;
    required: number;
    requiredVisible: number;
    foundRequiredVisible: number;
  };
  entryPoints: { required: number; foundRequired: number; falsePositives: number; optionalFound: number };
}

export interface ViewMetrics {
  componentRecall: number | null;
  kindAccuracy: number | null;
  edgePrecision: number | null;
  edgeRecallVisible: number | null;
  edgeRecallAll: number | null;
  entryPrecision: number | null;
  entryRecall: number | null;
  entryF1: number | null;
}

export function emptyCounts(): ViewCounts {
  return {
    components: { required: 0, found: 0 },
    kinds: { judged: 0, correct: 0 },
    edges: {
      foundRequired: 0,
      falsePositives: 0,
      optionalFound: 0,
      required: 0,
      requiredVisible: 0,
      foundRequiredVisible: 0,
    },
    entryPoints: { required: 0, foundRequired: 0, falsePositives: 0, optionalFound: 0 },
  };
}

export function addCounts(total: ViewCounts, more: ViewCounts): ViewCounts {
  const sum = <T extends Record<string, number>>(a: T, b: T): T => {
    const result = { ...a };
    for (const key of Object.keys(b) as (keyof T)[])
      result[key] = ((a[key] as number) + (b[key] as number)) as T[keyof T];
    return result;
  };
  return {
    components: sum(total.components, more.components),
    kinds: sum(total.kinds, more.kinds),
    edges: sum(total.edges, more.edges),
    entryPoints: sum(total.entryPoints, more.entryPoints),
  };
}

/** `null` when the denominator is zero: nothing to measure is not the same as a perfect score. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

function f1(precision: number | null, recall: number | null): number | null {
  if (precision === null || recall === null) return null;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

export function metricsOf(counts: ViewCounts): ViewMetrics {
  const { components, kinds, edges, entryPoints } = counts;
  const entryPrecision = ratio(
    entryPoints.foundRequired,
    entryPoints.foundRequired + entryPoints.falsePositives,
  );
  const entryRecall = ratio(entryPoints.foundRequired, entryPoints.required);
  return {
    componentRecall: ratio(components.found, components.required),
    kindAccuracy: ratio(kinds.correct, kinds.judged),
    edgePrecision: ratio(edges.foundRequired, edges.foundRequired + edges.falsePositives),
    edgeRecallVisible: ratio(edges.foundRequiredVisible, edges.requiredVisible),
    edgeRecallAll: ratio(edges.foundRequired, edges.required),
    entryPrecision,
    entryRecall,
    entryF1: f1(entryPrecision, entryRecall),
  };
}
