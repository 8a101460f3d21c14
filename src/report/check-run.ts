/**
 * The check run: the headline as title, the Markdown report as summary, and annotations on the lines
 * that added components and calls (with what they cost) and on extraction warnings. Batching the
 * annotations into GitHub's 50-a-request is the GitHub layer's job.
 */
import type { Component, Edge } from "../graph/model.js";
import type { ChangeReport, SystemReport } from "../analysis/types.js";
import type { Verdict } from "../analysis/verdict/types.js";
import { plural } from "../analysis/words.js";
import { clip, plainText } from "./escape.js";
import { formatAvailabilityChange, formatCountChange } from "./format.js";
import { renderMarkdown } from "./markdown.js";
import type { SourceLinks } from "./source-links.js";
import { systemNamePlain } from "./system-names.js";

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "notice" | "warning" | "failure";
  title?: string;
  message: string;
}

export interface CheckRunOutput {
  title: string;
  summary: string;
  text?: string;
  annotations: CheckAnnotation[];
}

export const MAX_TITLE_LENGTH = 255;
export const MAX_SUMMARY_LENGTH = 65_535;
const MAX_MESSAGE_LENGTH = 2_000;
const MAX_ANNOTATION_TITLE = 255;
const MAX_ENTRIES_NAMED = 5;

export interface CheckRunOptions {
  maxChars?: number;
  /**
   * The same report already rendered in diff mode (for the comment). Used as the summary when it fits, which
   * is then exactly what rendering again would give: a larger limit only keeps more of what does not fit.
   */
  markdown?: string;
  /** The verdict: its line is the title and leads the summary. */
  verdict?: Verdict;
  /** Kept right under the summary's first line (the gate's section). */
  prelude?: string;
  /** Where `file:line` in the summary links to. */
  links?: SourceLinks;
}

export function renderCheckRun(report: ChangeReport, options: CheckRunOptions = {}): CheckRunOutput {
  const maxChars = Math.min(options.maxChars ?? MAX_SUMMARY_LENGTH, MAX_SUMMARY_LENGTH);
  const rendered = options.markdown;
  return {
    // A check run's title is plain text: the headline's code spans would show their backticks.
    title:
      clip(plainText(options.verdict?.line ?? report.headline).replace(/`/g, ""), MAX_TITLE_LENGTH) ||
      "boxcutter",
    summary:
      rendered !== undefined && rendered.length <= maxChars
        ? rendered
        : renderMarkdown(report, {
            mode: "diff",
            maxChars,
            ...(options.verdict ? { verdict: options.verdict } : {}),
            ...(options.prelude ? { prelude: options.prelude } : {}),
            ...(options.links ? { links: options.links } : {}),
          }),
    annotations: annotations(report),
  };
}

function annotations(report: ChangeReport): CheckAnnotation[] {
  const result: CheckAnnotation[] = [];
  const seen = new Set<string>();
  const add = (annotation: CheckAnnotation) => {
    const key = JSON.stringify([
      annotation.path,
      annotation.start_line,
      annotation.title,
      annotation.message,
    ]);
    if (seen.has(key)) return;
    seen.add(key);
    result.push(annotation);
  };
  for (const system of report.systems) {
    for (const component of system.delta.addedComponents) {
      const path = plainText(component.location.file);
      if (path.length === 0) continue;
      // GitHub needs a line; a component whose line is unknown is pinned to the top of its file.
      const line = component.location.line ?? 1;
      add(notice(path, line, addedTitle(component), componentMessage(system, component)));
    }
    for (const edge of system.delta.addedEdges) {
      // One annotation a call, on the first line that proves it; the summary lists the rest of the evidence.
      const evidence = edge.evidence.find((item) => plainText(item.file).length > 0);
      if (!evidence) continue;
      const title = `Added ${edge.kind} call ${edge.from} -> ${edge.to}`;
      add(notice(plainText(evidence.file), evidence.line ?? 1, title, edgeMessage(system, edge)));
    }
  }
  for (const warning of report.warnings) {
    if (warning.line === undefined || plainText(warning.file).length === 0) continue;
    add({
      path: plainText(warning.file),
      start_line: warning.line,
      end_line: warning.line,
      annotation_level: "warning",
      title: clip(plainText(warning.id), MAX_ANNOTATION_TITLE),
      message: clip(plainText(warning.message), MAX_MESSAGE_LENGTH) || plainText(warning.id),
    });
  }
  return result;
}

function notice(path: string, line: number, title: string, message: string): CheckAnnotation {
  return {
    path,
    start_line: line,
    end_line: line,
    annotation_level: "notice",
    title: clip(plainText(title), MAX_ANNOTATION_TITLE),
    message: clip(plainText(message), MAX_MESSAGE_LENGTH),
  };
}

/** `web` 3 -> 6 (+3), availability 99.70% -> 99.40%` for each entry point whose request path has all `names`. */
function costOn(system: SystemReport, names: string[]): string[] {
  return system.entryPoints
    .filter((entry) => entry.head && names.every((name) => entry.head!.requestPath.includes(name)))
    .map(
      (entry) =>
        `${entry.entry}: round trips ${formatCountChange(entry.base?.roundTrips, entry.head?.roundTrips)}, ` +
        `availability ${formatAvailabilityChange(entry.base?.availability, entry.head?.availability)}`,
    );
}

function entriesText(costs: string[]): string {
  const shown = costs.slice(0, MAX_ENTRIES_NAMED);
  if (costs.length > MAX_ENTRIES_NAMED) shown.push(`${costs.length - MAX_ENTRIES_NAMED} more`);
  return shown.join("; ");
}

function componentMessage(system: SystemReport, component: Component): string {
  const costs = costOn(system, [component.name]);
  const what = `Adds ${component.kind === component.name ? component.kind : `${component.kind} ${component.name}`} to ${systemNamePlain(system.system)}.`;
  if (costs.length === 0) {
    return `${what} It is on no entry point's request path (a background flow): no request waits for it.`;
  }
  return `${what} One more component on the request path of ${costs.length} ${plural(costs.length, "entry point")} (${entriesText(costs)}).`;
}

function edgeMessage(system: SystemReport, edge: Edge): string {
  const what = `Adds ${edge.kind === "async" ? "an" : "a"} ${edge.kind} call ${edge.from} -> ${edge.to} in ${systemNamePlain(system.system)}.`;
  const costs = costOn(system, [edge.from, edge.to]);
  if (costs.length === 0) return `${what} It is on no entry point's request path: no request waits for it.`;
  return `${what} +1 round trip on every request through ${costs.length === 1 ? "this entry point" : `these ${costs.length} entry points`} (${entriesText(costs)}).`;
}

/** `Added service auth`; a component named after its kind reads `Added cache`, not `Added cache cache`. */
function addedTitle(component: Component): string {
  return component.name === component.kind
    ? `Added ${component.kind}`
    : `Added ${component.kind} ${component.name}`;
}
