/**
 * Name matching between what the extractors report and what a case labels.
 *
 * One normalisation, applied to both sides: lower case, and every run of the separators
 * `-`, `_`, `.`, space and `/` folded into one `-` (leading and trailing ones dropped). So `module.web`,
 * `Module_Web` and `module-web` are the same name, while `moduleweb` is not.
 */

const SEPARATORS = /[-_. /]+/g;

export function normaliseName(name: string): string {
  return name
    .toLowerCase()
    .replace(SEPARATORS, "-")
    .replace(/^-+|-+$/g, "");
}

/** A labelled thing and every name it may be reported under (its own name first). */
export interface NamedEntry {
  canonical: string;
  names: readonly string[];
}

/**
 * Maps reported names to canonical labelled names. When two entries claim the same normalised name,
 * the one added first keeps it, and every entry's own name is indexed before any alias, so an alias can
 * never steal the name of another labelled component.
 */
export class NameIndex {
  private readonly byName = new Map<string, string>();

  constructor(entries: readonly NamedEntry[] = []) {
    this.add(entries);
  }

  add(entries: readonly NamedEntry[]): this {
    for (const entry of entries) this.claim(entry.canonical, entry.canonical);
    for (const entry of entries) for (const name of entry.names) this.claim(name, entry.canonical);
    return this;
  }

  /** The canonical name of the first candidate that is known; candidates go most specific first. */
  resolve(candidates: readonly string[]): string | undefined {
    for (const candidate of candidates) {
      const canonical = this.byName.get(normaliseName(candidate));
      if (canonical !== undefined) return canonical;
    }
    return undefined;
  }

  private claim(name: string, canonical: string): void {
    const key = normaliseName(name);
    if (key.length > 0 && !this.byName.has(key)) this.byName.set(key, canonical);
  }
}
