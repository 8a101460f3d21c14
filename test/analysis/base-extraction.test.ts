import { describe, expect, it } from "vitest";
import { compareWith, type ExtractionMemo } from "../../src/engine.js";
import type { Extracted } from "../../src/extraction/run-formats.js";
import type { FormatExtractor, InputFile } from "../../src/formats/types.js";
import { system } from "./graphs.js";

const BASE: InputFile[] = [{ path: "compose.yaml", text: "a" }];
const HEAD: InputFile[] = [{ path: "compose.yaml", text: "ab" }];
const NEXT_HEAD: InputFile[] = [{ path: "compose.yaml", text: "abc" }];

/** One component per character of the file: what each side holds is plain to see. */
function countingFormat(seen: string[], warn = false): FormatExtractor {
  return {
    id: "fake",
    claims: () => true,
    extract: async (files) => {
      const text = files.map((file) => file.text).join("");
      seen.push(text);
      const names = Object.fromEntries([...text].map((name) => [name, "service" as const]));
      return {
        systems: [system("fake:.", names, [], [...text])],
        warnings: warn ? [{ id: "fake/deadline", file: "compose.yaml", message: "ran out of time" }] : [],
        notes: [],
      };
    },
  };
}

function memo(): ExtractionMemo & { kept: Extracted[] } {
  const kept: Extracted[] = [];
  return { kept, get: () => kept[0], set: (extracted) => void kept.push(extracted) };
}

describe("the base side's extraction, kept between pushes", () => {
  it("extracts the base once for two pushes and reports as if it had extracted it each time", async () => {
    const seen: string[] = [];
    const base = memo();
    const first = await compareWith([countingFormat(seen)], BASE, HEAD, {}, { baseExtraction: base });
    const second = await compareWith([countingFormat(seen)], BASE, NEXT_HEAD, {}, { baseExtraction: base });
    const uncached = await compareWith([countingFormat([])], BASE, NEXT_HEAD);

    expect(seen).toEqual(["a", "ab", "abc"]);
    expect(base.kept).toHaveLength(1);
    expect(first.systems[0]!.delta.addedComponents.map((component) => component.name)).toEqual(["b"]);
    expect(second).toEqual(uncached);
  });

  it("keeps no extraction that ran out of time", async () => {
    const seen: string[] = [];
    const base = memo();
    await compareWith([countingFormat(seen, true)], BASE, HEAD, {}, { baseExtraction: base });
    await compareWith([countingFormat(seen, true)], BASE, NEXT_HEAD, {}, { baseExtraction: base });

    expect(base.kept).toEqual([]);
    expect(seen).toEqual(["a", "ab", "a", "abc"]);
  });
});
