import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { InputFile } from "../../types.js";

const HERE = dirname(fileURLToPath(import.meta.url));

/** Every file of a fixture tree, with paths relative to the tree (as a repository would give them). */
export function readFixture(name: string): InputFile[] {
  const root = join(HERE, name);
  const files: InputFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else files.push({ path: relative(root, full).split("\\").join("/"), text: readFileSync(full, "utf8") });
    }
  };
  walk(root);
  return files;
}

export function fixturePath(name: string): string {
  return join(HERE, name);
}
