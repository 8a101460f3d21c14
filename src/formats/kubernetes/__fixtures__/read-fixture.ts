import { join } from "node:path";
import { readFilesUnder } from "../../shared/__fixtures__/read-files.js";
import type { InputFile } from "../../types.js";

/** Every file under `__fixtures__/<name>`, with paths relative to that folder as a repository would give them. */
export function readFixture(name: string): InputFile[] {
  return readFilesUnder(join(import.meta.dirname, name));
}
