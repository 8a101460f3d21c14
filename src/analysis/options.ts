import type { AnalysisOptions } from "./types.js";

export const DEFAULT_ANALYSIS_OPTIONS: Readonly<AnalysisOptions> = {
  componentAvailability: 0.999,
  timeBudgetMs: 8000,
};

/** Fills defaults and rejects values that would make every number meaningless. */
export function resolveOptions(options: Partial<AnalysisOptions> = {}): AnalysisOptions {
  const resolved: AnalysisOptions = {
    componentAvailability: options.componentAvailability ?? DEFAULT_ANALYSIS_OPTIONS.componentAvailability,
    timeBudgetMs: options.timeBudgetMs ?? DEFAULT_ANALYSIS_OPTIONS.timeBudgetMs,
  };
  const a = resolved.componentAvailability;
  if (!Number.isFinite(a) || a <= 0 || a > 1) {
    throw new RangeError(`component availability must be a number in (0, 1], got ${String(a)}`);
  }
  if (!Number.isFinite(resolved.timeBudgetMs) || resolved.timeBudgetMs < 0) {
    throw new RangeError(
      `time budget must be a non-negative number of milliseconds, got ${String(resolved.timeBudgetMs)}`,
    );
  }
  return resolved;
}
