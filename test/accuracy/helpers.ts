import type { ChangeReport, SystemReport } from "../../src/analysis/types.js";
import type { Component, ComponentKind, Edge, GraphSet, SystemGraph } from "../../src/graph/model.js";
import { tempDir, writeFiles } from "../helpers.js";
import { deltaOf } from "../report/fixtures.js";

/** Writes `files` (path -> text) under a fresh temporary folder and returns it. */
export async function writeTree(files: Record<string, string>): Promise<string> {
  const root = await tempDir("accuracy");
  await writeFiles(root, files);
  return root;
}

export function component(name: string, kind: ComponentKind, aliases: string[] = []): Component {
  return {
    name,
    kind,
    system: "test:.",
    location: { file: "app.yml", line: 1 },
    ...(aliases.length ? { aliases } : {}),
  };
}

export function edge(from: string, to: string, rule = "test/rule"): Edge {
  return {
    from,
    to,
    kind: "sync",
    evidence: [{ file: "app.yml", line: 7, rule, detail: `${from} needs ${to}` }],
  };
}

export function system(
  id: string,
  components: Component[],
  edges: Edge[] = [],
  entryPoints: string[] = [],
): SystemGraph {
  return {
    id,
    format: id.split(":")[0]!,
    components,
    edges,
    entryPoints: entryPoints.map((name) => ({
      component: name,
      via: "published port 80",
      evidence: [{ file: "app.yml", line: 3, rule: "test/port", detail: "80:80" }],
    })),
  };
}

export function graphSet(...systems: SystemGraph[]): GraphSet {
  return { systems, warnings: [], notes: [] };
}

/** A change report for one system, with the delta computed by plain name comparison. */
export function changeReport(base: SystemGraph | undefined, head: SystemGraph | undefined): ChangeReport {
  const delta = deltaOf(base, head);
  const changed =
    delta.addedComponents.length +
      delta.removedComponents.length +
      delta.addedEdges.length +
      delta.removedEdges.length >
    0;
  const report: SystemReport = {
    system: (head ?? base)!.id,
    format: (head ?? base)!.format,
    status: !base ? "added" : !head ? "removed" : changed ? "changed" : "unchanged",
    delta,
    entryPoints: [],
    blastRadius: [],
    mergeCandidates: [],
    background: [],
    ...(base ? { base } : {}),
    ...(head ? { head } : {}),
  };
  return {
    headline: changed ? "changed" : "no architectural change",
    changed,
    fingerprint: "test",
    systems: [report],
    warnings: [],
    notes: [],
    options: { componentAvailability: 0.999, timeBudgetMs: 1000 },
  };
}
