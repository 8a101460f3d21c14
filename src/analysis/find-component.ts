import type { Component, SystemGraph } from "../graph/model.js";

export interface FoundComponent {
  system: SystemGraph;
  component: Component;
}

function known(component: Component): string[] {
  return [component.name, ...(component.aliases ?? [])].map((name) => name.toLowerCase());
}

/**
 * Every component called `name` (or known by it as an alias), whatever the case, in every system: the same name
 * may be a service in a compose project and a Deployment in a cluster.
 */
export function findComponents(systems: readonly SystemGraph[], name: string): FoundComponent[] {
  const wanted = name.toLowerCase();
  const exact: FoundComponent[] = [];
  const byAlias: FoundComponent[] = [];
  for (const system of systems) {
    for (const component of system.components) {
      if (component.name.toLowerCase() === wanted) exact.push({ system, component });
      else if (known(component).includes(wanted)) byAlias.push({ system, component });
    }
  }
  return exact.length > 0 ? exact : byAlias;
}

/** Edits (insert, delete, substitute, swap two neighbours) turning one word into the other. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[rows - 1]![cols - 1]!;
}

/** Longer words than this are only matched by containment: a hostile name must not cost a quadratic table. */
const MAX_COMPARED_LENGTH = 64;

/**
 * The names closest to a misspelt one, best first: a few edits away (more for longer words), or containing it
 * or contained in it (`pay` for `payments`).
 */
export function closestNames(candidates: Iterable<string>, wanted: string, limit = 3): string[] {
  const query = wanted.toLowerCase();
  const scored: { name: string; score: number }[] = [];
  for (const name of new Set(candidates)) {
    const lower = name.toLowerCase();
    const contains = query.length >= 2 && (lower.includes(query) || query.includes(lower));
    const distance =
      lower.length <= MAX_COMPARED_LENGTH && query.length <= MAX_COMPARED_LENGTH
        ? editDistance(lower, query)
        : Number.POSITIVE_INFINITY;
    const allowed = Math.max(2, Math.floor(Math.max(lower.length, query.length) / 3));
    if (distance <= allowed) scored.push({ name, score: distance });
    else if (contains) scored.push({ name, score: allowed + 1 });
  }
  scored.sort((x, y) => x.score - y.score || x.name.localeCompare(y.name));
  return scored.slice(0, limit).map((entry) => entry.name);
}

/** Every name a user may type for a component of these systems. */
export function componentNames(systems: readonly SystemGraph[]): string[] {
  return systems.flatMap((system) => system.components.map((component) => component.name));
}
