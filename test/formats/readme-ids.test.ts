import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// Each format's README is the user's list of the rule and warning ids its evidence and warnings carry; the ids
// are written out in full in the code so this test can find them.
const formatsDir = join(import.meta.dirname, "../../src/formats");
const formatFolders = readdirSync(formatsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== "shared")
  .map((entry) => entry.name);

function sourceText(dir: string): string {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === "__fixtures__" ? [] : [sourceText(path)];
      return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")
        ? [readFileSync(path, "utf8")]
        : [];
    })
    .join("\n");
}

/** Ids like `compose/env-host`; one built from a field (`compose/invalid-${field}`) is the family `compose/invalid-`. */
function idsIn(text: string, format: string): Set<string> {
  return new Set(text.match(new RegExp(`\\b${format}/[a-z0-9-]+`, "g")) ?? []);
}

describe("format READMEs", () => {
  it.each(formatFolders)("%s README lists exactly the rule and warning ids its code uses", (format) => {
    const inCode = idsIn(sourceText(join(formatsDir, format)), format);
    const inReadme = idsIn(readFileSync(join(formatsDir, format, "README.md"), "utf8"), format);
    const families = [...inReadme].filter((id) => id.endsWith("-"));
    const documented = (id: string) => inReadme.has(id) || families.some((family) => id.startsWith(family));
    expect([...inCode].filter((id) => !documented(id)).sort()).toEqual([]);
    expect([...inReadme].filter((id) => !inCode.has(id)).sort()).toEqual([]);
    expect(inCode.size).toBeGreaterThan(10);
  });
});
