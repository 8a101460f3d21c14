/**
 * A Mermaid flowchart of one system's head graph with what the change added and removed marked.
 * GitHub refuses diagrams over 50,000 characters or 500 edges, so past a cap only the changed
 * components and their neighbours are drawn and the rest is counted in a note.
 */
import type { Component, ComponentKind, Edge } from "../graph/model.js";
import { edgeKey } from "../graph/model.js";
import type { SystemReport } from "../analysis/types.js";
import { clip, escapeMermaidLabel, MermaidIds, plainText } from "./escape.js";

export interface MermaidOptions {
  /** Edges drawn before the diagram is cut down to the changed part (default 300). */
  maxEdges?: number;
  /** Characters before the diagram is cut down (default 40,000). */
  maxChars?: number;
}

export interface MermaidDiagram {
  text: string;
  /** True when only the changed components and their neighbours are drawn. */
  capped: boolean;
  omittedComponents: string[];
  omittedEdges: Pick<Edge, "from" | "to" | "kind">[];
  drawnComponents: number;
  drawnEdges: number;
}

export const DEFAULT_MAX_EDGES = 300;
export const DEFAULT_MAX_DIAGRAM_CHARS = 40_000;
const MAX_LABEL_LENGTH = 80;
const CLIENT_ID = "client";
const NOTE_ID = "omitted";

type Mark = "added" | "removed" | "unchanged";

interface DrawnNode {
  name: string;
  line: string;
}

interface DrawnEdge {
  from: string;
  to: string;
  kind: Edge["kind"];
  mark: Mark;
  line: string;
}

const CLASS_DEFS = [
  "  classDef client fill:#eaeef2,stroke:#57606a,color:#24292f",
  "  classDef store fill:#fff8c5,stroke:#9a6700,color:#24292f",
  "  classDef queue fill:#fbefff,stroke:#8250df,color:#24292f",
  "  classDef gateway fill:#ddf4ff,stroke:#0969da,color:#24292f",
  "  classDef external fill:#f6f8fa,stroke:#6e7781,color:#24292f,stroke-dasharray:3 3",
  "  classDef added stroke:#1a7f37,stroke-width:3px",
  "  classDef removed stroke:#cf222e,stroke-width:2px,stroke-dasharray:5 5,color:#cf222e",
  "  classDef note fill:#fff,stroke:#d0d7de,color:#57606a",
];

const KIND_CLASS: Record<ComponentKind, string | undefined> = {
  service: undefined,
  datastore: "store",
  cache: "store",
  queue: "queue",
  gateway: "gateway",
  external: "external",
};

function label(text: string, suffix = ""): string {
  return `"${escapeMermaidLabel(clip(plainText(text), MAX_LABEL_LENGTH))}${suffix}"`;
}

function shape(kind: ComponentKind, text: string): string {
  switch (kind) {
    case "datastore":
    case "cache":
      return `[(${text})]`;
    case "queue":
      return `[[${text}]]`;
    case "gateway":
      return `{{${text}}}`;
    case "external":
      return `((${text}))`;
    default:
      return `[${text}]`;
  }
}

function nodeLine(ids: MermaidIds, component: Component, mark: Mark): string {
  const id = ids.of(component.name);
  const kindClass = KIND_CLASS[component.kind];
  let line = `  ${id}${shape(component.kind, label(component.name, mark === "removed" ? " (removed)" : ""))}`;
  if (kindClass) line += `:::${kindClass}`;
  line += "\n";
  if (mark !== "unchanged") line += `  class ${id} ${mark}\n`;
  return line;
}

function edgeLine(ids: MermaidIds, from: string, to: string, mark: Mark): string {
  const arrow = mark === "added" ? "==>" : mark === "removed" ? "-. removed .->" : "-->";
  return `  ${from === CLIENT_ID ? CLIENT_ID : ids.of(from)} ${arrow} ${ids.of(to)}\n`;
}

/** What the diagram can show: head components and edges plus the removed ones, each marked. */
function collect(system: SystemReport): {
  ids: MermaidIds;
  nodes: Map<string, DrawnNode & { mark: Mark }>;
  edges: DrawnEdge[];
} {
  const ids = new MermaidIds([CLIENT_ID, NOTE_ID]);
  const graph = system.head ?? system.base;
  const delta = system.delta;
  const wholeMark: Mark | undefined =
    system.status === "added" ? "added" : system.status === "removed" ? "removed" : undefined;
  const added = new Set(delta.addedComponents.map((component) => component.name));
  const nodes = new Map<string, DrawnNode & { mark: Mark }>();
  const addNode = (component: Component, mark: Mark) => {
    if (nodes.has(component.name)) return;
    nodes.set(component.name, { name: component.name, mark, line: nodeLine(ids, component, mark) });
  };
  for (const component of graph?.components ?? []) {
    addNode(component, wholeMark ?? (added.has(component.name) ? "added" : "unchanged"));
  }
  for (const component of delta.removedComponents) addNode(component, "removed");

  const addedEdges = new Set(delta.addedEdges.map(edgeKey));
  const edges: DrawnEdge[] = [];
  const seen = new Set<string>();
  const addEdge = (edge: Edge, mark: Mark) => {
    const key = edgeKey(edge);
    if (seen.has(key) || !nodes.has(edge.from) || !nodes.has(edge.to)) return;
    seen.add(key);
    edges.push({
      from: edge.from,
      to: edge.to,
      kind: edge.kind,
      mark,
      line: edgeLine(ids, edge.from, edge.to, mark),
    });
  };
  for (const edge of graph?.edges ?? []) {
    addEdge(edge, wholeMark ?? (addedEdges.has(edgeKey(edge)) ? "added" : "unchanged"));
  }
  for (const edge of delta.removedEdges) addEdge(edge, "removed");
  return { ids, nodes, edges };
}

function entryComponents(system: SystemReport): string[] {
  const graph = system.head ?? system.base;
  return [...new Set((graph?.entryPoints ?? []).map((entry) => entry.component))];
}

function assemble(
  ids: MermaidIds,
  nodes: DrawnNode[],
  edges: DrawnEdge[],
  clientTargets: string[],
  note?: string,
): string {
  const lines: string[] = ["flowchart LR\n"];
  if (clientTargets.length > 0) lines.push(`  ${CLIENT_ID}(["client"]):::client\n`);
  for (const node of nodes) lines.push(node.line);
  if (note) lines.push(`  ${NOTE_ID}["${escapeMermaidLabel(note)}"]:::note\n`);
  const styled: Record<"added" | "removed", number[]> = { added: [], removed: [] };
  let index = 0;
  for (const target of clientTargets) {
    lines.push(edgeLine(ids, CLIENT_ID, target, "unchanged"));
    index += 1;
  }
  for (const edge of edges) {
    lines.push(edge.line);
    if (edge.mark !== "unchanged") styled[edge.mark].push(index);
    index += 1;
  }
  lines.push(CLASS_DEFS.join("\n") + "\n");
  if (styled.added.length > 0)
    lines.push(`  linkStyle ${styled.added.join(",")} stroke:#1a7f37,stroke-width:3px\n`);
  if (styled.removed.length > 0)
    lines.push(`  linkStyle ${styled.removed.join(",")} stroke:#cf222e,stroke-dasharray:5 5\n`);
  return lines.join("").trimEnd();
}

export function renderMermaidDiagram(system: SystemReport, options: MermaidOptions = {}): MermaidDiagram {
  const maxEdges = Math.max(1, options.maxEdges ?? DEFAULT_MAX_EDGES);
  const maxChars = Math.max(200, options.maxChars ?? DEFAULT_MAX_DIAGRAM_CHARS);
  const { ids, nodes, edges } = collect(system);
  const entries = entryComponents(system).filter((name) => nodes.has(name));

  if (edges.length + entries.length <= maxEdges) {
    const text = assemble(ids, [...nodes.values()], edges, entries);
    if (text.length <= maxChars) {
      return {
        text,
        capped: false,
        omittedComponents: [],
        omittedEdges: [],
        drawnComponents: nodes.size,
        drawnEdges: edges.length + entries.length,
      };
    }
  }
  return cappedDiagram(system, ids, nodes, edges, entries, maxEdges, maxChars);
}

function changedNames(system: SystemReport, nodes: Map<string, { mark: Mark }>): string[] {
  const names: string[] = [];
  for (const [name, node] of nodes) if (node.mark !== "unchanged") names.push(name);
  const delta = system.delta;
  for (const change of delta.changedComponents) names.push(change.head.name);
  for (const edge of [
    ...delta.addedEdges,
    ...delta.removedEdges,
    ...delta.changedEdges.map((pair) => pair.head),
  ]) {
    names.push(edge.from, edge.to);
  }
  return [...new Set(names)].filter((name) => nodes.has(name));
}

function cappedDiagram(
  system: SystemReport,
  ids: MermaidIds,
  nodes: Map<string, DrawnNode & { mark: Mark }>,
  edges: DrawnEdge[],
  entries: string[],
  maxEdges: number,
  maxChars: number,
): MermaidDiagram {
  let seeds = changedNames(system, nodes);
  if (seeds.length === 0) seeds = entries.length > 0 ? entries : [...nodes.keys()].slice(0, 1);
  const seedOrder = new Map(seeds.map((name, index) => [name, index]));
  const rank = (edge: DrawnEdge): number => {
    const a = seedOrder.get(edge.from);
    const b = seedOrder.get(edge.to);
    const best = Math.min(a ?? Infinity, b ?? Infinity);
    return (edge.mark === "unchanged" ? 1 : 0) * 1e9 + best;
  };
  const candidates = edges
    .filter((edge) => seedOrder.has(edge.from) || seedOrder.has(edge.to))
    .map((edge) => ({ edge, rank: rank(edge) }))
    .sort((left, right) => left.rank - right.rank)
    .map((item) => item.edge);

  // Room for the header, class definitions, the note and the link styles (at most 7 characters an edge).
  const reserve = assemble(new MermaidIds(), [], [], ["x"], "0".repeat(160)).length + 2 * 40;
  let budget = maxChars - reserve;
  const pickedNodes = new Map<string, DrawnNode>();
  const pickedEdges: DrawnEdge[] = [];
  const edgeLimit = Math.max(0, maxEdges - entries.length);
  const cost = (name: string) => (pickedNodes.has(name) ? 0 : nodes.get(name)!.line.length);

  for (const edge of candidates) {
    if (pickedEdges.length >= edgeLimit) break;
    const price = cost(edge.from) + (edge.to === edge.from ? 0 : cost(edge.to)) + edge.line.length + 7;
    if (price > budget) continue;
    budget -= price;
    pickedNodes.set(edge.from, nodes.get(edge.from)!);
    pickedNodes.set(edge.to, nodes.get(edge.to)!);
    pickedEdges.push(edge);
  }
  for (const name of seeds) {
    const price = cost(name);
    if (price > 0 && price <= budget) {
      budget -= price;
      pickedNodes.set(name, nodes.get(name)!);
    }
  }
  const clientRoom = () => Math.max(0, maxEdges - pickedEdges.length);
  let clientTargets = entries.filter((name) => pickedNodes.has(name)).slice(0, clientRoom());
  for (const name of clientTargets) budget -= edgeLine(ids, CLIENT_ID, name, "unchanged").length + 1;

  const build = (): MermaidDiagram => {
    const omittedComponents = [...nodes.keys()].filter((name) => !pickedNodes.has(name));
    const drawn = new Set(pickedEdges.map((edge) => edgeKey(edge)));
    const omittedEdges = edges
      .filter((edge) => !drawn.has(edgeKey(edge)))
      .map(({ from, to, kind }) => ({ from, to, kind }));
    const note =
      `Only changed components and their neighbours are drawn: ${omittedComponents.length} ` +
      `components and ${omittedEdges.length} edges left out (listed in the report)`;
    return {
      text: assemble(ids, [...pickedNodes.values()], pickedEdges, clientTargets, note),
      capped: true,
      omittedComponents,
      omittedEdges,
      drawnComponents: pickedNodes.size,
      drawnEdges: pickedEdges.length + clientTargets.length,
    };
  };

  let diagram = build();
  // The budget above is an estimate; shed the last picks until the text truly fits.
  while (diagram.text.length > maxChars && (pickedEdges.length > 0 || pickedNodes.size > 0)) {
    const drop = Math.max(1, Math.ceil(pickedEdges.length / 10));
    pickedEdges.splice(pickedEdges.length - drop);
    if (pickedEdges.length === 0) pickedNodes.clear();
    else {
      const keep = new Set(pickedEdges.flatMap((edge) => [edge.from, edge.to]));
      for (const name of [...pickedNodes.keys()]) if (!keep.has(name)) pickedNodes.delete(name);
    }
    clientTargets = entries.filter((name) => pickedNodes.has(name)).slice(0, clientRoom());
    diagram = build();
  }
  return diagram;
}

/** The Mermaid source (without the code fence) of the system's head graph. */
export function renderMermaid(system: SystemReport, options: MermaidOptions = {}): string {
  return renderMermaidDiagram(system, options).text;
}
