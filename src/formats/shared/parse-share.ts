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

/** Runs `compare` with parses shared between everything it extracts (and any comparison running beside it). */
export async function sharingParses<T>(compare: () => Promise<T>): Promise<T> {
  comparisonsRunning++;
  sharedParses ??= new Map();
  try {
    return await compare();
  } finally {
    if (--comparisonsRunning === 0) sharedParses = undefined;
  }
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
  if (!sharedParses) return;
  const id = `${kind}\u0000${key}`;
  const byText = sharedParses.get(id);
  if (byText) byText.set(text, result);
  else sharedParses.set(id, new Map([[text, result]]));
}
