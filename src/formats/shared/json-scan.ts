/**
 * One pass over JSON text before it is parsed: how deep it nests, and where the elements of the top-level
 * object's `items` array start (a Kubernetes `List`). JSON keeps no positions once parsed, and a value nested
 * thousands deep would exhaust the stack of every walk over it afterwards.
 */

/** Objects and arrays nested deeper than this are not read (real manifests and `.tf.json` stay under 30). */
export const MAX_JSON_DEPTH = 200;

export interface JsonScan {
  /** Offset of the first bracket past MAX_JSON_DEPTH, when there is one. */
  tooDeepAt?: number;
  /** Offsets where each element of the top-level `items` array starts. */
  itemStarts: number[];
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export function scanJson(text: string): JsonScan {
  const itemStarts: number[] = [];
  let depth = 0;
  let lastKey = "";
  // Depth of the top-level `items` array while inside it, and whether the next value starts an element.
  let inItems = false;
  let expectItem = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09) continue;
    if (inItems && expectItem && depth === 2 && code !== 0x5d) {
      itemStarts.push(index);
      expectItem = false;
    }
    if (code === QUOTE) {
      const end = stringEnd(text, index);
      if (depth === 1) lastKey = text.slice(index + 1, end);
      index = end;
    } else if (code === 0x7b || code === 0x5b) {
      depth++;
      if (depth > MAX_JSON_DEPTH) return { tooDeepAt: index, itemStarts };
      if (depth === 2 && code === 0x5b && lastKey === "items") inItems = expectItem = true;
    } else if (code === 0x7d || code === 0x5d) {
      if (depth === 2) inItems = false;
      depth--;
    } else if (code === 0x2c && inItems && depth === 2) expectItem = true;
    else if (code === 0x2c && depth === 1) lastKey = "";
  }
  return { itemStarts };
}

/** Offset of the quote that closes the string opened at `start` (or the end of the text). */
function stringEnd(text: string, start: number): number {
  for (let index = start + 1; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === BACKSLASH) index++;
    else if (code === QUOTE) return index;
  }
  return text.length;
}
