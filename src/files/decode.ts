import type { InputFile } from "../formats/types.js";
import type { ExtractionWarning } from "../graph/model.js";

export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** How far into a file to look for a NUL byte, the mark of binary content (as git does). */
const BINARY_SNIFF_BYTES = 8000;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Repository bytes to text, or a warning saying why the file is skipped. A leading BOM is dropped. */
export function decodeFile(
  path: string,
  bytes: Uint8Array,
): { file: InputFile } | { warning: ExtractionWarning } {
  if (bytes.byteLength > MAX_FILE_BYTES) return { warning: tooLarge(path, bytes.byteLength) };
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
    return { warning: { id: "input/binary", file: path, message: "binary file; skipped" } };
  }
  try {
    return { file: { path, text: utf8.decode(bytes) } };
  } catch {
    return { warning: { id: "input/binary", file: path, message: "not valid UTF-8 text; skipped" } };
  }
}

export function tooLarge(path: string, bytes: number): ExtractionWarning {
  const mib = (bytes / 1024 / 1024).toFixed(1);
  return {
    id: "input/too-large",
    file: path,
    message: `file is ${mib} MiB, over the ${MAX_FILE_BYTES / 1024 / 1024} MiB limit; skipped`,
  };
}
