/**
 * Parses shared by the two sides of a comparison. A pull request changes a few files: every other file has the
 * same path and text at base and head, and parsing it again gives the same result. While a comparison runs, a
 * file's parse is kept under its path and text and handed to the other side; when the last comparison running
 * ends, everything kept is let go, so nothing outlives the reports it served.
 *
 * What is shared is read, never changed: the extractors copy what they keep.
 */

let sharedParses: Map<string, Map<string, unknown>> | undefined;
let comparisonsRunning = 0;
/**
 * Texts on every side of a running comparison, counted once per comparison: only their parses are kept. A file
 * on one side alone, or changed, is parsed once whatever is kept, and keeping it would only hold its memory (a
 * new 50 MB tree against an empty base would keep every parse until the report is done).
 */
const commonTexts = new Map<string, number>();

/**
 * Runs `compare` with the parses of texts found on every one of `sides` shared between everything it extracts
 * (and any comparison running beside it).
 */
export async function sharingParses<T>(
  sides: readonly (readonly { text: string }[])[],
  compare: () => Promise<T>,
): Promise<T> {
  const common = textsOnEverySide(sides);
  for (const text of common) commonTexts.set(text, (commonTexts.get(text) ?? 0) + 1);
  comparisonsRunning++;
  sharedParses ??= new Map();
  try {
    return await compare();
  } finally {
    for (const text of common) {
      const count = commonTexts.get(text)! - 1;
      if (count === 0) commonTexts.delete(text);
      else commonTexts.set(text, count);
    }
    if (--comparisonsRunning === 0) sharedParses = undefined;
  }
}

function textsOnEverySide(sides: readonly (readonly { text: string }[])[]): Set<string> {
  const [first, ...others] = sides;
  if (!first || others.length === 0) return new Set();
  const sets = others.map((side) => new Set(side.map((file) => file.text)));
  return new Set(first.map((file) => file.text).filter((text) => sets.every((set) => set.has(text))));
}

/**
 * The parse of `text` (under `key`: its path when the result names it) kept by an earlier call, or `parse()`'s,
 * kept when `keep` says it may be (a parse cut short by a deadline is not). Outside a comparison, `parse()`.
 */
export function sharedParse<T>(
  kind: string,
  key: string,
  text: string,
  parse: () => T,
  keep: (result: T) => boolean = () => true,
): T {
  const kept = lookUp<T>(kind, key, text);
  if (kept) return kept.result;
  const result = parse();
  if (keep(result)) store(kind, key, text, result);
  return result;
}

/** `sharedParse` for a parser that works asynchronously. */
export async function sharedParseAsync<T>(
  kind: string,
  key: string,
  text: string,
  parse: () => Promise<T>,
  keep: (result: T) => boolean = () => true,
): Promise<T> {
  const kept = lookUp<T>(kind, key, text);
  if (kept) return kept.result;
  const result = await parse();
  if (keep(result)) store(kind, key, text, result);
  return result;
}

function lookUp<T>(kind: string, key: string, text: string): { result: T } | undefined {
  const byText = sharedParses?.get(`${kind}\u0000${key}`);
  return byText?.has(text) ? { result: byText.get(text) as T } : undefined;
}

function store(kind: string, key: string, text: string, result: unknown): void {
  if (!sharedParses || !commonTexts.has(text)) return;
  const id = `${kind}\u0000${key}`;
  const byText = sharedParses.get(id);
  if (byText) byText.set(text, result);
  else sharedParses.set(id, new Map([[text, result]]));
}
