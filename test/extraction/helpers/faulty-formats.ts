/**
 * Two formats for format threads that misbehave: `faulty` loops for ever on a file holding `#hang` and ends its
 * thread on `#exit`; `steady` finds one system per file. The faulty worker serves these; a test hands the same
 * objects to the engine, which runs them in threads by id.
 */
import type { FormatExtractor } from "../../../src/formats/types.js";

function misbehave(text: string): void {
  if (text.includes("#hang")) {
    for (;;) {
      // Stuck in this file for good, as a parser on a pathological input might be.
    }
  }
  if (text.includes("#exit")) process.exit(3);
}

export const FAULTY: FormatExtractor = {
  id: "faulty",
  claims: (path) => path.startsWith("faulty/"),
  async extract(files) {
    for (const file of files) if (this.claims(file.path)) misbehave(file.text);
    return { systems: [], warnings: [], notes: [] };
  },
};

export const STEADY: FormatExtractor = {
  id: "steady",
  claims: (path) => path.startsWith("steady/"),
  async extract(files) {
    const mine = files.filter((file) => this.claims(file.path));
    return {
      systems: mine.map((file) => ({
        id: `steady:${file.path}`,
        format: "steady",
        components: [],
        edges: [],
        entryPoints: [],
      })),
      warnings: [],
      notes: [],
    };
  },
};
