import type { Extraction } from "../../types.js";
import { composeFormat } from "../index.js";

/** Runs the compose extractor on files given as `{path: text}`, with a deadline no test reaches. */
export function extract(files: Record<string, string>): Promise<Extraction> {
  return composeFormat.extract(
    Object.entries(files).map(([path, text]) => ({ path, text })),
    { deadline: Date.now() + 60_000 },
  );
}
