import type { InputFile } from "../formats/types.js";
import type { ExtractionWarning } from "../graph/model.js";

/**
 * Extractor warnings that mean a file, or a part of it, was not read: a syntax error, an alias bomb, nesting too
 * deep, a parser that could not run. A head file with one of these says nothing reliable about what it defines.
 * Warnings about content that was read (unknown references, a file that is not of the format) are not here.
 */
export const UNREAD_CONTENT_IDS: ReadonlySet<string> = new Set([
  "yaml/invalid",
  "yaml/too-large",
  "kubernetes/invalid-json",
  "terraform/invalid-hcl",
  "terraform/invalid-json",
  "terraform/too-deep",
  "terraform/parser-unavailable",
  "terraform/invalid-azure-yaml",
]);

export const HEAD_UNREADABLE_ID = "engine/head-unreadable";

/**
 * Head files an extraction could not read whose base version can stand in: the path exists at base with other
 * text. A file broken the same way on both sides changed nothing, so it keeps its own reading.
 */
export function unreadByExtraction(
  warnings: readonly ExtractionWarning[],
  head: ReadonlyMap<string, InputFile>,
  base: ReadonlyMap<string, InputFile>,
): string[] {
  const paths = new Set<string>();
  for (const warning of warnings) {
    if (!UNREAD_CONTENT_IDS.has(warning.id)) continue;
    const before = base.get(warning.file);
    const after = head.get(warning.file);
    if (before && after && before.text !== after.text) paths.add(warning.file);
  }
  return [...paths];
}

/** The head files with the base version of each path in `paths` in its place, or added where head has none. */
export function withStandIns(
  head: readonly InputFile[],
  base: ReadonlyMap<string, InputFile>,
  paths: ReadonlySet<string>,
): InputFile[] {
  const files = head.map((file) => (paths.has(file.path) ? (base.get(file.path) ?? file) : file));
  const present = new Set(head.map((file) => file.path));
  for (const path of paths) {
    const standIn = base.get(path);
    if (standIn && !present.has(path)) files.push(standIn);
  }
  return files;
}

export function headUnreadableWarning(path: string): ExtractionWarning {
  return {
    id: HEAD_UNREADABLE_ID,
    file: path,
    message: "could not be read at head; its base version stands in, so its changes are not in this report",
  };
}
