import type { FormatExtractor, InputFile } from "../formats/types.js";

/** Room for the format and path of the file being read, shared by a worker and the thread that started it. */
export const READING_BYTES = 4096;

/**
 * Where a worker says which file it is reading: a hung or crashed worker cannot answer, but the thread that stops
 * it can still read this. Memory shared between the two threads, so marking costs no message.
 */
export class ReadingMark {
  readonly #length: Int32Array;
  readonly #bytes: Uint8Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(4 + READING_BYTES)) {
    this.#length = new Int32Array(buffer, 0, 1);
    this.#bytes = new Uint8Array(buffer, 4);
  }

  set(format: string, path: string): void {
    const { written } = new TextEncoder().encodeInto(`${format}\u0000${path}`, this.#bytes);
    Atomics.store(this.#length, 0, written);
  }

  clear(): void {
    Atomics.store(this.#length, 0, 0);
  }

  /** The format and file last marked, if any. */
  read(): { format: string; path: string } | undefined {
    const length = Atomics.load(this.#length, 0);
    if (length === 0) return undefined;
    const text = new TextDecoder().decode(this.#bytes.slice(0, length));
    const [format = "", path = ""] = text.split("\u0000");
    return { format, path };
  }
}

/** The files as `format` sees them: reading one's text marks it as the file being read. */
function marking(files: InputFile[], format: string, mark: ReadingMark): InputFile[] {
  return files.map((file) => ({
    path: file.path,
    get text() {
      mark.set(format, file.path);
      return file.text;
    },
  }));
}

/** Each format with its reading marked. */
export function markedFormats(formats: readonly FormatExtractor[], mark: ReadingMark): FormatExtractor[] {
  return formats.map((format) => ({
    id: format.id,
    claims: (path) => format.claims(path),
    extract: (files, options) => format.extract(marking(files, format.id, mark), options),
  }));
}
