import { lstat, readdir, readFile } from "node:fs/promises";
import { join, posix } from "node:path";
import type { InputFile } from "../formats/types.js";

/**
 * Finding cases on disk and reading exactly the files a view names.
 *
 * A case is a folder holding `expected.yaml`, `files/`, optionally `supporting/` and `deltas/<id>/`.
 * An input path is repository-relative. A file is read from the first root that has it (`files/`, then
 * `supporting/`); a folder means every file under it in every root, the first root winning a path held by
 * both, which is what overlaying `supporting/` onto `files/` gives.
 */

export interface CaseLocation {
  /** Folder name, used when the expectation does not name the case. */
  name: string;
  dir: string;
  deltas: { id: string; dir: string }[];
}

export interface ResolvedInputs {
  files: InputFile[];
  /** Inputs found under no root. */
  missing: string[];
  /** Files that are not text (or could not be read), with the reason. */
  skipped: { path: string; reason: string }[];
}

export const EXPECTED_FILE = "expected.yaml";

async function isDirectory(path: string): Promise<boolean> {
  return (await lstat(path).catch(() => undefined))?.isDirectory() ?? false;
}

async function isFile(path: string): Promise<boolean> {
  return (await lstat(path).catch(() => undefined))?.isFile() ?? false;
}

async function subfolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** `dir` is one case when it holds `expected.yaml`, otherwise a folder of cases. */
export async function findCases(dir: string): Promise<CaseLocation[]> {
  const caseDirs = (await isFile(join(dir, EXPECTED_FILE)))
    ? [dir]
    : (await subfolders(dir)).map((name) => join(dir, name));
  const cases: CaseLocation[] = [];
  for (const caseDir of caseDirs) {
    if (!(await isFile(join(caseDir, EXPECTED_FILE)))) continue;
    const deltas: CaseLocation["deltas"] = [];
    for (const id of await subfolders(join(caseDir, "deltas"))) {
      const deltaDir = join(caseDir, "deltas", id);
      if (await isFile(join(deltaDir, EXPECTED_FILE))) deltas.push({ id, dir: deltaDir });
    }
    cases.push({ name: posix.basename(caseDir.split("\\").join("/")), dir: caseDir, deltas });
  }
  return cases;
}

/** Roots of a case's views, in lookup order. */
export function viewRoots(caseDir: string): string[] {
  return [join(caseDir, "files"), join(caseDir, "supporting")];
}

/** Roots of one side of a delta, in lookup order. */
export function deltaRoots(deltaDir: string, side: "base" | "head"): string[] {
  return [join(deltaDir, side), join(deltaDir, "supporting", side)];
}

/** `./a//b/` -> `a/b`; undefined for paths that would leave the roots. */
function cleanInput(input: string): string | undefined {
  const normal = posix.normalize(input.split("\\").join("/")).replace(/\/+$/, "");
  if (normal === "." || normal === "") return "";
  if (posix.isAbsolute(normal) || normal === ".." || normal.startsWith("../")) return undefined;
  return normal;
}

/** Reads the inputs of one view into repository-relative files, sorted by path. */
export async function resolveInputs(
  roots: readonly string[],
  inputs: readonly string[],
): Promise<ResolvedInputs> {
  const chosen = new Map<string, string>();
  const missing: string[] = [];
  for (const input of inputs) {
    const path = cleanInput(input);
    if (path === undefined) {
      missing.push(input);
      continue;
    }
    let found = false;
    for (const root of roots) {
      const absolute = join(root, path);
      if (await isFile(absolute)) {
        if (path !== "" && !chosen.has(path)) chosen.set(path, absolute);
        found = true;
        break;
      }
      if (await isDirectory(absolute)) {
        for (const relative of await filesUnder(absolute)) {
          const repoPath = path === "" ? relative : `${path}/${relative}`;
          if (!chosen.has(repoPath)) chosen.set(repoPath, join(absolute, relative));
        }
        found = true;
      }
    }
    if (!found) missing.push(input);
  }
  const files: InputFile[] = [];
  const skipped: ResolvedInputs["skipped"] = [];
  for (const path of [...chosen.keys()].sort()) {
    const text = await readText(chosen.get(path)!);
    if (typeof text === "string") files.push({ path, text });
    else skipped.push({ path, reason: text.reason });
  }
  return { files, missing, skipped };
}

/** Every regular file below `dir`, as POSIX paths relative to it. Symbolic links are not followed. */
async function filesUnder(dir: string, prefix = ""): Promise<string[]> {
  const entries = await readdir(join(dir, prefix), { withFileTypes: true }).catch(() => []);
  const paths: string[] = [];
  for (const entry of entries) {
    const relative = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) paths.push(...(await filesUnder(dir, relative)));
    else if (entry.isFile()) paths.push(relative);
  }
  return paths;
}

async function readText(path: string): Promise<string | { reason: string }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return { reason: error instanceof Error ? error.message : String(error) };
  }
  if (bytes.subarray(0, 8192).includes(0)) return { reason: "binary" };
  const text = new TextDecoder("utf-8").decode(bytes);
  return text.startsWith("\uFEFF") ? text.slice(1) : text;
}
