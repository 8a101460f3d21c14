/**
 * The pull-request comment (diff mode) and the `boxcutter graph` page (graph mode) as GitHub Markdown.
 * The text is assembled from sections; when it would pass `maxChars`, the least important parts go
 * first (evidence, unchanged systems, diagrams, long lists) and a note says what was left out.
 */
import type { Component, Edge, Evidence, ExtractionWarning } from "../graph/model.js";
import { hasAnyChange } from "../analysis/architectural-change.js";
import type { ChangeReport, EntryPointDelta, MergeCandidate, SystemReport } from "../analysis/types.js";
import { plural } from "../analysis/words.js";
import { clip, codeSpan, escapeHtml, escapeMarkdown, escapeMarkdownInline, plainText } from "./escape.js";
import {
  componentAvailability,
  formatAvailabilityChange,
  formatCountChange,
  formatDowntime,
  formatLocation,
  formatPercent,
  pathLength,
} from "./format.js";
import { renderMermaidDiagram } from "./mermaid.js";

export interface MarkdownOptions {
  mode?: "diff" | "graph";
  maxChars?: number;
}

export const DEFAULT_MAX_CHARS = 60_000;
/** Rows above which a list is folded into a collapsible block. */
const FOLD_ROWS = 8;
const MAX_MESSAGE_LENGTH = 400;
const MAX_NAMES_IN_LINE = 10;

/** What a rendering keeps; each trim level takes away one more thing. */
interface Detail {
  evidence: boolean;
  unchangedNames: boolean;
  diagrams: boolean;
  rows: number;
  minor: boolean;
}

interface TrimLevel {
  detail: Detail;
  /** Levels that only make sense in one mode (graph mode has no unchanged systems to hide). */
  only?: "diff";
  /** What this level leaves out, for the note. */
  leftOut?: string;
}

const TRIM_LEVELS: TrimLevel[] = [
  { detail: { evidence: true, unchangedNames: true, diagrams: true, rows: 100, minor: true } },
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

/** A part of the document; `rank` orders what is dropped last-resort (higher goes first). */
interface Section {
  text: string;
  rank: number;
}

const RANK_KEEP = 0;
const RANK_SUMMARY = 1;
const RANK_WARNINGS = 2;
const RANK_SYSTEM = 3;
const RANK_NOTES = 4;

export function renderMarkdown(report: ChangeReport, options: MarkdownOptions = {}): string {
  const mode = options.mode ?? "diff";
  const maxChars = Math.max(0, Math.floor(options.maxChars ?? DEFAULT_MAX_CHARS));
  const command = mode === "graph" ? "boxcutter graph" : "boxcutter diff";
  const leftOut: string[] = [];
  let sections: Section[] = [];
  for (const level of TRIM_LEVELS) {
    if (level.only !== undefined && level.only !== mode) continue;
    if (level.leftOut) leftOut.push(level.leftOut);
    sections = mode === "graph" ? graphSections(report, level.detail) : diffSections(report, level.detail);
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

// ---------------------------------------------------------------- diff mode

function diffSections(report: ChangeReport, detail: Detail): Section[] {
  if (!report.changed) return noChangeSections(report, detail);
  const changed = report.systems.filter(hasAnyChange);
  const unchanged = report.systems.filter((system) => !hasAnyChange(system));
  const groups = groupSameDelta(changed);
  const sections: Section[] = [
    { text: `**boxcutter:** ${headlineMarkdown(report.headline)}`, rank: RANK_KEEP },
  ];
  sections.push({ text: summary(report, groups, unchanged, detail), rank: RANK_SUMMARY });
  for (const group of groups)
    sections.push({ text: systemSection(report, group, detail), rank: RANK_SYSTEM });
  return [...sections, ...closingSections(report, detail)];
}

function noChangeSections(report: ChangeReport, detail: Detail): Section[] {
  const count = report.systems.length;
  const names =
    detail.unchangedNames && count > 0 ? ` (${nameList(report.systems.map((s) => s.system))})` : "";
  const line =
    count === 0
      ? "**boxcutter:** No architectural change: no infrastructure files found."
      : `**boxcutter:** No architectural change in ${count} ${plural(count, "system")}${names}.`;
  const sections: Section[] = [{ text: line, rank: RANK_KEEP }];
  if (report.warnings.length > 0)
    sections.push({ text: warningsSection(report.warnings, detail), rank: RANK_WARNINGS });
  return sections;
}

/**
 * The same change often lands in several systems (dev, staging and prod overlays). Systems with the
 * same added and removed components and edges, the same entry-point numbers, blast-radius changes and
 * merge candidates are reported once.
 */
function groupSameDelta(systems: SystemReport[]): SystemReport[][] {
  const groups = new Map<string, SystemReport[]>();
  for (const system of systems) {
    const key = deltaSignature(system);
    const group = groups.get(key);
    if (group) group.push(system);
    else groups.set(key, [system]);
  }
  return [...groups.values()];
}

function deltaSignature(system: SystemReport): string {
  const delta = system.delta;
  const names = (items: { name: string; kind: string }[]) => items.map((c) => `${c.name}:${c.kind}`).sort();
  const edges = (items: Edge[]) => items.map((e) => `${e.from}\u0000${e.to}\u0000${e.kind}`).sort();
  const metrics = (entry: EntryPointDelta) =>
    [entry.base, entry.head].map((m) =>
      m ? [m.roundTrips, m.depth, m.availability, m.requestPath.length] : null,
    );
  return JSON.stringify([
    system.status,
    names(delta.addedComponents),
    names(delta.removedComponents),
    delta.changedComponents.map((change) => [change.head.name, change.changes]).sort(),
    edges(delta.addedEdges),
    edges(delta.removedEdges),
    edges(delta.changedEdges.map((pair) => pair.head)),
    system.entryPoints.map((entry) => [entry.entry, metrics(entry)]).sort(),
    system.blastRadius.map((change) => [change.component, change.base, change.head]).sort(),
    system.mergeCandidates
      .map((candidate) => [candidate.component, candidate.caller, candidate.savedRoundTrips])
      .sort(),
  ]);
}

function summary(
  report: ChangeReport,
  groups: SystemReport[][],
  unchanged: SystemReport[],
  detail: Detail,
): string {
  const lines: string[] = [];
  for (const group of groups.slice(0, detail.rows)) {
    const first = group[0]!;
    const who =
      group.length > 1
        ? `${nameList(group.map((s) => s.system))} (the same change in ${group.length} systems)`
        : codeSpan(first.system);
    lines.push(`- ${who}: ${systemSummary(first)}`);
  }
  if (groups.length > detail.rows) lines.push(`- …and ${groups.length - detail.rows} more changed systems`);
  if (unchanged.length > 0) {
    const names = detail.unchangedNames ? `: ${nameList(unchanged.map((s) => s.system))}` : "";
    lines.push(`- Unchanged: ${unchanged.length} ${plural(unchanged.length, "system")}${names}`);
  }
  if (report.warnings.length > 0)
    lines.push(`- ${report.warnings.length} extraction ${plural(report.warnings.length, "warning")}`);
  return lines.join("\n");
}

function systemSummary(system: SystemReport): string {
  const delta = system.delta;
  const parts: string[] = [];
  if (system.status === "added") parts.push("new system");
  if (system.status === "removed") parts.push("system removed");
  const counted: [number, string, string][] = [
    [delta.addedComponents.length, "+", "component"],
    [delta.removedComponents.length, "-", "component"],
    [delta.addedEdges.length, "+", "call"],
    [delta.removedEdges.length, "-", "call"],
  ];
  for (const [count, sign, word] of counted)
    if (count > 0) parts.push(`${sign}${count} ${plural(count, word)}`);
  if (delta.changedComponents.length > 0) {
    parts.push(
      `${delta.changedComponents.length} ${plural(delta.changedComponents.length, "component")} changed`,
    );
  }
  const moved = system.entryPoints.filter(
    (entry) =>
      entry.base?.roundTrips !== entry.head?.roundTrips ||
      entry.base?.availability !== entry.head?.availability,
  );
  for (const entry of moved.slice(0, 3)) {
    let text = `${codeSpan(entry.entry)} round trips ${formatCountChange(entry.base?.roundTrips, entry.head?.roundTrips)}`;
    text += `, availability ${formatAvailabilityChange(entry.base?.availability, entry.head?.availability)}`;
    const downtime = formatDowntime(entry.base?.availability, entry.head?.availability);
    if (downtime) text += ` (${downtime})`;
    parts.push(text);
  }
  if (moved.length > 3) parts.push(`${moved.length - 3} more entry points moved`);
  if (parts.length === 0) parts.push("the architecture changed, entry-point numbers did not");
  return parts.join("; ");
}

function systemSection(report: ChangeReport, group: SystemReport[], detail: Detail): string {
  const system = group[0]!;
  const title =
    group.length > 1
      ? `### ${nameList(group.map((s) => s.system))}\n\nThe same change in ${group.length} systems; shown once.`
      : `### ${codeSpan(system.system)}${system.status === "added" ? " (new)" : system.status === "removed" ? " (removed)" : ""}`;
  const parts: string[] = [title];
  if (system.entryPoints.length > 0) parts.push(entryTable(system.entryPoints, detail));
  else parts.push("No entry point: nothing outside the system calls it.");
  const delta = system.delta;
  const componentRows = (items: Component[]) => items.map(componentCells);
  pushTable(
    parts,
    "Added components",
    ["Component", "Kind", "Where"],
    componentRows(delta.addedComponents),
    detail,
  );
  pushTable(
    parts,
    "Removed components",
    ["Component", "Kind", "Where"],
    componentRows(delta.removedComponents),
    detail,
  );
  pushTable(
    parts,
    "Changed components",
    ["Component", "Change", "Where"],
    delta.changedComponents.map((change) => [
      codeSpan(change.head.name),
      inlineText(change.changes.join(", "), MAX_MESSAGE_LENGTH),
      inlineText(formatLocation(change.head.location)),
    ]),
    detail,
  );
  pushEdgeTable(parts, "Added calls", delta.addedEdges, detail);
  pushEdgeTable(parts, "Removed calls", delta.removedEdges, detail);
  pushTable(
    parts,
    "Calls that changed sync/async",
    ["Call", "Was", "Now"],
    delta.changedEdges.map((pair) => [edgeName(pair.head), pair.base.kind, pair.head.kind]),
    detail,
  );
  if (detail.minor && system.blastRadius.length > 0) {
    pushList(
      parts,
      "Blast radius",
      system.blastRadius.map(
        (change) =>
          `${codeSpan(change.component)}: on the request path of ${entryList(change.head)} (was ${entryList(change.base)})`,
      ),
      detail,
    );
  }
  pushMergeCandidates(parts, report, system, detail);
  if (detail.minor && system.background.length > 0) {
    parts.push(
      `**Background:** ${nameList(system.background, detail.rows)} ${system.background.length === 1 ? "is" : "are"} on no entry point's request path (consumers, jobs): no request waits for ${system.background.length === 1 ? "it" : "them"}.`,
    );
  }
  if (detail.diagrams && (system.head ?? system.base) !== undefined) {
    parts.push(
      diagramBlock(system, detail, "Diagram of the head graph", group.length > 1 ? system.system : undefined),
    );
  }
  return parts.join("\n\n");
}

function entryTable(entries: EntryPointDelta[], detail: Detail): string {
  const rows = entries.map((entry) => {
    const via = entry.head?.via ?? entry.base?.via;
    const name = via ? `${codeSpan(entry.entry)} (${inlineText(via, 80)})` : codeSpan(entry.entry);
    const downtime = formatDowntime(entry.base?.availability, entry.head?.availability);
    return [
      name,
      formatCountChange(entry.base?.roundTrips, entry.head?.roundTrips),
      formatCountChange(entry.base?.depth, entry.head?.depth),
      formatCountChange(pathLength(entry.base), pathLength(entry.head)),
      formatAvailabilityChange(entry.base?.availability, entry.head?.availability),
      downtime ? downtime.replace(/ of downtime a year$/, "") : "–",
    ];
  });
  return table(
    ["Entry point", "Round trips", "Depth", "Components", "Availability", "Downtime a year"],
    rows,
    detail,
  );
}

function pushEdgeTable(parts: string[], title: string, edges: Edge[], detail: Detail): void {
  const headers = detail.evidence ? ["Call", "Kind", "Evidence"] : ["Call", "Kind"];
  const rows = edges.map((edge) => {
    const row = [edgeName(edge), edge.kind];
    if (detail.evidence) row.push(evidenceCell(edge.evidence));
    return row;
  });
  pushTable(parts, title, headers, rows, detail);
}

function evidenceCell(evidence: Evidence[]): string {
  const shown = evidence.slice(0, 3).map((item) => {
    const where = inlineText(formatLocation(item));
    const what = item.detail ? `: ${codeSpan(item.detail, 160)}` : "";
    return `${inlineText(item.rule)} at ${where}${what}`;
  });
  if (evidence.length > 3) shown.push(`+${evidence.length - 3} more`);
  return shown.join("<br>") || "–";
}

function pushMergeCandidates(
  parts: string[],
  report: ChangeReport,
  system: SystemReport,
  detail: Detail,
): void {
  if (system.mergeCandidates.length === 0) return;
  const a = componentAvailability(report);
  pushList(
    parts,
    "A box to delete?",
    system.mergeCandidates.map((candidate) => mergeLine(candidate, system, a)),
    detail,
  );
}

function mergeLine(candidate: MergeCandidate, system: SystemReport, a: number): string {
  const savings = candidate.entryPoints.slice(0, 3).map((name) => {
    const head = system.entryPoints.find((entry) => entry.entry === name)?.head;
    if (!head) return codeSpan(name);
    const after = head.roundTrips - candidate.savedRoundTrips;
    const lifted = Math.min(1, head.availability / a);
    return `${codeSpan(name)}: \`${head.roundTrips} -> ${after}\` round trips, availability ${formatPercent(head.availability, lifted)} -> ${formatPercent(lifted, head.availability)}`;
  });
  if (candidate.entryPoints.length > 3) savings.push(`${candidate.entryPoints.length - 3} more entry points`);
  const saved = `${candidate.savedRoundTrips} ${plural(candidate.savedRoundTrips, "round trip")}`;
  const where = savings.length > 0 ? ` (${savings.join("; ")})` : "";
  return `${codeSpan(candidate.component)} is a service called only by ${codeSpan(candidate.caller)}: running it inside ${codeSpan(candidate.caller)} saves ${saved} a request${where}.`;
}

function diagramBlock(system: SystemReport, detail: Detail, title: string, representative?: string): string {
  const diagram = renderMermaidDiagram(system);
  const whose = representative ? ` (of ${escapeHtml(clip(plainText(representative), 120))})` : "";
  const parts = [`<details open><summary>${title}${whose}</summary>`, "", "```mermaid", diagram.text, "```"];
  if (diagram.capped) {
    parts.push(
      "",
      `Only changed components and their neighbours are drawn; ${diagram.omittedComponents.length} components and ${diagram.omittedEdges.length} calls are left out of the diagram:`,
      "",
      table(
        ["Component not drawn"],
        diagram.omittedComponents.map((name) => [codeSpan(name)]),
        detail,
      ),
      "",
      table(
        ["Call not drawn", "Kind"],
        diagram.omittedEdges.map((edge) => [edgeName(edge), edge.kind]),
        detail,
      ),
    );
  }
  parts.push("", "</details>");
  return parts.join("\n");
}

// ---------------------------------------------------------------- graph mode

function graphSections(report: ChangeReport, detail: Detail): Section[] {
  const sections: Section[] = [
    { text: `**boxcutter:** ${headlineMarkdown(report.headline)}`, rank: RANK_KEEP },
  ];
  if (report.systems.length === 0)
    sections.push({ text: "No infrastructure files found.", rank: RANK_SUMMARY });
  for (const system of report.systems)
    sections.push({ text: graphSystem(report, system, detail), rank: RANK_SYSTEM });
  return [...sections, ...closingSections(report, detail)];
}

function graphSystem(report: ChangeReport, system: SystemReport, detail: Detail): string {
  const graph = system.head ?? system.base;
  const parts = [`### ${codeSpan(system.system)}`];
  const components = graph?.components ?? [];
  const edges = graph?.edges ?? [];
  parts.push(
    `${components.length} ${plural(components.length, "component")}, ${edges.length} ${plural(edges.length, "call")}, ${system.entryPoints.length} ${plural(system.entryPoints.length, "entry point")}.`,
  );
  const rows = system.entryPoints.map((entry) => {
    const metrics = entry.head ?? entry.base;
    return [
      codeSpan(entry.entry),
      inlineText(metrics?.via ?? "", 80) || "–",
      String(metrics?.roundTrips ?? "–"),
      String(metrics?.depth ?? "–"),
      String(metrics?.requestPath.length ?? "–"),
      metrics ? formatPercent(metrics.availability) : "–",
    ];
  });
  if (rows.length > 0) {
    parts.push(
      table(["Entry point", "Via", "Round trips", "Depth", "Components", "Availability"], rows, detail),
    );
  }
  // Blast radius from the request paths: the entry points that fail with each component.
  const radius = new Map<string, string[]>();
  for (const entry of system.entryPoints) {
    for (const name of (entry.head ?? entry.base)?.requestPath ?? []) {
      radius.set(name, [...(radius.get(name) ?? []), entry.entry]);
    }
  }
  const componentRows = components.map((component) => {
    const row = componentCells(component);
    if (detail.minor) row.push(entryList(radius.get(component.name) ?? []));
    return row;
  });
  const headers = detail.minor
    ? ["Component", "Kind", "Where", "Blast radius"]
    : ["Component", "Kind", "Where"];
  pushTable(parts, "Components", headers, componentRows, detail);
  if (detail.evidence) pushEdgeTable(parts, "Calls", edges, detail);
  pushMergeCandidates(parts, report, system, detail);
  if (detail.minor && system.background.length > 0) {
    parts.push(
      `**Background:** ${nameList(system.background, detail.rows)} (on no entry point's request path).`,
    );
  }
  if (detail.diagrams && graph !== undefined) parts.push(diagramBlock(system, detail, "Diagram"));
  return parts.join("\n\n");
}

// ---------------------------------------------------------------- shared pieces

/** Warnings, then notes (minor detail), after the systems in both modes. */
function closingSections(report: ChangeReport, detail: Detail): Section[] {
  const sections: Section[] = [];
  if (report.warnings.length > 0)
    sections.push({ text: warningsSection(report.warnings, detail), rank: RANK_WARNINGS });
  if (report.notes.length > 0 && detail.minor)
    sections.push({ text: notesSection(report.notes, detail), rank: RANK_NOTES });
  return sections;
}

function warningsSection(warnings: ExtractionWarning[], detail: Detail): string {
  const rows = warnings.map((warning) => [
    codeSpan(warning.id, 80),
    inlineText(formatLocation(warning)),
    inlineText(warning.message, MAX_MESSAGE_LENGTH),
  ]);
  const parts: string[] = [];
  pushTable(parts, "Warnings", ["Warning", "Where", "Message"], rows, detail, true);
  return parts.join("\n\n");
}

function notesSection(notes: string[], detail: Detail): string {
  const parts: string[] = [];
  pushList(
    parts,
    "Notes",
    notes.map((note) => escapeMarkdown(clip(plainText(note), MAX_MESSAGE_LENGTH))),
    detail,
  );
  return parts.join("\n\n");
}

function pushTable(
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

function pushList(parts: string[], title: string, items: string[], detail: Detail): void {
  if (items.length === 0) return;
  const shown = items.slice(0, detail.rows).map((item) => `- ${item}`);
  if (items.length > detail.rows) shown.push(`- …and ${items.length - detail.rows} more`);
  parts.push(fold(title, items.length, shown.join("\n")));
}

/** Long lists go into a collapsible block so the comment stays readable. */
function fold(title: string, count: number, body: string, heading = false): string {
  if (count > FOLD_ROWS) {
    return `<details><summary>${escapeHtml(title)} (${count})</summary>\n\n${body}\n\n</details>`;
  }
  // A section heading carries its count folded or not; inline titles need none for a few rows.
  if (heading) return `### ${escapeMarkdownInline(title)} (${count})\n\n${body}`;
  return `**${escapeMarkdownInline(title)}**\n\n${body}`;
}

function table(headers: string[], rows: string[][], detail: Detail): string {
  const lines = [`| ${headers.join(" | ")} |`, `|${headers.map(() => "---").join("|")}|`];
  for (const row of rows.slice(0, detail.rows)) lines.push(`| ${row.join(" | ")} |`);
  if (rows.length > detail.rows) lines.push("", `…and ${rows.length - detail.rows} more.`);
  return lines.join("\n");
}

/** Component, Kind and Where cells. */
function componentCells(component: Component): string[] {
  return [codeSpan(component.name), component.kind, inlineText(formatLocation(component.location))];
}

function edgeName(edge: Pick<Edge, "from" | "to">): string {
  return `${codeSpan(edge.from)} -> ${codeSpan(edge.to)}`;
}

function nameList(names: string[], max = MAX_NAMES_IN_LINE): string {
  const shown = names.slice(0, max).map((name) => codeSpan(name));
  if (names.length > max) shown.push(`and ${names.length - max} more`);
  return shown.join(", ");
}

function entryList(names: string[]): string {
  return names.length === 0 ? "none" : nameList(names, 5);
}

/**
 * The headline marks names as code spans; keep those and escape the rest. It follows `**boxcutter:**` on
 * its line, so a leading `+` or `-` is plain text.
 */
function headlineMarkdown(headline: string): string {
  const line = clip(plainText(headline), 400);
  const pieces = line.split("`");
  if (pieces.length % 2 === 0) return escapeMarkdownInline(line);
  return pieces
    .map((piece, index) => (index % 2 === 1 ? codeSpan(piece) : escapeMarkdownInline(piece)))
    .join("");
}

/** Repository text inside a line (a table cell, after a name), shortened (when a length is given) before it is escaped. */
function inlineText(text: string, maxLength?: number): string {
  return escapeMarkdownInline(maxLength === undefined ? text : clip(plainText(text), maxLength));
}
