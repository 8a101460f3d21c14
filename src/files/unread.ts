import type { ExtractionWarning } from "../graph/model.js";

/**
 * Reader warnings that mean one file exists in the tree but its content was not read: binary, over the size limit,
 * not UTF-8, a read error, a link out of the tree, a FIFO or device, or (from GitHub) not fetched in time or not returned.
 */
const UNREAD_FILE_IDS: ReadonlySet<string> = new Set([
  "input/binary",
  "input/too-large",
  "input/unreadable",
  "input/symlink-outside",
  "input/not-a-file",
  "input/deadline",
  "github/missing-blob",
]);

/**
 * The paths of files a reader found but left out, for `analyzeChange`'s `headUnread`: the engine lets their base
 * version stand in, so a file that could not be read never reads as deleted. Tree-wide limits name no file.
 */
export function unreadPaths(warnings: readonly ExtractionWarning[]): string[] {
  const paths = warnings
    .filter((warning) => UNREAD_FILE_IDS.has(warning.id) && warning.file !== "" && warning.file !== ".")
    .map((warning) => warning.file);
  return [...new Set(paths)];
}
