import { createRequire } from "node:module";
import type * as JsYaml from "js-yaml";
import type { ExtractionWarning } from "../../graph/model.js";
import { sharedParse } from "./parse-share.js";

// The CommonJS build parses 2-3x faster than the ESM build on Node 20. It is loaded with the first YAML file, so
// a command that reads none (or a tree of Terraform only) does not pay for it at start-up.
let yaml: typeof JsYaml;
let EVENT_ID: Record<"DOCUMENT" | "SEQUENCE" | "MAPPING" | "SCALAR" | "ALIAS" | "POP", number>;
// Compose files share blocks through `x-...: &anchor` and `<<: *anchor`, which the core schema leaves alone.
let SCHEMA: JsYaml.Schema;

function loadParser(): void {
  if (yaml !== undefined) return;
  yaml = createRequire(import.meta.url)("js-yaml") as typeof JsYaml;
  EVENT_ID = (yaml as unknown as { EVENT_ID: typeof EVENT_ID }).EVENT_ID;
  SCHEMA = yaml.CORE_SCHEMA.withTags(yaml.mergeTag);
}

export type YamlPath = readonly (string | number)[];

/** A YAML mapping (a JSON object) as loaded: keys are strings, values anything. */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export interface YamlDocument {
  value: unknown;
  /** 1-based line where the document's content starts. */
  line: number;
  /** Line of the key (or item) at `path`, or of its nearest located ancestor. */
  lineOf(path: YamlPath): number;
}

export interface YamlLoadResult {
  documents: YamlDocument[];
  warnings: ExtractionWarning[];
}

export interface YamlLimits {
  /** Nodes a document may expand to once aliases are followed (stops billion-laughs files). */
  maxExpandedNodes: number;
  maxDepth: number;
}

const DEFAULT_LIMITS: YamlLimits = { maxExpandedNodes: 2_000_000, maxDepth: 100 };

/**
 * Parses untrusted YAML into plain values with line numbers, one entry per document.
 * Never throws: syntax errors and oversized documents become warnings naming the file and line.
 * Within a comparison, a file with the same path and text at base and head is parsed once (see parse-share.ts).
 */
export function loadYamlDocuments(text: string, file: string, limits?: Partial<YamlLimits>): YamlLoadResult {
  if (limits) return loadDocuments(text, file, limits);
  const loaded = sharedParse("yaml", file, text, () => loadDocuments(text, file, {}));
  // Callers add their own findings to the lists they are given.
  return { documents: [...loaded.documents], warnings: [...loaded.warnings] };
}

function loadDocuments(original: string, file: string, limits: Partial<YamlLimits>): YamlLoadResult {
  const { maxExpandedNodes, maxDepth } = { ...DEFAULT_LIMITS, ...limits };
  loadParser();
  let events: JsYaml.Event[];
  let text: string;
  try {
    ({ events, text } = parseEvents(original, file, maxDepth));
  } catch (error) {
    return { documents: [], warnings: [yamlWarning("yaml/invalid", file, error, new LineIndex(original))] };
  }
  const lines = new LineIndex(text);
  const warnings: ExtractionWarning[] = [];
  const documents: YamlDocument[] = [];
  const { spans, index } = scanEvents(text, events);
  const finder = new LineFinder(text, index, lines);
  // Strict first: a duplicated key is a mistake Compose and kubectl reject; it is reported, then read as the
  // last one wins.
  const constructOptions = { source: text, filename: file, schema: SCHEMA, json: false };
  // Each call has a fixed cost, so a file whose documents are all in bounds is built in one call; only when that
  // fails is each document built alone, so one bad document does not hide the others.
  let built: unknown[] | undefined;
  if (spans.every((span) => span.expandedNodes <= maxExpandedNodes)) {
    try {
      built = yaml.constructFromEvents(events, constructOptions);
      if (built.length !== spans.length) built = undefined;
    } catch {
      built = undefined;
    }
  }
  spans.forEach((span, index) => {
    const root = span.start + 1;
    const line = finder.lineOfEvent(root);
    if (built) {
      const value = built[index];
      if (value !== undefined && value !== null)
        documents.push({ value, line, lineOf: finder.below(root, line) });
      return;
    }
    if (span.expandedNodes > maxExpandedNodes) {
      warnings.push({
        id: "yaml/too-large",
        file,
        line,
        message: `document expands to more than ${maxExpandedNodes.toLocaleString("en-US")} nodes through aliases; skipped`,
      });
      return;
    }
    const documentEvents = events.slice(span.start, span.end);
    try {
      let value: unknown;
      try {
        [value] = yaml.constructFromEvents(documentEvents, constructOptions);
      } catch (error) {
        if ((error as { reason?: string }).reason !== "duplicated mapping key") throw error;
        warnings.push(
          yamlWarning(
            "yaml/duplicate-key",
            file,
            error,
            lines,
            "a key defined twice in one mapping; the last definition is used",
          ),
        );
        [value] = yaml.constructFromEvents(documentEvents, { ...constructOptions, json: true });
      }
      if (value === undefined || value === null) return;
      documents.push({ value, line, lineOf: finder.below(root, line) });
    } catch (error) {
      warnings.push(yamlWarning("yaml/invalid", file, error, lines));
    }
  });
  return { documents, warnings };
}

// Compose and kubectl read YAML with Go's parser, which accepts the lines of a multi-line flow collection at or left
// of the key holding it (`command: [` ... a closing `]` under `command`); js-yaml follows the YAML spec and stops with
// "deficient indentation". Such a line is moved right until the file parses, a bounded number of times, so a file
// the runtime reads is read. Only leading spaces are added: every line keeps its number.
const MAX_INDENT_REPAIRS = 32;

function parseEvents(
  original: string,
  file: string,
  maxDepth: number,
): { events: JsYaml.Event[]; text: string } {
  let text = original;
  let firstError: unknown;
  for (let repairs = 0; ; repairs++) {
    try {
      return { events: yaml.parseEvents(text, { filename: file, maxDepth }), text };
    } catch (error) {
      firstError ??= error;
      const { reason, mark } = error as { reason?: string; mark?: { line?: number } };
      if (reason !== "deficient indentation" || mark?.line === undefined || repairs === MAX_INDENT_REPAIRS)
        throw firstError;
      text = indentLine(text, mark.line);
    }
  }
}

/** Indents 0-based line `line` one column past the nearest line above it that has content. */
function indentLine(text: string, line: number): string {
  const starts = [0];
  for (let at = text.indexOf("\n"); at !== -1 && starts.length <= line; at = text.indexOf("\n", at + 1))
    starts.push(at + 1);
  const start = starts[line] ?? text.length;
  const indentOf = (from: number): number => /^ */.exec(text.slice(from, from + 1024))?.[0].length ?? 0;
  let above = line - 1;
  while (above > 0 && text.slice(starts[above], starts[above + 1]).trim() === "") above--;
  const wanted = above >= 0 ? indentOf(starts[above] ?? 0) + 1 : 1;
  return text.slice(0, start) + " ".repeat(Math.max(1, wanted - indentOf(start))) + text.slice(start);
}

function yamlWarning(
  id: string,
  file: string,
  error: unknown,
  lines: LineIndex,
  message?: string,
): ExtractionWarning {
  const mark = (error as { mark?: { line?: number; position?: number } }).mark;
  const reason =
    (error as { reason?: string }).reason ?? (error instanceof Error ? error.message : String(error));
  const line =
    mark?.line !== undefined
      ? mark.line + 1
      : mark?.position !== undefined
        ? lines.lineAt(mark.position)
        : undefined;
  return { id, file, ...(line !== undefined ? { line } : {}), message: message ?? `invalid YAML: ${reason}` };
}

interface DocumentSpan {
  /** Index of the document's DOCUMENT event; `end` is one past its closing POP. */
  start: number;
  end: number;
  /** Nodes the document holds once every alias is expanded (the alias-bomb measure). */
  expandedNodes: number;
}

/**
 * What line lookups need of the events, in typed arrays: a document's values outlive its events, and a lookup
 * closure holding hundreds of thousands of event objects per file would keep the garbage collector copying them
 * for the rest of the run.
 */
interface EventIndex {
  types: Uint8Array;
  /** Where each event's node starts (0 when it has no place: the line lookups read it as the first line). */
  starts: Int32Array;
  /** Past the POP of the collection opened at an index, so lookups skip whole subtrees. */
  after: Int32Array;
  /** A scalar's raw value range; a scalar that needs decoding (quoted, block, escaped) is kept in `decoded`. */
  valueStarts: Int32Array;
  valueEnds: Int32Array;
  decoded: Map<number, JsYaml.ScalarEvent>;
}

function emptyIndex(length: number): EventIndex {
  return {
    types: new Uint8Array(length),
    starts: new Int32Array(length),
    after: new Int32Array(length),
    valueStarts: new Int32Array(length),
    valueEnds: new Int32Array(length),
    decoded: new Map(),
  };
}

function indexEvent(index: EventIndex, at: number, event: JsYaml.Event): void {
  index.types[at] = event.type;
  if (event.type === EVENT_ID.ALIAS) {
    index.starts[at] = Math.max(0, (event as JsYaml.AliasEvent).anchorStart);
  } else if (event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE) {
    index.starts[at] = Math.max(0, (event as JsYaml.MappingEvent).start);
  } else if (event.type === EVENT_ID.SCALAR) {
    const scalar = event as JsYaml.ScalarEvent;
    index.starts[at] = Math.max(0, scalar.valueStart);
    index.valueStarts[at] = scalar.valueStart;
    index.valueEnds[at] = scalar.valueEnd;
    if (!scalar.fast) index.decoded.set(at, scalar);
  }
}

/**
 * One pass over the events, keeping no paths: the documents, what each expands to through aliases, and where each
 * collection ends, so line lookups can skip whole subtrees later.
 */
function scanEvents(text: string, events: JsYaml.Event[]): { spans: DocumentSpan[]; index: EventIndex } {
  const located = emptyIndex(events.length);
  const after = located.after;
  const spans: DocumentSpan[] = [];
  const open: number[] = [];
  // Subtree size of each open collection, counting an alias as the size of what it names.
  const sizes: number[] = [];
  let anchorSizes = new Map<string, number>();
  let expandedNodes = 0;
  let start = 0;
  const anchorOf = (event: { anchorStart?: number; anchorEnd?: number }): string | undefined =>
    event.anchorStart !== undefined && event.anchorStart >= 0 && event.anchorEnd !== undefined
      ? text.slice(event.anchorStart, event.anchorEnd)
      : undefined;
  for (let index = 0; index < events.length; index++) {
    const event = events[index]!;
    indexEvent(located, index, event);
    let size: number;
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        if (open.length === 0) {
          start = index;
          expandedNodes = 0;
          anchorSizes = new Map();
        }
        open.push(index);
        sizes.push(0);
        continue;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE:
        expandedNodes++;
        open.push(index);
        sizes.push(1);
        continue;
      case EVENT_ID.ALIAS: {
        const alias = event as JsYaml.AliasEvent;
        size = anchorSizes.get(text.slice(alias.anchorStart, alias.anchorEnd)) ?? 1;
        expandedNodes += size;
        break;
      }
      case EVENT_ID.POP: {
        const opened = open.pop();
        size = sizes.pop() ?? 0;
        if (opened === undefined) continue;
        after[opened] = index + 1;
        if (events[opened]!.type === EVENT_ID.DOCUMENT) {
          if (open.length === 0) spans.push({ start, end: index + 1, expandedNodes });
          continue;
        }
        const anchor = anchorOf(events[opened] as JsYaml.MappingEvent);
        if (anchor !== undefined) anchorSizes.set(anchor, size);
        break;
      }
      default: {
        expandedNodes++;
        size = 1;
        const anchor = anchorOf(event as JsYaml.ScalarEvent);
        if (anchor !== undefined) anchorSizes.set(anchor, 1);
      }
    }
    if (sizes.length > 0) sizes[sizes.length - 1]! += size;
  }
  return { spans, index: located };
}

interface Child {
  line: number;
  /** Event index of the child's value. */
  node: number;
}

/**
 * Finds the line of a path on demand: each collection on the way is indexed the first time a lookup passes through
 * it, so a file pays only for the paths someone asks about.
 */
class LineFinder {
  private readonly children = new Map<number, Map<string, Child>>();

  constructor(
    private readonly text: string,
    private readonly events: EventIndex,
    private readonly lines: LineIndex,
  ) {}

  lineOfEvent(index: number): number {
    return index < this.events.types.length ? this.lines.lineAt(this.events.starts[index]!) : 1;
  }

  /**
   * A document's `lineOf`. Made here, so it holds the finder alone and not the loader's scope with its events
   * (a closure keeps every variable its enclosing scopes share with other closures).
   */
  below(root: number, fallback: number): (path: YamlPath) => number {
    return (path) => this.lineOf(root, path, fallback);
  }

  /** Line of the key (or item) at `path` below the node at `root`, or of its nearest located ancestor. */
  private lineOf(root: number, path: YamlPath, fallback: number): number {
    let node = root;
    let line = fallback;
    for (const segment of path) {
      const child = this.childrenOf(node)?.get(String(segment));
      if (!child) break;
      line = child.line;
      node = child.node;
    }
    return line;
  }

  private childrenOf(index: number): Map<string, Child> | undefined {
    const known = this.children.get(index);
    if (known) return known;
    const type = this.events.types[index];
    if (type !== EVENT_ID.MAPPING && type !== EVENT_ID.SEQUENCE) return undefined;
    const children = new Map<string, Child>();
    const end = this.events.after[index]! - 1;
    let cursor = index + 1;
    if (type === EVENT_ID.MAPPING) {
      while (cursor < end) {
        const key = this.scalarText(cursor);
        const value = this.next(cursor);
        // A repeated key: the last one wins, as in the constructed value.
        children.set(key, { line: this.lineOfEvent(cursor), node: value });
        cursor = this.next(value);
      }
    } else {
      for (let item = 0; cursor < end; item++) {
        children.set(String(item), { line: this.lineOfEvent(cursor), node: cursor });
        cursor = this.next(cursor);
      }
    }
    this.children.set(index, children);
    return children;
  }

  /** A key's text as loaded; a key that is not a scalar reads as "". */
  private scalarText(index: number): string {
    if (this.events.types[index] !== EVENT_ID.SCALAR) return "";
    const decoded = this.events.decoded.get(index);
    if (decoded) return yaml.getScalarValue(this.text, decoded);
    const start = this.events.valueStarts[index]!;
    return start < 0 ? "" : this.text.slice(start, this.events.valueEnds[index]);
  }

  private next(index: number): number {
    const type = this.events.types[index];
    return type === EVENT_ID.MAPPING || type === EVENT_ID.SEQUENCE ? this.events.after[index]! : index + 1;
  }
}

/** Maps character offsets to 1-based line numbers. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) {
      this.starts.push(index + 1);
    }
  }

  lineAt(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  }
}
