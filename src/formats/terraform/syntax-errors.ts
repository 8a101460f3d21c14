import type { Node } from "web-tree-sitter";

/**
 * Where a broken `.tf` file goes wrong, as a person reading it would say: tree-sitter detects an unclosed brace
 * at the end of the file and wraps bad tokens together with the valid text before them, so its raw positions
 * point at the end of the file or at the start of the enclosing block.
 */
export interface SyntaxErrorSite {
  /** 1-based line. */
  line: number;
  /** The `{` on `line` has no matching `}`. */
  unclosed: boolean;
}

const OPENERS = new Set(["block_start", "object_start"]);
const CLOSERS = new Set(["block_end", "object_end"]);
/** Node types that are a whole value: after `=` they are what the parser expected, not the error. */
const VALUES = new Set([
  "expression",
  "literal_value",
  "collection_value",
  "template_expr",
  "function_call",
  "variable_expr",
  "string_lit",
]);
// Walking a huge file's braces is linear, but still bounded by the extraction deadline.
const DEADLINE_CHECK_EVERY = 4096;

/** The first ERROR or MISSING node in document order, placed on the line where the text goes wrong. */
export function firstSyntaxError(root: Node, deadline: number): SyntaxErrorSite | undefined {
  if (!root.hasError) return undefined;
  const problem = firstProblem(root);
  if (!problem) return { line: root.startPosition.row + 1, unclosed: false };
  if (problem.type === "ERROR") return { line: unexpectedTokenRow(problem) + 1, unclosed: false };
  const container = problem.parent?.parent;
  if (problem.type === "}" && problem.parent && CLOSERS.has(problem.parent.type) && container) {
    return { line: unclosedOpenerRow(container, deadline) + 1, unclosed: true };
  }
  return { line: rowBeforeMissing(problem, root, deadline) + 1, unclosed: false };
}

function firstProblem(root: Node): Node | undefined {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === "ERROR" || node.isMissing) return node;
    if (!node.hasError) continue;
    const children = node.children;
    for (let index = children.length - 1; index >= 0; index--) stack.push(children[index]!);
  }
  return undefined;
}

/**
 * An ERROR node starts with what the parser consumed before it got stuck. A value right after `=` was expected
 * (`name = "a"` followed by garbage), so the error starts at the child after it.
 */
function unexpectedTokenRow(error: Node): number {
  const children = error.children;
  const first = children[0];
  if (!first) return error.startPosition.row;
  const afterEquals = error.previousSibling?.type === "=";
  if (afterEquals && VALUES.has(first.type) && children[1]) return children[1].startPosition.row;
  return first.startPosition.row;
}

/**
 * A missing token belongs right after the last real token before it, not on the next line's token. The leaves
 * are walked with a cursor: `previousSibling` cycles among the zero-width nodes tree-sitter inserts at the end of
 * a truncated file, so following it never ends.
 */
function rowBeforeMissing(missing: Node, root: Node, deadline: number): number {
  let row = missing.startPosition.row;
  let bestEnd = -1;
  const cursor = root.walk();
  let visited = 0;
  try {
    for (;;) {
      const node = cursor.currentNode;
      const before = node.startIndex < missing.startIndex;
      if (before && cursor.gotoFirstChild()) continue;
      if (before && node.endIndex > node.startIndex && node.endIndex <= missing.startIndex) {
        if (node.type !== "comment" && node.endIndex > bestEnd) {
          bestEnd = node.endIndex;
          row = node.endPosition.row;
        }
      }
      if (++visited % DEADLINE_CHECK_EVERY === 0 && Date.now() > deadline) return row;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return row;
      }
    }
  } finally {
    cursor.delete();
  }
}

interface Opener {
  row: number;
  indent: number;
}

/**
 * Tree-sitter pairs braces by count, so the `}` a nested block lacks is taken from its parent and the parent is
 * reported unclosed. Formatted Terraform aligns each `}` with the line of its `{`: the first `}` that aligns with
 * an outer opener, or a nested block header no deeper than its parent's, shows which `{` really lacks its `}`.
 * Without such evidence the parser's own pairing stands.
 */
function unclosedOpenerRow(container: Node, deadline: number): number {
  const fallback = container.startPosition.row;
  const indentOfRow = new Map<number, number>([[fallback, lineIndent(container)]]);
  const stack: Opener[] = [];
  const cursor = container.walk();
  let leaves = 0;
  try {
    for (;;) {
      if (cursor.gotoFirstChild()) continue;
      const leaf = cursor.currentNode;
      const row = leaf.startPosition.row;
      const firstOnRow = !indentOfRow.has(row);
      if (firstOnRow) indentOfRow.set(row, leaf.startPosition.column);
      if (++leaves % DEADLINE_CHECK_EVERY === 0 && Date.now() > deadline) return stack[0]?.row ?? fallback;
      const parentType = leaf.type === "{" || leaf.type === "}" ? leaf.parent?.type : undefined;
      if (!leaf.isMissing && parentType !== undefined) {
        const suspect = OPENERS.has(parentType)
          ? onOpen(stack, row, indentOfRow.get(row)!)
          : CLOSERS.has(parentType)
            ? onClose(stack, row, firstOnRow ? leaf.startPosition.column : undefined)
            : undefined;
        if (suspect !== undefined) return suspect;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return stack[0]?.row ?? fallback;
      }
    }
  } finally {
    cursor.delete();
  }
}

/** The column where the line holding the start of `node` begins (`variables = {` for an object). */
function lineIndent(node: Node): number {
  let column = node.startPosition.column;
  for (
    let parent = node.parent;
    parent && parent.startPosition.row === node.startPosition.row;
    parent = parent.parent
  ) {
    column = Math.min(column, parent.startPosition.column);
  }
  return column;
}

/** A block header no deeper than the open block around it means that block was left open. */
function onOpen(stack: Opener[], row: number, indent: number): number | undefined {
  const top = stack.at(-1);
  if (top && row > top.row && indent <= top.indent) return top.row;
  stack.push({ row, indent });
  return undefined;
}

/** A `}` aligned with an outer opener leaves the openers inside it without their `}`. */
function onClose(stack: Opener[], row: number, indent: number | undefined): number | undefined {
  const top = stack.at(-1);
  if (!top) return undefined;
  if (indent === undefined || row === top.row || indent === top.indent) {
    stack.pop();
    return undefined;
  }
  for (let index = stack.length - 2; index >= 0; index--) {
    if (stack[index]!.indent === indent) return stack[index + 1]!.row;
  }
  stack.pop();
  return undefined;
}
