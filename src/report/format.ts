/** Number and location formatting shared by the Markdown, JSON and check-run outputs. */
import type { SourceLocation } from "../graph/model.js";
import { extraDowntimeHoursPerYear } from "../analysis/availability.js";
import { DEFAULT_ANALYSIS_OPTIONS } from "../analysis/options.js";
import { signed } from "../analysis/words.js";
import type { ChangeReport, EntryPointMetrics } from "../analysis/types.js";

/** `99.70%`; more decimals only when two decimals would round a real change (or a value below 1) away. */
export function formatPercent(availability: number, other?: number): string {
  for (let decimals = 2; decimals <= 6; decimals += 1) {
    const text = (availability * 100).toFixed(decimals);
    const clash = other !== undefined && other !== availability && text === (other * 100).toFixed(decimals);
    const falseHundred = availability < 1 && text === (100).toFixed(decimals);
    if (!clash && !falseHundred) return `${text}%`;
  }
  return `${(availability * 100).toFixed(6)}%`;
}

/** `3 -> 6 (+3)`, `3` when equal. */
export function formatCountChange(base: number | undefined, head: number | undefined): string {
  if (base === undefined && head === undefined) return "–";
  if (base === undefined) return `${head} (new)`;
  if (head === undefined) return `${base} (gone)`;
  if (base === head) return `${head}`;
  return `${base} -> ${head} (${signed(head - base)})`;
}

export function formatAvailabilityChange(base: number | undefined, head: number | undefined): string {
  if (base === undefined && head === undefined) return "–";
  if (base === undefined) return `${formatPercent(head!)} (new)`;
  if (head === undefined) return `${formatPercent(base)} (gone)`;
  if (base === head) return formatPercent(head);
  return `${formatPercent(base, head)} -> ${formatPercent(head, base)}`;
}

/** `about +26 h of downtime a year`, `about -45 min of downtime a year`; undefined when nothing changes. */
export function formatDowntime(base: number | undefined, head: number | undefined): string | undefined {
  if (base === undefined || head === undefined || base === head) return undefined;
  const hours = extraDowntimeHoursPerYear(base, head);
  const sign = hours > 0 ? "+" : "-";
  const magnitude = Math.abs(hours);
  let amount: string;
  if (magnitude >= 10) amount = `${Math.round(magnitude)} h`;
  else if (magnitude >= 1) amount = `${magnitude.toFixed(1)} h`;
  else if (magnitude * 60 >= 1) amount = `${Math.round(magnitude * 60)} min`;
  else amount = `${Math.max(1, Math.round(magnitude * 3600))} s`;
  return `about ${sign}${amount} of downtime a year`;
}

export function formatLocation(location: SourceLocation): string {
  return location.line === undefined ? location.file : `${location.file}:${location.line}`;
}

export function componentAvailability(report: Pick<ChangeReport, "options">): number {
  const value = report.options?.componentAvailability;
  return typeof value === "number" && value > 0 && value <= 1
    ? value
    : DEFAULT_ANALYSIS_OPTIONS.componentAvailability;
}

export function pathLength(metrics: EntryPointMetrics | undefined): number | undefined {
  return metrics === undefined ? undefined : metrics.requestPath.length;
}
