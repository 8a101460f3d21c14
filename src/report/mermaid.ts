/**
 * A Mermaid flowchart of one system's head graph with what the change added and removed marked.
 * GitHub refuses diagrams over 50,000 characters or 500 edges, so past a cap only the changed
 * components and their neighbours are drawn and the rest is counted in a note.
 */
import { isUnresolved } from "../graph/diff.js";
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
/** Longer names are shortened in the middle: a diagram is read at a glance, the report has the full names. */
const MAX_LABEL_LENGTH = 28;
const CLIENT_ID = "client";
const NOTE_ID = "omitted";
const BACKGROUND_ID = "background";

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

// Colour says what changed (kinds are told by shape): unchanged grey, added green, removed red and dashed.
const CLASS_DEFS = [
  "  classDef client fill:#ffffff,stroke:#57606a,color:#24292f",
  "  classDef unchanged fill:#f6f8fa,stroke:#8c959f,color:#24292f",
  "  classDef added fill:#dafbe1,stroke:#1a7f37,stroke-width:2px,color:#0f5323",
  "  classDef removed fill:#ffebe9,stroke:#cf222e,stroke-width:2px,stroke-dasharray:5 5,color:#82071e",
  "  classDef note fill:#fff,stroke:#d0d7de,color:#57606a",
];
const BACKGROUND_STYLE = `  style ${BACKGROUND_ID} fill:#fbfbfc,stroke:#d0d7de,stroke-dasharray:3 3,color:#57606a\n`;

const LINK_STYLES: Record<"added" | "removed" | "toward", string> = {
  added: "stroke:#1a7f37,stroke-width:3px",
  removed: "stroke:#cf222e,stroke-width:2px,stroke-dasharray:6 4",
  // Unchanged calls a request takes on its way to what was added: the new path reads end to end.
  toward: "stroke:#1a7f37,stroke-width:2px",
};

/** `…` in the middle keeps both ends of a long name, which is where names differ. */
function shorten(text: string, max = MAX_LABEL_LENGTH): string {
  if (text.length <= max) return text;
  const head = Math.ceil((max - 1) / 2);
  return clip(text, head + 1).slice(0, head) + "…" + text.slice(text.length - (max - 1 - head));
}

/**
 * A Terraform address (`aws_ecs_service.api`, `module.app.aws_lb.web`) reads best as its name over its type, on two
 * short lines; host names keep their dots.
 */
function label(component: Component, suffix = ""): string {
  const plain = plainText(component.name);
  const dot = plain.lastIndexOf(".");
  const address =
    component.kind !== "external" && dot > 0 && plain.slice(0, dot).includes("_") && plain.length > 16;
  const body = address
    ? `${escapeMermaidLabel(shorten(plain.slice(dot + 1)))}<br>${escapeMermaidLabel(shorten(plain.slice(0, dot)))}`
    : escapeMermaidLabel(shorten(plain));
  return `"${body}${suffix}"`;
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
      return `[/${text}/]`;
    default:
      return `[${text}]`;
  }
}

function nodeLine(ids: MermaidIds, component: Component, mark: Mark, formerName?: string): string {
  const id = ids.of(component.name);
  const was = formerName === undefined ? "" : ` (was ${escapeMermaidLabel(shorten(plainText(formerName)))})`;
  const suffix = `${isUnresolved(component) ? " (unresolved)" : ""}${mark === "removed" ? " (removed)" : ""}${was}`;
  // A component no file defines yet is no outside service: a plain rounded box, named unresolved as in the tables.
  const text = label(component, suffix);
  const drawn = isUnresolved(component) ? `(${text})` : shape(component.kind, text);
  return `  ${id}${drawn}:::${mark}\n`;
}

/** Solid arrows are calls a request waits for; dotted ones go through a queue. */
function edgeLine(ids: MermaidIds, from: string, to: string, kind: Edge["kind"]): string {
  const arrow = kind === "async" ? "-.->" : "-->";
  return `  ${from === CLIENT_ID ? CLIENT_ID : ids.of(from)} ${arrow} ${ids.of(to)}\n`;
}

/** What the diagram can show: head components and edges plus the removed ones, each marked. */
function collect(system: SystemReport): {
  ids: MermaidIds;
  nodes: Map<string, DrawnNode & { mark: Mark }>;
  edges: DrawnEdge[];
} {
  const ids = new MermaidIds([CLIENT_ID, NOTE_ID, BACKGROUND_ID]);
  const graph = system.head ?? system.base;
  const delta = system.delta;
  const wholeMark: Mark | undefined =
    system.status === "added" ? "added" : system.status === "removed" ? "removed" : undefined;
  const added = new Set(delta.addedComponents.map((component) => component.name));
  const formerNames = new Map(delta.renamedComponents.map((rename) => [rename.head.name, rename.base.name]));
  const nodes = new Map<string, DrawnNode & { mark: Mark }>();
  const addNode = (component: Component, mark: Mark) => {
    if (nodes.has(component.name)) return;
    const line = nodeLine(ids, component, mark, formerNames.get(component.name));
    nodes.set(component.name, { name: component.name, mark, line });
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
      line: edgeLine(ids, edge.from, edge.to, edge.kind),
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

/** Where each drawn thing goes: background components apart, the calls leading to a change highlighted. */
interface Layout {
  background: ReadonlySet<string>;
}

const NO_LAYOUT: Layout = { background: new Set() };

function layoutOf(system: SystemReport): Layout {
  const entries = new Set(entryComponents(system));
  return { background: new Set((system.background ?? []).filter((name) => !entries.has(name))) };
}

/**
 * The unchanged calls (the client's included) on the way from a client to something added: walking back from
 * every added call and component over the drawn calls.
 */
function towardChange(
  nodes: DrawnNode[],
  marks: Map<string, Mark>,
  edges: DrawnEdge[],
  clientTargets: string[],
): Set<string> {
  const reached = new Set<string>();
  for (const node of nodes) if (marks.get(node.name) === "added") reached.add(node.name);
  for (const edge of edges) if (edge.mark === "added") reached.add(edge.from);
  const calls = [
    ...clientTargets.map((to) => ({ from: CLIENT_ID, to, mark: "unchanged" as Mark })),
    ...edges,
  ];
  const toward = new Set<string>();
  for (let grew = true; grew;) {
    grew = false;
    for (const call of calls) {
      if (call.mark !== "unchanged" || !reached.has(call.to) || toward.has(`${call.from}\u0000${call.to}`))
        continue;
      toward.add(`${call.from}\u0000${call.to}`);
      if (!reached.has(call.from)) reached.add(call.from);
      grew = true;
    }
  }
  return toward;
}

function assemble(
  ids: MermaidIds,
  nodes: (DrawnNode & { mark?: Mark })[],
  edges: DrawnEdge[],
  clientTargets: string[],
  layout: Layout,
  note?: string,
): string {
  const lines: string[] = ["flowchart LR\n"];
  if (clientTargets.length > 0) lines.push(`  ${CLIENT_ID}(["client"]):::client\n`);
  const background = nodes.filter((node) => layout.background.has(node.name));
  for (const node of nodes) if (!layout.background.has(node.name)) lines.push(node.line);
  if (background.length > 0) {
    lines.push(`  subgraph ${BACKGROUND_ID} ["background: no request waits for these"]\n`);
    for (const node of background) lines.push(`  ${node.line}`);
    lines.push("  end\n");
  }
  if (note) lines.push(`  ${NOTE_ID}["${escapeMermaidLabel(note)}"]:::note\n`);
  const marks = new Map(nodes.map((node) => [node.name, node.mark ?? "unchanged"]));
  const toward = towardChange(nodes, marks, edges, clientTargets);
  const styled: Record<keyof typeof LINK_STYLES, number[]> = { added: [], removed: [], toward: [] };
  let index = 0;
  for (const target of clientTargets) {
    lines.push(edgeLine(ids, CLIENT_ID, target, "sync"));
    if (toward.has(`${CLIENT_ID}\u0000${target}`)) styled.toward.push(index);
    index += 1;
  }
  for (const edge of edges) {
    lines.push(edge.line);
    if (edge.mark !== "unchanged") styled[edge.mark].push(index);
    else if (toward.has(`${edge.from}\u0000${edge.to}`)) styled.toward.push(index);
    index += 1;
  }
  lines.push(CLASS_DEFS.join("\n") + "\n");
  if (background.length > 0) lines.push(BACKGROUND_STYLE);
  for (const [kind, indexes] of Object.entries(styled)) {
    if (indexes.length > 0)
      lines.push(`  linkStyle ${indexes.join(",")} ${LINK_STYLES[kind as keyof typeof LINK_STYLES]}\n`);
  }
  return lines.join("").trimEnd();
}

export function renderMermaidDiagram(system: SystemReport, options: MermaidOptions = {}): MermaidDiagram {
  const maxEdges = Math.max(1, options.maxEdges ?? DEFAULT_MAX_EDGES);
  const maxChars = Math.max(200, options.maxChars ?? DEFAULT_MAX_DIAGRAM_CHARS);
  const { ids, nodes, edges } = collect(system);
  const entries = entryComponents(system).filter((name) => nodes.has(name));

  if (edges.length + entries.length <= maxEdges) {
    const text = assemble(ids, [...nodes.values()], edges, entries, layoutOf(system));
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
  for (const change of [...delta.changedComponents, ...delta.renamedComponents]) names.push(change.head.name);
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
  const reserve = assemble(new MermaidIds(), [], [], ["x"], NO_LAYOUT, "0".repeat(160)).length + 3 * 60;
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
  for (const name of clientTargets) budget -= edgeLine(ids, CLIENT_ID, name, "sync").length + 1;

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
      text: assemble(ids, [...pickedNodes.values()], pickedEdges, clientTargets, layoutOf(system), note),
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
