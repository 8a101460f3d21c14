/** Average hours in a year (365.25 days), so leap years are accounted for. */
export const HOURS_PER_YEAR = 8766;

/**
 * Every component on the path must be up for the request to succeed: `a^k`. A long path of unlikely components
 * underflows to 0 in floating point; it is kept at the smallest positive number, since it is never certain to fail.
 */
export function pathAvailability(componentAvailability: number, components: number): number {
  return Math.max(componentAvailability ** components, Number.MIN_VALUE);
}

/** Extra hours of downtime a year when availability moves from `base` to `head` (negative when it improves). */
export function extraDowntimeHoursPerYear(base: number, head: number): number {
  return (base - head) * HOURS_PER_YEAR;
}

/** `0.997003` -> `99.70%`. */
export function formatAvailability(availability: number): string {
  return `${(availability * 100).toFixed(2)}%`;
}
