/** `boxcutter graph`: the state of each system in one tree. */
import type { ChangeReport, SystemReport } from "../analysis/types.js";
import { plural } from "../analysis/words.js";
import { codeSpan } from "./escape.js";
import { formatPercent } from "./format.js";
import {
  type Detail,
  RANK_KEEP,
  RANK_SUMMARY,
  RANK_SYSTEM,
  type Section,
  closingSections,
  componentCells,
  entryList,
  firstRows,
  headlineMarkdown,
  inlineText,
  nameList,
  pushTable,
  table,
} from "./markdown-blocks.js";
import { diagramBlock, pushEdgeTable, pushMergeCandidates } from "./markdown-diff.js";
import { capitalised, systemNameMarkdown } from "./system-names.js";

export function graphSections(report: ChangeReport, detail: Detail): Section[] {
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
  const parts = [`### ${capitalised(systemNameMarkdown(system.system))}`];
  const components = graph?.components ?? [];
  const edges = graph?.edges ?? [];
  parts.push(
    `${components.length} ${plural(components.length, "component")}, ${edges.length} ${plural(edges.length, "call")}, ${system.entryPoints.length} ${plural(system.entryPoints.length, "entry point")}.`,
  );
  const rows = firstRows(system.entryPoints, detail, (entry) => {
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
  // Blast radius from the request paths: the entry points that fail with each component shown.
  const radius = new Map(
    components.slice(0, detail.rows).map((component) => [component.name, [] as string[]]),
  );
  if (detail.minor) {
    for (const entry of system.entryPoints) {
      for (const name of (entry.head ?? entry.base)?.requestPath ?? []) radius.get(name)?.push(entry.entry);
    }
  }
  const componentRows = firstRows(components, detail, (component) => {
    const row = componentCells(component, detail);
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
