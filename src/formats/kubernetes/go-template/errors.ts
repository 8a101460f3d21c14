/** A construct outside the supported subset, or a call that failed: poisons the output around it. */
export class TemplateError extends Error {}

/** The render went over its limits: nothing it produced is kept. */
export class BudgetError extends Error {
  /** The line of the template being rendered where the budget ran out: a reader fixes the chart there. */
  line: number | undefined;
}
