import type { Tree, TreeCursor } from "web-tree-sitter";

/** The children of every leaf: most nodes are tokens, and an empty array each would be most of the copy. */
const NO_CHILDREN: readonly SyntaxNode[] = Object.freeze([]);

/**
 * A tree-sitter syntax tree copied into plain objects in one cursor walk. Every read of a web-tree-sitter node
 * (its type, text, children) is a call into WebAssembly that builds new objects; the converter reads each node
 * several times, so it reads the copy instead.
 */
export class SyntaxNode {
  children: readonly SyntaxNode[] = NO_CHILDREN;
  /** The named ones among `children`, kept as the walk adds them. */
  namedChildren: readonly SyntaxNode[] = NO_CHILDREN;

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

  /** Set once, by the walk below, when it leaves the node. */
  adopt(children: SyntaxNode[]): void {
    this.children = children;
    const named = children.filter((child) => child.isNamed);
    this.namedChildren = named.length === children.length ? children : named;
  }
}

// A huge file's walk is linear, but still bounded by the extraction deadline.
const DEADLINE_CHECK_EVERY = 4096;

/**
 * Rows of offsets that never decrease, as a walk in document order meets them: each line break is passed once,
 * where a lookup per node would search all the line starts.
 */
class RowCounter {
  private row = 0;
  private nextBreak: number;
  private last = 0;

  constructor(private readonly source: string) {
    this.nextBreak = source.indexOf("\n");
  }

  rowAt(offset: number): number {
    // Should a node ever start before the one before it, counting again from the top is still right.
    if (offset < this.last) {
      this.row = 0;
      this.nextBreak = this.source.indexOf("\n");
    }
    this.last = offset;
    while (this.nextBreak !== -1 && this.nextBreak < offset) {
      this.row++;
      this.nextBreak = this.source.indexOf("\n", this.nextBreak + 1);
    }
    return this.row;
  }
}

/**
 * The tree of `source` as plain nodes, or undefined when the deadline passes first. Offsets are in UTF-16 code
 * units (web-tree-sitter's for a string input), so a node's text is a slice of the source; rows end at `\n`, as
 * tree-sitter counts them. A node starts at or after the one visited before it, so rows are counted forward.
 */
export function copyTree(tree: Tree, source: string, deadline: number): SyntaxNode | undefined {
  const cursor = tree.walk();
  const rows = new RowCounter(source);
  const namedByType: boolean[] = [];
  const types = tree.language.types;
  const parents: SyntaxNode[] = [];
  // The children of every node the walk is inside, in one list, from where each one's start: a node takes its
  // own, in one list of the right length, when the walk leaves it.
  const below: SyntaxNode[] = [];
  const firstBelow: number[] = [];
  let root: SyntaxNode | undefined;
  let copied = 0;
  try {
    for (;;) {
      const node = copyNode(cursor, types, namedByType, rows, source);
      if (parents.length > 0) below.push(node);
      else root = node;
      if (++copied % DEADLINE_CHECK_EVERY === 0 && Date.now() > deadline) return undefined;
      if (cursor.gotoFirstChild()) {
        parents.push(node);
        firstBelow.push(below.length);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return root;
        parents.pop()!.adopt(below.splice(firstBelow.pop()!));
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
  rows: RowCounter,
  source: string,
): SyntaxNode {
  const typeId = cursor.nodeTypeId;
  const isNamed = (namedByType[typeId] ??= cursor.nodeIsNamed);
  const start = cursor.startIndex;
  return new SyntaxNode(types[typeId] || "ERROR", isNamed, rows.rowAt(start), source, start, cursor.endIndex);
}
