import type { Tree, TreeCursor } from "web-tree-sitter";
import { LineIndex } from "../shared/yaml.js";

/**
 * A tree-sitter syntax tree copied into plain objects in one cursor walk. Every read of a web-tree-sitter node
 * (its type, text, children) is a call into WebAssembly that builds new objects; the converter reads each node
 * several times, so it reads the copy instead.
 */
export class SyntaxNode {
  readonly children: SyntaxNode[] = [];
  private named: SyntaxNode[] | undefined;

  constructor(
    readonly type: string,
    readonly isNamed: boolean,
    /** 0-based row of the node's first character. */
    readonly row: number,
    private readonly source: string,
    private readonly start: number,
    private readonly end: number,
  ) {}

  get text(): string {
    return this.source.slice(this.start, this.end);
  }

  get namedChildren(): SyntaxNode[] {
    this.named ??= this.children.filter((child) => child.isNamed);
    return this.named;
  }
}

// A huge file's walk is linear, but still bounded by the extraction deadline.
const DEADLINE_CHECK_EVERY = 4096;

/**
 * The tree of `source` as plain nodes, or undefined when the deadline passes first. Offsets are in UTF-16 code
 * units (web-tree-sitter's for a string input), so a node's text is a slice of the source; rows end at `\n`, as
 * tree-sitter counts them.
 */
export function copyTree(tree: Tree, source: string, deadline: number): SyntaxNode | undefined {
  const cursor = tree.walk();
  const lines = new LineIndex(source);
  const namedByType: boolean[] = [];
  const types = tree.language.types;
  const parents: SyntaxNode[] = [];
  let root: SyntaxNode | undefined;
  let copied = 0;
  try {
    for (;;) {
      const node = copyNode(cursor, types, namedByType, lines, source);
      const parent = parents.at(-1);
      if (parent) parent.children.push(node);
      else root = node;
      if (++copied % DEADLINE_CHECK_EVERY === 0 && Date.now() > deadline) return undefined;
      if (cursor.gotoFirstChild()) {
        parents.push(node);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return root;
        parents.pop();
      }
    }
  } finally {
    cursor.delete();
  }
}

function copyNode(
  cursor: TreeCursor,
  types: readonly string[],
  namedByType: boolean[],
  lines: LineIndex,
  source: string,
): SyntaxNode {
  const typeId = cursor.nodeTypeId;
  const isNamed = (namedByType[typeId] ??= cursor.nodeIsNamed);
  const start = cursor.startIndex;
  return new SyntaxNode(
    types[typeId] || "ERROR",
    isNamed,
    lines.lineAt(start) - 1,
    source,
    start,
    cursor.endIndex,
  );
}
