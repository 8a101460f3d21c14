import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, posix } from "node:path";
import type * as JsYaml from "js-yaml";

/**
 * Cases labelled on third-party repositories keep only their labels and a manifest in this repository: which
 * repository, commit, path and blob each file of the case comes from. The files themselves are rebuilt from a
 * local git copy of the repository (any clone, bare or not), so the scores can be reproduced without ever
 * committing somebody else's files.
 *
 * `pin` turns the paths a labeller asks for (files or folders, at a commit) into pinned blobs; `rebuild` writes
 * `files/`, `supporting/` and each delta's `base/` and `head/` from those blobs.
 */

const yaml = createRequire(import.meta.url)("js-yaml") as typeof JsYaml;

export const MANIFEST_FILE = "manifest.yaml";

/** Per path, the blob on each side of a delta; `null` where the file does not exist on that side. */
export type SidedBlobs = Record<string, { base: string | null; head: string | null }>;

export interface DeltaManifest {
  id: string;
  subject?: string;
  base: string;
  head: string;
  /** What to take at both commits: files or folders. */
  paths: string[];
  supporting_paths?: string[];
  files?: SidedBlobs;
  supporting?: SidedBlobs;
}

export interface CaseManifest {
  repository: string;
  licence?: string;
  commit: string;
  paths: string[];
  supporting_paths?: string[];
  /** Path -> blob, written by `pin`. */
  files?: Record<string, string>;
  supporting?: Record<string, string>;
  deltas?: DeltaManifest[];
}

export class SnapshotError extends Error {}

export function readManifest(caseDir: string): CaseManifest {
  const path = join(caseDir, MANIFEST_FILE);
  const value = yaml.load(readFileSync(path, "utf8")) as Partial<CaseManifest> | null;
  if (!value || typeof value.repository !== "string" || typeof value.commit !== "string") {
    throw new SnapshotError(`${path}: needs repository and commit`);
  }
  if (!Array.isArray(value.paths)) throw new SnapshotError(`${path}: needs paths (files or folders)`);
  for (const delta of value.deltas ?? []) {
    if (!delta.id || !delta.base || !delta.head || !Array.isArray(delta.paths)) {
      throw new SnapshotError(`${path}: every delta needs id, base, head and paths`);
    }
  }
  return value as CaseManifest;
}

export function writeManifest(caseDir: string, manifest: CaseManifest): void {
  writeFileSync(join(caseDir, MANIFEST_FILE), yaml.dump(manifest, { lineWidth: 120, noRefs: true }));
}

/** The git directory of `owner/name` under `mirrors`: `owner+name` or `owner/name`, bare or not (`.git`). */
export function findGitDir(mirrors: string, repository: string): string {
  const [owner = "", name = ""] = repository.split("/");
  const candidates = [
    join(mirrors, `${owner}+${name}`, "repo"),
    join(mirrors, `${owner}+${name}`),
    join(mirrors, `${owner}+${name}`, ".git"),
    join(mirrors, owner, `${name}.git`),
    join(mirrors, owner, name, ".git"),
    join(mirrors, owner, name),
  ];
  const found = candidates.find(
    (dir) => existsSync(join(dir, "HEAD")) && existsSync(join(dir, "objects")) && statSync(dir).isDirectory(),
  );
  if (!found) throw new SnapshotError(`no git copy of ${repository} under ${mirrors}`);
  return found;
}

function git(gitDir: string, args: string[]): Buffer {
  try {
    return execFileSync("git", ["--git-dir", gitDir, ...args], { maxBuffer: 256 * 1024 * 1024 });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new SnapshotError(`git ${args.join(" ")}: ${stderr || String(error)}`);
  }
}

/** Every file at or under each of `paths` at `commit`, with its blob; paths missing at that commit are absent. */
export function blobsAt(gitDir: string, commit: string, paths: readonly string[]): Record<string, string> {
  const blobs: Record<string, string> = {};
  if (paths.length === 0) return blobs;
  const listing = git(gitDir, ["ls-tree", "-r", "-z", commit, "--", ...paths]).toString("utf8");
  for (const entry of listing.split("\0")) {
    const match = /^\d+ blob ([0-9a-f]{40,64})\t(.+)$/s.exec(entry);
    if (match) blobs[match[2]!] = match[1]!;
  }
  return Object.fromEntries(Object.entries(blobs).sort(([a], [b]) => a.localeCompare(b)));
}

function sided(base: Record<string, string>, head: Record<string, string>): SidedBlobs {
  const paths = [...new Set([...Object.keys(base), ...Object.keys(head)])].sort();
  return Object.fromEntries(
    paths.map((path) => [path, { base: base[path] ?? null, head: head[path] ?? null }]),
  );
}

/** Fills in the blobs of every path the manifest asks for, from the commits it names. */
export function pin(manifest: CaseManifest, gitDir: string): CaseManifest {
  const at = (commit: string, paths: readonly string[] | undefined) => blobsAt(gitDir, commit, paths ?? []);
  const pinned: CaseManifest = {
    ...manifest,
    files: at(manifest.commit, manifest.paths),
  };
  if (manifest.supporting_paths?.length) pinned.supporting = at(manifest.commit, manifest.supporting_paths);
  else delete pinned.supporting;
  if (manifest.deltas) {
    pinned.deltas = manifest.deltas.map((delta) => {
      const pinnedDelta: DeltaManifest = {
        ...delta,
        files: sided(at(delta.base, delta.paths), at(delta.head, delta.paths)),
      };
      if (delta.supporting_paths?.length) {
        pinnedDelta.supporting = sided(
          at(delta.base, delta.supporting_paths),
          at(delta.head, delta.supporting_paths),
        );
      } else delete pinnedDelta.supporting;
      return pinnedDelta;
    });
  }
  return pinned;
}

/** The folders `rebuild` writes, relative to the case folder (and ignored by git). */
export function rebuiltFolders(manifest: CaseManifest): string[] {
  return [
    "files",
    "supporting",
    ...(manifest.deltas ?? []).flatMap((delta) => [
      `deltas/${delta.id}/base`,
      `deltas/${delta.id}/head`,
      `deltas/${delta.id}/supporting`,
    ]),
  ];
}

/** A manifest path may not leave its folder: it comes from a file anyone can edit. */
function safeJoin(root: string, path: string): string {
  const normal = posix.normalize(path);
  if (normal.startsWith("../") || normal === ".." || posix.isAbsolute(normal)) {
    throw new SnapshotError(`path ${path} leaves the case folder`);
  }
  return join(root, normal);
}

/** Writes the case's files from the pinned blobs; returns how many files it wrote. */
export function rebuild(caseDir: string, manifest: CaseManifest, gitDir: string): number {
  if (!manifest.files) throw new SnapshotError(`${caseDir}: the manifest is not pinned yet`);
  for (const folder of rebuiltFolders(manifest))
    rmSync(join(caseDir, folder), { recursive: true, force: true });
  let written = 0;
  const write = (root: string, path: string, blob: string | null): void => {
    if (blob === null) return;
    const target = safeJoin(root, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, git(gitDir, ["cat-file", "blob", blob]));
    written++;
  };
  for (const [path, blob] of Object.entries(manifest.files)) write(join(caseDir, "files"), path, blob);
  for (const [path, blob] of Object.entries(manifest.supporting ?? {})) {
    write(join(caseDir, "supporting"), path, blob);
  }
  for (const delta of manifest.deltas ?? []) {
    const deltaDir = join(caseDir, "deltas", delta.id);
    if (!delta.files) throw new SnapshotError(`${caseDir}: delta ${delta.id} is not pinned yet`);
    for (const side of ["base", "head"] as const) {
      for (const [path, blobs] of Object.entries(delta.files)) write(join(deltaDir, side), path, blobs[side]);
      for (const [path, blobs] of Object.entries(delta.supporting ?? {})) {
        write(join(deltaDir, "supporting", side), path, blobs[side]);
      }
    }
  }
  return written;
}
