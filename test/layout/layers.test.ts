import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";

// Data flows one way: files -> formats -> graph -> analysis -> report -> github/cli. A layer may import
// only from itself and the layers listed for it, so the core stays free of GitHub and of the command line.
const ALLOWED: Record<string, string[]> = {
  graph: [],
  formats: ["graph"],
  files: ["formats", "graph"],
  extraction: ["formats", "graph"],
  analysis: ["graph"],
  report: ["analysis", "graph"],
};

const srcDir = join(import.meta.dirname, "../../src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "__fixtures__" ? [] : sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

function importedLayers(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const layers: string[] = [];
  for (const match of text.matchAll(/from "(\.[^"]+)"/g)) {
    const target = relative(srcDir, join(file, "..", match[1]!));
    layers.push(target.split(sep)[0]!.replace(/\.js$/, ""));
  }
  return layers;
}

describe("layers", () => {
  it.each(Object.keys(ALLOWED))("%s imports only from the layers below it", (layer) => {
    const offending = sourceFiles(join(srcDir, layer)).flatMap((file) =>
      importedLayers(file)
        .filter((target) => target !== layer && !ALLOWED[layer]!.includes(target))
        .map((target) => `${relative(srcDir, file)} -> ${target}`),
    );
    expect(offending).toEqual([]);
  });
});
