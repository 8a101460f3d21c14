import { createHash } from "node:crypto";
import type { SystemGraph } from "../graph/model.js";

/**
 * A hash of what the report is about (per system: component names and kinds, calls and their kinds, entry
 * points, on both sides) and of the availability it was computed with. Evidence, lines, sizes and declaration
 * order are left out, so moving a block inside a file or editing a comment does not change it.
 */
export function fingerprint(
  pairs: ReadonlyArray<{ id: string; base?: SystemGraph; head?: SystemGraph }>,
  componentAvailability: number,
): string {
  const systems = [...pairs]
    .sort((left, right) => compare(left.id, right.id))
    .map(({ id, base, head }) => {
      // One tree described on its own is both sides of its report: its canonical form is worked out once.
      const before = canonical(base);
      return [id, before, head === base ? before : canonical(head)];
    });
  const text = JSON.stringify({ version: 1, componentAvailability, systems });
  return createHash("sha256").update(text).digest("hex");
}

function canonical(system: SystemGraph | undefined): unknown {
  if (!system) return null;
  const components = unique(system.components.map((component) => [component.name, component.kind]));
  const edges = unique(system.edges.map((edge) => [edge.from, edge.to, edge.kind]));
  const entryPoints = unique(system.entryPoints.map((entryPoint) => [entryPoint.component, entryPoint.via]));
  return { format: system.format, components, edges, entryPoints };
}

function unique(rows: string[][]): string[][] {
  const byKey = new Map(rows.map((row) => [JSON.stringify(row), row]));
  return [...byKey.entries()].sort(([left], [right]) => compare(left, right)).map(([, row]) => row);
}

function compare(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
