import type { Evidence, ExtractionWarning, SourceLocation } from "../graph/model.js";
import { redactText } from "../graph/redact.js";
import { metricsOf, type ViewCounts, type ViewMetrics } from "./metrics.js";
import type { AccuracyRun, CaseRun, DeltaRun, ViewRun } from "./run.js";
import type { DeltaDifference } from "./score-delta.js";
import type { FoundComponent, FoundEdge, FoundEntryPoint } from "./score-view.js";

/**
 * Accuracy results for people (findings first, the summary table last, where a terminal leaves it) and for
 * machines (`--json`). Every miss and false positive is printed with what the extractors had, so it can be
 * studied without rerunning anything.
 */

const INDENT = "    ";

function where(location: SourceLocation): string {
  return location.line !== undefined ? `${location.file}:${location.line}` : location.file;
}

function evidenceLine(evidence: Evidence): string {
  return `${where(evidence)} ${evidence.rule}: ${redactText(evidence.detail)}`;
}

function componentRef(component: FoundComponent): string {
  return `${component.name} (${component.kind}, ${component.system}, ${where(component.location)})`;
}

function edgeLines(edge: FoundEdge): string[] {
  const head = `${INDENT}${edge.system}: ${edge.from} -> ${edge.to} (${edge.kind})`;
  if (edge.evidence.length === 0) return [`${head}, no evidence recorded`];
  return [head, ...edge.evidence.map((evidence) => `${INDENT}  ${evidenceLine(evidence)}`)];
}

function entryLines(entry: FoundEntryPoint): string[] {
  const head = `${INDENT}${entry.system}: ${entry.component} via ${entry.via}`;
  return [head, ...entry.evidence.map((evidence) => `${INDENT}  ${evidenceLine(evidence)}`)];
}

function warningLine(warning: ExtractionWarning): string {
  const at = warning.line !== undefined ? `${warning.file}:${warning.line}` : warning.file;
  return `  warning ${warning.id} ${at}: ${redactText(warning.message)}`;
}

const MISTAKES: Record<string, string> = {
  "non-edge": "labelled non-edge",
  "unlabelled-end": "an end is no labelled component",
  reversed: "reverse of a labelled edge",
  self: "both ends are the same labelled component",
  "unlabelled-edge": "between labelled components, not labelled",
};

function viewFindings(caseName: string, view: ViewRun): string[] {
  const { findings } = view.score;
  const lines = [`== ${caseName} / ${view.name} (${view.fileCount} files from ${view.inputs.join(", ")})`];
  for (const input of view.missingInputs) lines.push(`  input not found: ${input}`);
  for (const skipped of view.skippedFiles) lines.push(`  file skipped: ${skipped.path} (${skipped.reason})`);
  for (const missed of findings.missedComponents)
    lines.push(`  missed component: ${missed.name} (${missed.kind})`);
  for (const mismatch of findings.kindMismatches) {
    lines.push(`  wrong kind: ${mismatch.name} is labelled ${mismatch.expected}, reported as`);
    for (const found of mismatch.found) lines.push(`${INDENT}${componentRef(found)}`);
  }
  for (const edge of findings.falsePositiveEdges) {
    lines.push(`  false positive edge: ${edge.from} -> ${edge.to} (${MISTAKES[edge.mistake]})`);
    for (const found of edge.found) lines.push(...edgeLines(found));
  }
  for (const edge of findings.missedEdges) {
    lines.push(
      `  missed edge: ${edge.from} -> ${edge.to}${edge.visible ? "" : " (visible: false, out of reach of configuration)"}`,
    );
    const ends = [
      edge.fromFound.length > 0
        ? `from ${edge.fromFound.map(componentRef).join("; ")}`
        : `${edge.from} not reported`,
      edge.toFound.length > 0 ? `to ${edge.toFound.map(componentRef).join("; ")}` : `${edge.to} not reported`,
    ];
    for (const end of ends) lines.push(`${INDENT}${end}`);
    if (edge.reversed.length > 0) {
      lines.push(`${INDENT}reported the other way:`);
      for (const found of edge.reversed) lines.push(...edgeLines(found).map((line) => `  ${line}`));
    }
  }
  for (const entry of findings.falsePositiveEntryPoints) {
    lines.push(
      `  false positive entry point: ${entry.component}${entry.labelled ? "" : " (no labelled component)"}`,
    );
    for (const found of entry.found) lines.push(...entryLines(found));
  }
  for (const entry of findings.missedEntryPoints) {
    const had =
      entry.found.length > 0
        ? `reported as a component: ${entry.found.map(componentRef).join("; ")}`
        : "component not reported";
    lines.push(`  missed entry point: ${entry.component} (${had})`);
  }
  for (const component of findings.unlabelledComponents)
    lines.push(`  unlabelled component: ${componentRef(component)}`);
  if (findings.optionalEdgesFound.length > 0) {
    const edges = findings.optionalEdgesFound.map((edge) => `${edge.from} -> ${edge.to}`).join(", ");
    lines.push(`  optional edges reported (counted neither way): ${edges}`);
  }
  for (const warning of view.warnings) lines.push(warningLine(warning));
  for (const note of view.notes) lines.push(`  note: ${note}`);
  if (lines.length === 1) lines.push("  everything as labelled");
  return lines;
}

function differenceLines<T>(
  label: string,
  difference: DeltaDifference<T>,
  describe: (found: T) => string[],
): string[] {
  const lines: string[] = [];
  for (const missing of difference.missing)
    lines.push(`  missing ${label}: ${missing.name} (${missing.context})`);
  for (const unexpected of difference.unexpected) {
    lines.push(`  unexpected ${label}: ${unexpected.name}`);
    for (const found of unexpected.found) lines.push(...describe(found));
  }
  return lines;
}

function deltaFindings(caseName: string, delta: DeltaRun): string[] {
  const title = `== ${caseName} / delta ${delta.id}${delta.subject ? ` "${delta.subject}"` : ""}`;
  const lines = [title];
  for (const problem of delta.problems) lines.push(`  problem: ${problem}`);
  for (const input of delta.missingInputs) lines.push(`  input found on neither side: ${input}`);
  const score = delta.score;
  if (!score) return lines;
  const verdict = score.exact ? "exact" : "NOT exact";
  lines.push(
    `  ${verdict}${score.negativeControl ? " (negative control: nothing may be reported)" : ""}; report: ${score.headline}`,
  );
  const component = (found: { system: string; name: string; location: SourceLocation }): string[] => [
    `${INDENT}${found.system}: ${found.name} at ${where(found.location)}`,
  ];
  lines.push(...differenceLines("added component", score.addedComponents, component));
  lines.push(...differenceLines("removed component", score.removedComponents, component));
  lines.push(...differenceLines("added edge", score.addedEdges, edgeLines));
  lines.push(...differenceLines("removed edge", score.removedEdges, edgeLines));
  for (const warning of delta.warnings) lines.push(warningLine(warning));
  if (!score.exact && delta.notes) lines.push(`  label notes: ${delta.notes}`);
  return lines;
}

const COLUMNS: { title: string; value(counts: ViewCounts, metrics: ViewMetrics): string }[] = [
  {
    title: "components",
    value: (c, m) => cell(m.componentRecall, c.components.found, c.components.required),
  },
  { title: "kinds", value: (c, m) => cell(m.kindAccuracy, c.kinds.correct, c.kinds.judged) },
  {
    title: "edge precision",
    value: (c, m) =>
      cell(m.edgePrecision, c.edges.foundRequired, c.edges.foundRequired + c.edges.falsePositives),
  },
  {
    title: "edge recall visible",
    value: (c, m) => cell(m.edgeRecallVisible, c.edges.foundRequiredVisible, c.edges.requiredVisible),
  },
  {
    title: "edge recall all",
    value: (c, m) => cell(m.edgeRecallAll, c.edges.foundRequired, c.edges.required),
  },
  {
    title: "entry precision",
    value: (c, m) =>
      cell(
        m.entryPrecision,
        c.entryPoints.foundRequired,
        c.entryPoints.foundRequired + c.entryPoints.falsePositives,
      ),
  },
  {
    title: "entry recall",
    value: (c, m) => cell(m.entryRecall, c.entryPoints.foundRequired, c.entryPoints.required),
  },
  { title: "entry F1", value: (_c, m) => formatRatio(m.entryF1) },
];

export function formatRatio(value: number | null): string {
  return value === null ? "n/a" : value.toFixed(2);
}

function cell(value: number | null, numerator: number, denominator: number): string {
  return `${formatRatio(value)} ${numerator}/${denominator}`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    row
      .map((text, column) => (column === 0 ? text.padEnd(widths[column]!) : text.padStart(widths[column]!)))
      .join("  ")
      .trimEnd(),
  );
}

function summary(run: AccuracyRun): string[] {
  const rows = [["view", ...COLUMNS.map((column) => column.title)]];
  for (const caseRun of run.cases) {
    for (const view of caseRun.views) {
      const metrics = metricsOf(view.score.counts);
      rows.push([
        `${caseRun.name} / ${view.name}`,
        ...COLUMNS.map((column) => column.value(view.score.counts, metrics)),
      ]);
    }
  }
  const total = metricsOf(run.total);
  rows.push(["overall", ...COLUMNS.map((column) => column.value(run.total, total))]);
  const lines = ["Summary (ratio, then found/total)", ...table(rows)];

  const deltas = run.cases.flatMap((caseRun) =>
    caseRun.deltas.map((delta) => ({ caseName: caseRun.name, delta })),
  );
  if (deltas.length > 0) {
    const deltaRows = [["delta", "result"]];
    for (const { caseName, delta } of deltas) {
      const result = !delta.score ? "not scored" : delta.score.exact ? "exact" : "NOT exact";
      deltaRows.push([
        `${caseName} / ${delta.id}${delta.score?.negativeControl ? " (negative control)" : ""}`,
        result,
      ]);
    }
    const scored = deltas.filter(({ delta }) => delta.score);
    const exact = scored.filter(({ delta }) => delta.score!.exact).length;
    lines.push("", ...table(deltaRows), `deltas exact: ${exact}/${deltas.length}`);
  }
  return lines;
}

export function formatText(run: AccuracyRun): string {
  const lines: string[] = [];
  for (const caseRun of run.cases) {
    for (const problem of caseRun.problems) lines.push(`problem in ${caseRun.name}: ${problem}`);
    for (const view of caseRun.views) lines.push(...viewFindings(caseRun.name, view), "");
    for (const delta of caseRun.deltas) lines.push(...deltaFindings(caseRun.name, delta), "");
  }
  if (run.cases.length === 0) lines.push("no cases found (a case is a folder with expected.yaml)", "");
  lines.push(...summary(run));
  return `${lines.join("\n")}\n`;
}

/** The whole run as data: counts, ratios and findings per view, per delta and overall. */
export function toJson(run: AccuracyRun): unknown {
  const deltas = run.cases.flatMap((caseRun) => caseRun.deltas);
  return {
    overall: {
      metrics: metricsOf(run.total),
      counts: run.total,
      deltas: { total: deltas.length, exact: deltas.filter((delta) => delta.score?.exact).length },
    },
    cases: run.cases.map((caseRun: CaseRun) => ({
      name: caseRun.name,
      problems: caseRun.problems,
      views: caseRun.views.map((view) => ({
        name: view.name,
        inputs: view.inputs,
        fileCount: view.fileCount,
        missingInputs: view.missingInputs,
        skippedFiles: view.skippedFiles,
        metrics: metricsOf(view.score.counts),
        counts: view.score.counts,
        findings: view.score.findings,
        warnings: view.warnings,
        notes: view.notes,
      })),
      deltas: caseRun.deltas,
    })),
  };
}
