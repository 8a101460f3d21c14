/** Average hours in a year (365.25 days), so leap years are accounted for. */
export const HOURS_PER_YEAR = 8766;

/** Every component on the path must be up for the request to succeed: `a^k`. */
export function pathAvailability(componentAvailability: number, components: number): number {
  return componentAvailability ** components;
}

/** Extra hours of downtime a year when availability moves from `base` to `head` (negative when it improves). */
export function extraDowntimeHoursPerYear(base: number, head: number): number {
  return (base - head) * HOURS_PER_YEAR;
}

/** `0.997003` -> `99.70%`. */
export function formatAvailability(availability: number): string {
  return `${(availability * 100).toFixed(2)}%`;
}

/** `26.19` -> `+26 h/year`; a fraction of an hour keeps one decimal so small changes do not read as zero. */
export function formatDowntimeHours(hours: number): string {
  const magnitude = Math.abs(hours);
  const text = magnitude >= 10 ? magnitude.toFixed(0) : magnitude.toFixed(1);
  return `${hours < 0 ? "-" : "+"}${text} h/year`;
}
