import { loadYamlDocuments } from "../formats/shared/yaml.js";

/**
 * The hand-labelled expectations of a case (`expected.yaml`) and of a delta (`deltas/<id>/expected.yaml`),
 * read into typed values with the documented defaults filled in. Malformed entries become problems to print,
 * never exceptions: one bad case must not hide the scores of the others.
 */

export interface ExpectedComponent {
  name: string;
  kind: string;
  aliases: string[];
  optional: boolean;
}

export interface ExpectedEdge {
  from: string;
  to: string;
  kind?: string;
  /** False when nothing in the view's inputs shows the edge: it is left out of the visible recall. */
  visible: boolean;
  optional: boolean;
}

export interface ExpectedEntryPoint {
  component: string;
  optional: boolean;
}

/** `[a, b]` forbids both directions; `[a, b, directed]` forbids only a -> b. */
export interface NonEdge {
  from: string;
  to: string;
  directed: boolean;
}

export interface ViewExpectation {
  name: string;
  inputs: string[];
  components: ExpectedComponent[];
  edges: ExpectedEdge[];
  entryPoints: ExpectedEntryPoint[];
  nonEdges: NonEdge[];
}

export interface CaseExpectation {
  name: string;
  views: ViewExpectation[];
}

export type NamePair = readonly [from: string, to: string];

export interface DeltaExpectation {
  id: string;
  subject?: string;
  viewInputs: string[];
  addedComponents: string[];
  removedComponents: string[];
  addedEdges: NamePair[];
  removedEdges: NamePair[];
  optionalComponents: string[];
  optionalEdges: NamePair[];
  /** Canonical name -> other names of the same component (renames, workload names). */
  aliases: Record<string, string[]>;
  negativeControl: boolean;
  notes?: string;
}

export interface Parsed<T> {
  value?: T;
  problems: string[];
}

type Node = Record<string, unknown>;

function loadRoot(text: string, file: string, problems: string[]): Node | undefined {
  const { documents, warnings } = loadYamlDocuments(text, file);
  for (const warning of warnings) problems.push(`${file}:${warning.line ?? "?"}: ${warning.message}`);
  const root = documents[0]?.value;
  if (!isNode(root)) {
    if (warnings.length === 0) problems.push(`${file}: expected a mapping at the top level`);
    return undefined;
  }
  return root;
}

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Scalars as written; YAML may read an unquoted id such as `1e10` as a number. */
function text(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function strings(value: unknown): string[] {
  return list(value).flatMap((item) => {
    const itemText = text(item);
    return itemText === undefined ? [] : [itemText];
  });
}

function pair(value: unknown, where: string, problems: string[]): NamePair | undefined {
  const items = strings(value);
  if (items.length < 2) {
    problems.push(`${where}: expected [from, to], got ${JSON.stringify(value)}`);
    return undefined;
  }
  return [items[0]!, items[1]!];
}

function pairs(value: unknown, where: string, problems: string[]): NamePair[] {
  return list(value).flatMap((item, index) => {
    const names = pair(item, `${where}[${index}]`, problems);
    return names ? [names] : [];
  });
}

export function parseCaseExpectation(
  source: string,
  file: string,
  fallbackName: string,
): Parsed<CaseExpectation> {
  const problems: string[] = [];
  const root = loadRoot(source, file, problems);
  if (!root) return { problems };
  const views = list(root["views"]).flatMap((view, index) =>
    parseView(view, `${file}: views[${index}]`, problems),
  );
  if (views.length === 0) problems.push(`${file}: no views`);
  return { value: { name: text(root["case"]) ?? fallbackName, views }, problems };
}

function parseView(value: unknown, where: string, problems: string[]): ViewExpectation[] {
  if (!isNode(value)) {
    problems.push(`${where}: expected a mapping`);
    return [];
  }
  const name = text(value["name"]) ?? where;
  const inputs = strings(value["inputs"]);
  if (inputs.length === 0) problems.push(`${where} (${name}): no inputs`);
  const components = list(value["components"]).flatMap((item, index) => {
    const componentName = isNode(item) ? text(item["name"]) : undefined;
    if (!isNode(item) || componentName === undefined) {
      problems.push(`${where}.components[${index}]: a component needs a name`);
      return [];
    }
    return [
      {
        name: componentName,
        kind: text(item["kind"]) ?? "",
        aliases: strings(item["aliases"]),
        optional: item["optional"] === true,
      },
    ];
  });
  const edges = list(value["edges"]).flatMap((item, index) => {
    const from = isNode(item) ? text(item["from"]) : undefined;
    const to = isNode(item) ? text(item["to"]) : undefined;
    if (!isNode(item) || from === undefined || to === undefined) {
      problems.push(`${where}.edges[${index}]: an edge needs from and to`);
      return [];
    }
    const kind = text(item["kind"]);
    return [
      {
        from,
        to,
        ...(kind ? { kind } : {}),
        visible: item["visible"] !== false,
        optional: item["optional"] === true,
      },
    ];
  });
  const entryPoints = list(value["entry_points"]).flatMap((item, index) => {
    const component = isNode(item) ? text(item["component"]) : text(item);
    if (component === undefined) {
      problems.push(`${where}.entry_points[${index}]: an entry point needs a component`);
      return [];
    }
    return [{ component, optional: isNode(item) && item["optional"] === true }];
  });
  const nonEdges = list(value["non_edges"]).flatMap((item, index) => {
    const names = pair(item, `${where}.non_edges[${index}]`, problems);
    if (!names) return [];
    return [{ from: names[0], to: names[1], directed: strings(item)[2] === "directed" }];
  });
  return [{ name, inputs, components, edges, entryPoints, nonEdges }];
}

export function parseDeltaExpectation(source: string, file: string, id: string): Parsed<DeltaExpectation> {
  const problems: string[] = [];
  const root = loadRoot(source, file, problems);
  if (!root) return { problems };
  const viewInputs = strings(root["view_inputs"]);
  if (viewInputs.length === 0) problems.push(`${file}: no view_inputs`);
  const aliases: Record<string, string[]> = {};
  if (isNode(root["aliases"])) {
    for (const [name, others] of Object.entries(root["aliases"])) aliases[name] = strings(others);
  }
  const subject = text(root["subject"]);
  const notes = text(root["notes"]);
  return {
    value: {
      // The folder name is the id: an unquoted hex id may have been read as a number.
      id,
      ...(subject !== undefined ? { subject } : {}),
      viewInputs,
      addedComponents: strings(root["added_components"]),
      removedComponents: strings(root["removed_components"]),
      addedEdges: pairs(root["added_edges"], `${file}: added_edges`, problems),
      removedEdges: pairs(root["removed_edges"], `${file}: removed_edges`, problems),
      optionalComponents: strings(root["optional_components"]),
      optionalEdges: pairs(root["optional_edges"], `${file}: optional_edges`, problems),
      aliases,
      negativeControl: root["negative_control"] === true,
      ...(notes !== undefined ? { notes } : {}),
    },
    problems,
  };
}
