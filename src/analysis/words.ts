/** Wording shared by the headline and the report; imports nothing, so either side may use it. */

/** `+3`, `-2`, `0`: a change always shows its direction. */
export function signed(value: number): string {
  return value > 0 ? `+${value}` : `${value}`;
}

/** English plural by `s`, enough for the nouns the report uses (component, call, round trip, ...). */
export function plural(count: number, noun: string): string {
  return count === 1 ? noun : `${noun}s`;
}
