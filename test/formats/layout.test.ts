import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FORMATS } from "../../src/formats/index.js";

// A format is one folder: extractor, README of its rules, tests and fixtures. This keeps that true.
const formatsDir = join(import.meta.dirname, "../../src/formats");
const formatFolders = readdirSync(formatsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== "shared")
  .map((entry) => entry.name);

describe("format folders", () => {
  it("are each registered once, under the folder's name", () => {
    expect(FORMATS.map((format) => format.id).sort()).toEqual([...formatFolders].sort());
  });

  it.each(formatFolders)("%s has an extractor, a README, tests and fixtures", (folder) => {
    const files = readdirSync(join(formatsDir, folder));
    expect(files).toContain("index.ts");
    expect(files).toContain("README.md");
    expect(files.some((file) => file.endsWith(".test.ts"))).toBe(true);
    expect(existsSync(join(formatsDir, folder, "__fixtures__"))).toBe(true);
  });
});
