/**
 * What the sticky comment remembers of each standing declaration, in a hidden line: the head it was first counted
 * at and the additions that stood then. Comments say who declared what and when, not at which head.
 */
/** What the sticky comment remembers of one declaration. */
export interface DeclarationRecord {
  key: string;
  head: string;
  /** `componentKey`s of the additions standing when it was first counted. */
  covers: string[];
}

const RECORD_LINE = /^<!-- boxcutter:declarations ([A-Za-z0-9_-]*) -->$/m;
/** Keeps the hidden line small whatever a pull request adds. */
const MAX_RECORDS = 20;
const MAX_COVERS = 200;

export function formatRecords(records: readonly DeclarationRecord[]): string {
  const kept = records
    .slice(0, MAX_RECORDS)
    .map((record) => ({ ...record, covers: record.covers.slice(0, MAX_COVERS) }));
  return `<!-- boxcutter:declarations ${Buffer.from(JSON.stringify(kept)).toString("base64url")} -->`;
}

/** The records in a sticky comment's body; anything unreadable is no record (the declaration counts as new). */
export function parseRecords(body: string | undefined): DeclarationRecord[] {
  const match = body ? RECORD_LINE.exec(body) : null;
  if (!match) return [];
  try {
    const parsed: unknown = JSON.parse(Buffer.from(match[1]!, "base64url").toString("utf8"));
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (record): record is DeclarationRecord =>
        typeof record?.key === "string" &&
        typeof record.head === "string" &&
        Array.isArray(record.covers) &&
        record.covers.every((key: unknown) => typeof key === "string"),
    );
  } catch {
    return [];
  }
}
