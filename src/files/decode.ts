import type { InputFile } from "../formats/types.js";
import type { ExtractionWarning } from "../graph/model.js";

export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** How far into a file to look for a NUL byte, the mark of binary content (as git does). */
const BINARY_SNIFF_BYTES = 8000;

const utf8 = new TextDecoder("utf-8", { fatal: true });

// YAML and JSON may be saved as UTF-16 (Windows editors do); its byte order mark says which order.
const UTF16_BOMS = [
  { bytes: [0xff, 0xfe], decoder: new TextDecoder("utf-16le", { fatal: true }) },
  { bytes: [0xfe, 0xff], decoder: new TextDecoder("utf-16be", { fatal: true }) },
];

/**
 * Repository bytes to text, or a warning saying why the file is skipped, with the line where the text stops being
 * text. A leading BOM is dropped; UTF-16 with a BOM is read as text.
 */
export function decodeFile(
  path: string,
  bytes: Uint8Array,
): { file: InputFile } | { warning: ExtractionWarning } {
  if (bytes.byteLength > MAX_FILE_BYTES) return { warning: tooLarge(path, bytes.byteLength) };
  const utf16 = UTF16_BOMS.find((bom) => bom.bytes.every((byte, index) => bytes[index] === byte));
  if (utf16) {
    try {
      return { file: { path, text: utf16.decoder.decode(bytes) } };
    } catch {
      return { warning: binary(path, 1, "not valid UTF-16 text; skipped") };
    }
  }
  const nul = bytes.subarray(0, BINARY_SNIFF_BYTES).indexOf(0);
  if (nul >= 0) return { warning: binary(path, lineAt(bytes, nul), "binary file; skipped") };
  try {
    return { file: { path, text: utf8.decode(bytes) } };
  } catch {
    return { warning: binary(path, lineAt(bytes, firstInvalidUtf8(bytes)), "not valid UTF-8 text; skipped") };
  }
}

function binary(path: string, line: number, message: string): ExtractionWarning {
  return { id: "input/binary", file: path, line, message };
}

/** 1-based line of the byte at `offset`. */
function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let index = bytes.indexOf(0x0a); index >= 0 && index < offset; index = bytes.indexOf(0x0a, index + 1))
    line++;
  return line;
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  // Decoding growing prefixes would be quadratic: halve the range instead (a prefix ending mid-sequence of a
  // valid file is only incomplete, which `stream` decoding accepts).
  let good = 0;
  let bad = bytes.byteLength;
  while (bad - good > 1) {
    const middle = Math.floor((good + bad) / 2);
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, middle), { stream: true });
      good = middle;
    } catch {
      bad = middle;
    }
  }
  return good;
}

/** A file over the size limit: it is not read, so the warning points at its start. */
export function tooLarge(path: string, bytes: number): ExtractionWarning {
  const mib = (bytes / 1024 / 1024).toFixed(1);
  return {
    id: "input/too-large",
    file: path,
    line: 1,
    message: `file is ${mib} MiB, over the ${MAX_FILE_BYTES / 1024 / 1024} MiB limit; skipped`,
  };
}
