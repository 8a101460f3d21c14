/** Writes a hostile case to disk as the command line would meet it: files, links out of the tree, a FIFO. */
import { execFileSync } from "node:child_process";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Entry } from "./corpus.js";

export async function writeCase(root: string, files: Record<string, Entry>): Promise<void> {
  await mkdir(root, { recursive: true });
  for (const [path, entry] of Object.entries(files)) {
    const target = join(root, path);
    await mkdir(dirname(target), { recursive: true });
    if (typeof entry === "string" || entry instanceof Uint8Array) await writeFile(target, entry);
    else if ("symlink" in entry) await symlink(entry.symlink, target);
    else execFileSync("mkfifo", [target]);
  }
}
