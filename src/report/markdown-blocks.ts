/** The pieces every Markdown section is built from: tables, folds, lists, and what a trim level keeps. */
import { isUnresolved } from "../graph/diff.js";
import type { Component, Edge, Evidence, ExtractionWarning, SourceLocation } from "../graph/model.js";
import type { ChangeReport } from "../analysis/types.js";
import { clip, codeSpan, escapeHtml, escapeMarkdown, escapeMarkdownInline, plainText } from "./escape.js";
import { formatLocation } from "./format.js";
import { sourceUrl, type Side, type SourceLinks } from "./source-links.js";

/** Rows above which a list is folded into a collapsible block. */
export const FOLD_ROWS = 8;
export const MAX_MESSAGE_LENGTH = 400;
export const MAX_NAMES_IN_LINE = 10;

/** What a rendering keeps; each trim level takes away one more thing. */
export interface Detail {
  evidence: boolean;
  unchangedNames: boolean;
  diagrams: boolean;
  rows: number;
  minor: boolean;
  /** On GitHub, `file:line` links to the line at the commit it was read at. */
  links?: SourceLinks;
}

/** Everything: the first level, before any trimming. */
export const FULL_DETAIL: Readonly<Detail> = {
  evidence: true,
  unchangedNames: true,
  diagrams: true,
  rows: 100,
  minor: true,
};

/** A part of the document; `rank` orders what is dropped last-resort (higher goes first). */
export interface Section {
  text: string;
  rank: number;
}

export const RANK_KEEP = 0;
export const RANK_SUMMARY = 1;
export const RANK_WARNINGS = 2;
export const RANK_SYSTEM = 3;
export const RANK_NOTES = 4;

/** Warnings, then notes (minor detail), after the systems in both modes. */
export function closingSections(report: ChangeReport, detail: Detail): Section[] {
  const sections: Section[] = [];
  if (report.warnings.length > 0)
    sections.push({ text: warningsSection(report.warnings, detail), rank: RANK_WARNINGS });
  if (report.notes.length > 0 && detail.minor)
    sections.push({ text: notesSection(report.notes, detail), rank: RANK_NOTES });
  return sections;
}

export function warningsSection(warnings: ExtractionWarning[], detail: Detail): string {
  const rows = warnings.map((warning) => [
    codeSpan(warning.id, 80),
    whereCell(warning, detail),
    inlineText(warning.message, MAX_MESSAGE_LENGTH),
  ]);
  const parts: string[] = [];
  pushTable(parts, "Warnings", ["Warning", "Where", "Message"], rows, detail, true);
  return parts.join("\n\n");
}

export function notesSection(notes: string[], detail: Detail): string {
  const parts: string[] = [];
  pushList(
    parts,
    "Notes",
    notes.map((note) => escapeMarkdown(clip(plainText(note), MAX_MESSAGE_LENGTH))),
    detail,
  );
  return parts.join("\n\n");
}

export function pushTable(
  parts: string[],
  title: string,
  headers: string[],
  rows: string[][],
  detail: Detail,
  heading = false,
): void {
  if (rows.length === 0) return;
  const body = table(headers, rows, detail);
  parts.push(fold(title, rows.length, body, heading));
}

export function pushList(parts: string[], title: string, items: string[], detail: Detail): void {
  if (items.length === 0) return;
  const shown = items.slice(0, detail.rows).map((item) => `- ${item}`);
  if (items.length > detail.rows) shown.push(`- …and ${items.length - detail.rows} more`);
  parts.push(fold(title, items.length, shown.join("\n")));
}

/** Long lists go into a collapsible block so the comment stays readable. */
export function fold(title: string, count: number, body: string, heading = false): string {
  if (count > FOLD_ROWS) {
    return `<details><summary>${escapeHtml(title)} (${count})</summary>\n\n${body}\n\n</details>`;
  }
  // A section heading carries its count folded or not; inline titles need none for a few rows.
  if (heading) return `### ${escapeMarkdownInline(title)} (${count})\n\n${body}`;
  return `**${escapeMarkdownInline(title)}**\n\n${body}`;
}

/**
 * Rows for a table of `items`: only those the table shows are formatted (escaping every name of a 20,000-row
 * table, seven times over while the report is trimmed, would cost seconds); the rest stand as empty rows so
 * the table still counts them.
 */
export function firstRows<T>(items: readonly T[], detail: Detail, toRow: (item: T) => string[]): string[][] {
  const shown = items.slice(0, detail.rows).map(toRow);
  const hidden = Math.max(0, items.length - shown.length);
  return hidden === 0 ? shown : shown.concat(new Array<string[]>(hidden).fill([]));
}

export function table(headers: string[], rows: string[][], detail: Detail): string {
  const lines = [`| ${headers.join(" | ")} |`, `|${headers.map(() => "---").join("|")}|`];
  for (const row of rows.slice(0, detail.rows)) lines.push(`| ${row.join(" | ")} |`);
  if (rows.length > detail.rows) lines.push("", `…and ${rows.length - detail.rows} more.`);
  return lines.join("\n");
}

/** Component, Kind and Where cells. */
/** A component nothing defines yet is named for what it is, not for the `external` kind it stands in with. */
export function componentCells(component: Component, detail: Detail, side: Side = "head"): string[] {
  const kind = isUnresolved(component) ? "unresolved (defined in no file yet)" : component.kind;
  return [codeSpan(component.name), kind, whereCell(component.location, detail, side)];
}

/** `file:line`, linked on GitHub to the line at the commit of `side`. */
export function whereCell(location: SourceLocation, detail: Detail, side: Side = "head"): string {
  const text = inlineText(formatLocation(location));
  const url = detail.links ? sourceUrl(detail.links, location, side) : undefined;
  return url === undefined ? text : `[${text}](${url})`;
}

export function edgeName(edge: Pick<Edge, "from" | "to">): string {
  return `${codeSpan(edge.from)} -> ${codeSpan(edge.to)}`;
}

export function nameList(names: readonly string[], max = MAX_NAMES_IN_LINE): string {
  const shown = names.slice(0, max).map((name) => codeSpan(name));
  if (names.length > max) shown.push(`and ${names.length - max} more`);
  return shown.join(", ");
}

export function entryList(names: readonly string[]): string {
  return names.length === 0 ? "none" : nameList(names, 5);
}

/**
 * The headline marks names as code spans; keep those and escape the rest. It follows `**boxcutter:**` on
 * its line, so a leading `+` or `-` is plain text.
 */
export function headlineMarkdown(headline: string): string {
  const line = clip(plainText(headline), 400);
  const pieces = line.split("`");
  if (pieces.length % 2 === 0) return escapeMarkdownInline(line);
  return pieces
    .map((piece, index) => (index % 2 === 1 ? codeSpan(piece) : escapeMarkdownInline(piece)))
    .join("");
}

/** Repository text inside a line (a table cell, after a name), shortened (when a length is given) before it is escaped. */
export function inlineText(text: string, maxLength?: number): string {
  return escapeMarkdownInline(maxLength === undefined ? text : clip(plainText(text), maxLength));
}

/** Up to three pieces of evidence in one table cell: rule, place and the text that shows it. */
export function evidenceCell(evidence: Evidence[], detail?: Detail, side: Side = "head"): string {
  const shown = evidence.slice(0, 3).map((item) => {
    const where = detail ? whereCell(item, detail, side) : inlineText(formatLocation(item));
    const what = item.detail ? `: ${codeSpan(item.detail, 160)}` : "";
    return `${inlineText(item.rule)} at ${where}${what}`;
  });
  if (evidence.length > 3) shown.push(`+${evidence.length - 3} more`);
  return shown.join("<br>") || "–";
}
