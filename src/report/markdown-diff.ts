/** The pull-request comment's sections: summary, one section per system (or per group with the same change). */
import type { ComponentRename } from "../graph/diff.js";
import type { Component, Edge } from "../graph/model.js";
import { hasAnyChange } from "../analysis/architectural-change.js";
import type { ChangeReport, EntryPointDelta, MergeCandidate, SystemReport } from "../analysis/types.js";
import { plural } from "../analysis/words.js";
import { clip, codeSpan, escapeHtml } from "./escape.js";
import {
  componentAvailability,
  formatAvailabilityChange,
  formatCountChange,
  formatDowntime,
  formatPercent,
  pathLength,
} from "./format.js";
import { renderMermaidDiagram } from "./mermaid.js";
import { capitalised, systemNamePlain, systemNamesMarkdown } from "./system-names.js";
import { verdictLineMarkdown, verdictSection } from "./verdict.js";
import type { Verdict } from "../analysis/verdict/types.js";
import {
  type Detail,
  MAX_MESSAGE_LENGTH,
  RANK_KEEP,
  RANK_SUMMARY,
  RANK_SYSTEM,
  RANK_WARNINGS,
  type Section,
  closingSections,
  componentCells,
  edgeName,
  entryList,
  evidenceCell,
  firstRows,
  headlineMarkdown,
  inlineText,
  nameList,
  pushList,
  pushTable,
  table,
  warningsSection,
  whereCell,
} from "./markdown-blocks.js";
import type { Side } from "./source-links.js";

export function diffSections(
  report: ChangeReport,
  detail: Detail,
  verdict?: Verdict,
  prelude = "",
): Section[] {
  const kept: Section[] = prelude.trim() === "" ? [] : [{ text: prelude.trim(), rank: RANK_KEEP }];
  // With nothing architectural changed, the no-change line is the verdict.
  if (!report.changed) {
    const [first, ...rest] = noChangeSections(report, detail);
    return [first!, ...kept, ...rest];
  }
  const changed = report.systems.filter(hasAnyChange);
  const unchanged = report.systems.filter((system) => !hasAnyChange(system));
  const groups = groupSameDelta(changed);
  const first = verdict
    ? verdictLineMarkdown(verdict)
    : `**boxcutter:** ${headlineMarkdown(report.headline)}`;
  const sections: Section[] = [{ text: first, rank: RANK_KEEP }, ...kept];
  // Under a verdict, the change itself gets a line; without one, the headline already is that line.
  if (verdict) sections.push({ text: changeLine(report, groups), rank: RANK_KEEP });
  const bullets = summary(report, groups, unchanged, detail);
  if (bullets !== "") sections.push({ text: bullets, rank: RANK_SUMMARY });
  const judged = verdict ? verdictSection(verdict, detail) : "";
  if (judged !== "") sections.push({ text: judged, rank: RANK_SUMMARY });
  for (const group of groups)
    sections.push({ text: systemSection(report, group, detail), rank: RANK_SYSTEM });
  return [...sections, ...closingSections(report, detail)];
}

export function noChangeSections(report: ChangeReport, detail: Detail): Section[] {
  const count = report.systems.length;
  const names =
    detail.unchangedNames && count > 0
      ? ` (${systemNamesMarkdown(report.systems.map((s) => s.system))})`
      : "";
  const line =
    count === 0
      ? "**boxcutter:** No architectural change: no infrastructure files found."
      : `**boxcutter:** No architectural change in ${count} ${plural(count, "system")}${names}.`;
  const sections: Section[] = [{ text: line, rank: RANK_KEEP }];
  const renames = report.systems.flatMap((system) => system.delta.renamedComponents);
  if (renames.length > 0) {
    const shown = renames
      .slice(0, detail.rows)
      .map((rename) => `${codeSpan(rename.base.name)} -> ${codeSpan(rename.head.name)}`);
    if (renames.length > detail.rows) shown.push(`${renames.length - detail.rows} more`);
    sections.push({
      text: `Renamed, the same components under new names: ${shown.join(", ")}.`,
      rank: RANK_SUMMARY,
    });
  }
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
  if (systems.length < 2) return systems.map((system) => [system]);
  const groups = new Map<string, SystemReport[]>();
  const lists = listNumbers();
  for (const system of systems) {
    const key = deltaSignature(system, lists);
    const group = groups.get(key);
    if (group) group.push(system);
    else groups.set(key, [system]);
  }
  return [...groups.values()];
}

/**
 * A number per distinct list of names, equal for equal lists. Blast-radius lists are shared by the components of a
 * cycle: each is written out once, not once per component (thousands of components times thousands of entries).
 */
function listNumbers(): (list: readonly string[]) => number {
  const byList = new Map<readonly string[], number>();
  const byText = new Map<string, number>();
  return (list) => {
    let number = byList.get(list);
    if (number === undefined) {
      const text = JSON.stringify(list);
      number = byText.get(text) ?? byText.size;
      byText.set(text, number);
      byList.set(list, number);
    }
    return number;
  };
}

function deltaSignature(system: SystemReport, listNumber: (list: readonly string[]) => number): string {
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
    delta.renamedComponents.map((rename) => [rename.base.name, rename.head.name]).sort(),
    delta.changedComponents.map((change) => [change.head.name, change.changes]).sort(),
    edges(delta.addedEdges),
    edges(delta.removedEdges),
    edges(delta.changedEdges.map((pair) => pair.head)),
    system.entryPoints.map((entry) => [entry.entry, metrics(entry)]).sort(),
    system.blastRadius
      .map((change) => `${change.component}\u0000${listNumber(change.base)}\u0000${listNumber(change.head)}`)
      .sort(),
    system.mergeCandidates
      .map((candidate) => [candidate.component, candidate.caller, candidate.savedRoundTrips])
      .sort(),
  ]);
}

/** One changed system (or one change made alike in several) is told here once; several are listed below. */
function changeLine(report: ChangeReport, groups: SystemReport[][]): string {
  const [only, ...others] = groups;
  if (only === undefined || others.length > 0) return `**Change:** ${headlineMarkdown(report.headline)}`;
  return `**Change** in ${groupName(only)}: ${systemSummary(only[0]!)}`;
}

function groupName(group: SystemReport[]): string {
  const names = systemNamesMarkdown(group.map((system) => system.system));
  return group.length > 1 ? `${names} (the same change in each)` : names;
}

function summary(
  report: ChangeReport,
  groups: SystemReport[][],
  unchanged: SystemReport[],
  detail: Detail,
): string {
  const lines: string[] = [];
  // One changed group is already told by the first lines.
  const listed = groups.length > 1 ? groups : [];
  for (const group of listed.slice(0, detail.rows))
    lines.push(`- ${capitalised(groupName(group))}: ${systemSummary(group[0]!)}`);
  if (listed.length > detail.rows) lines.push(`- …and ${listed.length - detail.rows} more changed systems`);
  if (unchanged.length > 0) {
    const names = detail.unchangedNames ? `: ${systemNamesMarkdown(unchanged.map((s) => s.system))}` : "";
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
  const renamed = delta.renamedComponents.length;
  if (renamed > 0) parts.push(`${renamed} ${plural(renamed, "component")} renamed`);
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

const RENAME_REASONS: Record<ComponentRename["reason"], string> = {
  declared: "declared (moved block or former name)",
  "same-identity": "same literal name",
  "same-image-and-neighbours": "same kind, image and calls",
  "compatible-store": "same kind and calls, a store speaking the same protocol",
  "same-image": "the only one running its image on each side, its calls agreeing",
};

function systemSection(report: ChangeReport, group: SystemReport[], detail: Detail): string {
  const system = group[0]!;
  const name = capitalised(systemNamesMarkdown(group.map((s) => s.system)));
  const title =
    group.length > 1
      ? `### ${name}\n\nThe same change in ${group.length} systems; shown once.`
      : `### ${name}${system.status === "added" ? " (new)" : system.status === "removed" ? " (removed)" : ""}`;
  const parts: string[] = [title];
  if (system.entryPoints.length > 0) parts.push(entryTable(system.entryPoints, detail));
  else parts.push("No entry point: nothing outside the system calls it.");
  const delta = system.delta;
  // What was removed is shown where it was: at the merge base.
  const componentRows = (items: Component[], side: Side) =>
    firstRows(items, detail, (component) => componentCells(component, detail, side));
  pushTable(
    parts,
    "Added components",
    ["Component", "Kind", "Where"],
    componentRows(delta.addedComponents, "head"),
    detail,
  );
  pushTable(
    parts,
    "Removed components",
    ["Component", "Kind", "Where"],
    componentRows(delta.removedComponents, "base"),
    detail,
  );
  pushTable(
    parts,
    "Renamed components",
    ["Was", "Now", "Why the same; what else changed", "Where"],
    delta.renamedComponents.map((rename) => [
      codeSpan(rename.base.name),
      codeSpan(rename.head.name),
      inlineText([RENAME_REASONS[rename.reason], ...rename.changes].join("; "), MAX_MESSAGE_LENGTH),
      whereCell(rename.head.location, detail),
    ]),
    detail,
  );
  pushTable(
    parts,
    "Changed components",
    ["Component", "Change", "Where"],
    firstRows(delta.changedComponents, detail, (change) => [
      codeSpan(change.head.name),
      inlineText(change.changes.join(", "), MAX_MESSAGE_LENGTH),
      whereCell(change.head.location, detail),
    ]),
    detail,
  );
  pushEdgeTable(parts, "Added calls", delta.addedEdges, detail);
  pushEdgeTable(parts, "Removed calls", delta.removedEdges, detail, "base");
  pushTable(
    parts,
    "Calls that changed sync/async",
    ["Call", "Was", "Now"],
    firstRows(delta.changedEdges, detail, (pair) => [edgeName(pair.head), pair.base.kind, pair.head.kind]),
    detail,
  );
  if (detail.minor && system.blastRadius.length > 0) {
    const added = new Set(delta.addedComponents.map((component) => component.name));
    pushList(
      parts,
      "Blast radius",
      system.blastRadius.map((change) => blastRadiusLine(change, added)),
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
      diagramBlock(system, detail, "Diagram: before and after", group.length > 1 ? system.system : undefined),
    );
  }
  return parts.join("\n\n");
}

function entryTable(entries: EntryPointDelta[], detail: Detail): string {
  const rows = firstRows(entries, detail, (entry) => {
    const via = entry.head?.via ?? entry.base?.via;
    let name = via ? `${codeSpan(entry.entry)} (${inlineText(via, 80)})` : codeSpan(entry.entry);
    if (entry.renamedFrom !== undefined) name += `, renamed from ${codeSpan(entry.renamedFrom)}`;
    const crossed = entry.head?.systems ?? entry.base?.systems ?? [];
    if (crossed.length > 0) name += `, through ${systemNamesMarkdown(crossed)}`;
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

export function pushEdgeTable(
  parts: string[],
  title: string,
  edges: Edge[],
  detail: Detail,
  side: Side = "head",
): void {
  const headers = detail.evidence ? ["Call", "Kind", "Evidence"] : ["Call", "Kind"];
  const rows = firstRows(edges, detail, (edge) => {
    const row = [edgeName(edge), edge.kind];
    if (detail.evidence) row.push(evidenceCell(edge.evidence, detail, side));
    return row;
  });
  pushTable(parts, title, headers, rows, detail);
}

export function pushMergeCandidates(
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

const DIAGRAM_LEGEND =
  "Legend: green: added · red, dashed: removed · grey: unchanged · green arrows: the way a request now takes to what was added. " +
  "Solid arrow: a call the request waits for · dotted arrow: through a queue (async). " +
  "Box: service · cylinder: datastore or cache · double-sided box: queue · hexagon: gateway · slanted box: outside the repository.";

/** A component that did not exist had no blast radius to compare with: it is new, not "was none". */
function blastRadiusLine(
  change: { component: string; base: readonly string[]; head: readonly string[] },
  added: Set<string>,
): string {
  const name = codeSpan(change.component);
  if (change.head.length === 0)
    return `${name}: on no request path any more (was on ${entryList(change.base)})`;
  const now = `on the request path of ${entryList(change.head)}`;
  if (added.has(change.component)) return `${name} (new): ${now}`;
  return `${name}: ${now} (was ${change.base.length === 0 ? "on none" : entryList(change.base)})`;
}

export function diagramBlock(
  system: SystemReport,
  detail: Detail,
  title: string,
  representative?: string,
): string {
  const diagram = renderMermaidDiagram(system);
  const whose = representative ? ` (of ${escapeHtml(clip(systemNamePlain(representative), 160))})` : "";
  const parts = [
    `<details open><summary>${title}${whose}</summary>`,
    "",
    "```mermaid",
    diagram.text,
    "```",
    "",
    DIAGRAM_LEGEND,
  ];
  if (diagram.capped) {
    parts.push(
      "",
      `Only changed components and their neighbours are drawn; ${diagram.omittedComponents.length} components and ${diagram.omittedEdges.length} calls are left out of the diagram:`,
      "",
      table(
        ["Component not drawn"],
        firstRows(diagram.omittedComponents, detail, (name) => [codeSpan(name)]),
        detail,
      ),
      "",
      table(
        ["Call not drawn", "Kind"],
        firstRows(diagram.omittedEdges, detail, (edge) => [edgeName(edge), edge.kind]),
        detail,
      ),
    );
  }
  parts.push("", "</details>");
  return parts.join("\n");
}
