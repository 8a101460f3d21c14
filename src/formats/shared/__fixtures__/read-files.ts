import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { InputFile } from "../../types.js";

/** Every file under `root`, with paths relative to it as a repository would give them, in path order. */
export function readFilesUnder(root: string): InputFile[] {
  const files: InputFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push({ path: relative(root, path).split(sep).join("/"), text: readFileSync(path, "utf8") });
    }
  };
  walk(root);
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
