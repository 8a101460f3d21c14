/**
 * The pull-request comment (diff mode) and the `boxcutter graph` page (graph mode) as GitHub Markdown.
 * The text is assembled from sections; when it would pass `maxChars`, the least important parts go
 * first (evidence, unchanged systems, diagrams, long lists) and a note says what was left out.
 */
import type { ChangeReport } from "../analysis/types.js";
import type { Verdict } from "../analysis/verdict/types.js";
import { plural } from "../analysis/words.js";
import { clip } from "./escape.js";
import { type Detail, FULL_DETAIL, RANK_KEEP, type Section } from "./markdown-blocks.js";
import { diffSections } from "./markdown-diff.js";
import { graphSections } from "./markdown-graph.js";
import type { SourceLinks } from "./source-links.js";

export interface MarkdownOptions {
  mode?: "diff" | "graph";
  maxChars?: number;
  /** In diff mode, the verdict leads: its line first, its section under the summary. */
  verdict?: Verdict;
  /** Markdown kept right under the first line (the gate's section). */
  prelude?: string;
  /** On GitHub: where `file:line` links to. */
  links?: SourceLinks;
}

export const DEFAULT_MAX_CHARS = 60_000;

interface TrimLevel {
  detail: Detail;
  /** Levels that only make sense in one mode (graph mode has no unchanged systems to hide). */
  only?: "diff";
  /** What this level leaves out, for the note. */
  leftOut?: string;
}

const TRIM_LEVELS: TrimLevel[] = [
  { detail: FULL_DETAIL },
  {
    detail: { evidence: false, unchangedNames: true, diagrams: true, rows: 100, minor: true },
    leftOut: "evidence",
  },
  {
    detail: { evidence: false, unchangedNames: false, diagrams: true, rows: 100, minor: true },
    leftOut: "the list of unchanged systems",
    only: "diff",
  },
  {
    detail: { evidence: false, unchangedNames: false, diagrams: false, rows: 100, minor: true },
    leftOut: "diagrams",
  },
  {
    detail: { evidence: false, unchangedNames: false, diagrams: false, rows: 20, minor: true },
    leftOut: "rows past the 20th of long tables",
  },
  {
    detail: { evidence: false, unchangedNames: false, diagrams: false, rows: 20, minor: false },
    leftOut: "blast radius, background components and notes",
  },
  {
    detail: { evidence: false, unchangedNames: false, diagrams: false, rows: 5, minor: false },
    leftOut: "rows past the 5th of long tables",
  },
];

export function renderMarkdown(report: ChangeReport, options: MarkdownOptions = {}): string {
  const mode = options.mode ?? "diff";
  const maxChars = Math.max(0, Math.floor(options.maxChars ?? DEFAULT_MAX_CHARS));
  const command = mode === "graph" ? "boxcutter graph" : "boxcutter diff";
  const leftOut: string[] = [];
  let sections: Section[] = [];
  for (const level of TRIM_LEVELS) {
    if (level.only !== undefined && level.only !== mode) continue;
    if (level.leftOut) leftOut.push(level.leftOut);
    const detail = options.links ? { ...level.detail, links: options.links } : level.detail;
    sections =
      mode === "graph"
        ? graphSections(report, detail)
        : diffSections(report, detail, options.verdict, options.prelude);
    const trimmed = level.leftOut !== undefined;
    const text = join(sections, trimmed ? trimNote(leftOut, command) : undefined);
    if (text.length <= maxChars) return text;
  }
  return dropSections(sections, leftOut, command, maxChars);
}

function join(sections: Section[], note?: string): string {
  const parts = sections.map((section) => section.text);
  if (note) parts.push(note);
  return parts.join("\n\n") + "\n";
}

function trimNote(leftOut: string[], command: string, droppedSections = 0): string {
  const items = [...leftOut];
  if (droppedSections > 0) items.push(`${droppedSections} ${plural(droppedSections, "section")}`);
  return `> Trimmed to fit GitHub's size limit: left out ${items.join(", ")}. Run \`${command}\` for the full report.`;
}

/** Last resort: drop whole sections (they are self-contained, so no fence or `<details>` is left open). */
function dropSections(sections: Section[], leftOut: string[], command: string, maxChars: number): string {
  const order = sections
    .map((section, index) => ({ section, index }))
    .filter((item) => item.section.rank !== RANK_KEEP)
    .sort((left, right) => right.section.rank - left.section.rank || right.index - left.index);
  const kept = new Set(sections.map((_, index) => index));
  // Lengths are summed rather than joined on every step: a report may have thousands of sections.
  let length = sections.reduce((total, section) => total + section.text.length + 2, 0) - 1;
  for (const item of order) {
    kept.delete(item.index);
    length -= item.section.text.length + 2;
    const note = trimNote(leftOut, command, sections.length - kept.size);
    if (length + note.length + 2 <= maxChars) {
      return join(
        sections.filter((_, index) => kept.has(index)),
        note,
      );
    }
  }
  const note = trimNote(leftOut, command, sections.length - kept.size);
  const first = sections.find((section) => section.rank === RANK_KEEP)?.text ?? "";
  const room = maxChars - note.length - 3;
  if (room >= 20) return `${clipLine(first, room)}\n\n${note}\n`;
  return clip(clipLine(first, Math.max(0, maxChars - 1)) + "\n", maxChars);
}

/** Shortens one line of Markdown without leaving a dangling escape or entity. */
function clipLine(line: string, maxLength: number): string {
  if (line.length <= maxLength) return line;
  let cut = line.slice(0, Math.max(0, maxLength - 1));
  cut = cut.replace(/\\$/, "").replace(/&[a-z#0-9]*$/, "");
  const code = cut.charCodeAt(cut.length - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut = cut.slice(0, -1);
  // An unclosed code span would swallow what follows; close it by dropping it.
  if ((cut.match(/`/g) ?? []).length % 2 === 1) cut = cut.slice(0, cut.lastIndexOf("`"));
  return `${cut}…`;
}
