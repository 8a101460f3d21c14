/** Names in a one-line summary: a change may add thousands, and a line must stay a line. */
const SHOWN = 3;

export function nameList(names: readonly string[]): string {
  const shown = names.slice(0, SHOWN).map((name) => `\`${name}\``);
  if (names.length > SHOWN) shown.push(`${names.length - SHOWN} more`);
  return shown.join(", ");
}
