/** Content a pull request can put in an infrastructure file that no extractor can read, and what it replaces. */

/** What the engine says of a head file whose base version stands in for it. */
export const STAND_IN_MESSAGE =
  "could not be read at head; its base version stands in, so its changes are not in this report";

/** A compose file with two services, `web` (published on port 80) depending on `db`. */
export const WEB_DB_COMPOSE = [
  "services:",
  "  web:",
  "    image: nginx",
  "    ports: ['80:80']",
  "    depends_on: [db]",
  "  db:",
  "    image: postgres",
  "",
].join("\n");

/** Ten aliases of ten aliases, nine levels deep: a few lines on disk, 10^10 nodes once expanded. */
export function aliasBomb(): string {
  const names = "abcdefghij";
  const lines = [
    "services:",
    "  web:",
    "    image: nginx",
    `x-a: &a [${Array(10).fill('"lol"').join(", ")}]`,
  ];
  for (let level = 1; level < names.length; level++) {
    const refs = Array(10)
      .fill(`*${names[level - 1]}`)
      .join(", ");
    lines.push(`x-${names[level]}: &${names[level]} [${refs}]`);
  }
  return `${lines.join("\n")}\n`;
}

/** How deep `DEEP_YAML` nests: far past what the YAML loader accepts. */
export const NESTING_DEPTH = 100_000;

/** Flow sequences nested `NESTING_DEPTH` levels deep on one line. */
export const DEEP_YAML = `${"[".repeat(NESTING_DEPTH)}${"]".repeat(NESTING_DEPTH)}\n`;
