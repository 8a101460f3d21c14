import { lstatSync, readFileSync, realpathSync, statSync, type Dirent } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { InputFile } from "../formats/types.js";
import type { ExtractionWarning } from "../graph/model.js";
import { decodeFile, tooLarge } from "./decode.js";
import type { ReadOptions } from "./limits.js";
import { DEFAULT_READ_OPTIONS, SKIPPED_DIRECTORIES } from "./limits.js";

export interface ReadResult {
  files: InputFile[];
  warnings: ExtractionWarning[];
}

/**
 * Reads the infrastructure files under `dir`, with repository-relative POSIX paths, in a stable order.
 * Symbolic links are read only when they resolve to a file inside `dir`; linked folders are not walked
 * (their real folder inside `dir` is walked anyway, and a link can make a loop).
 */
export async function readTree(dir: string, options: Partial<ReadOptions> = {}): Promise<ReadResult> {
  const limits = { ...DEFAULT_READ_OPTIONS, ...options };
  const root = await realpath(dir).catch((error: unknown) => {
    throw new Error(`cannot read folder ${dir} (${(error as { code?: string }).code ?? "unknown error"})`);
  });
  if (!(await stat(root)).isDirectory()) throw new Error(`not a folder: ${dir}`);
  const files: InputFile[] = [];
  const warnings: ExtractionWarning[] = [];
  const candidates = await walk(root, limits, warnings);
  let totalBytes = 0;
  for (const [index, candidate] of candidates.entries()) {
    if (files.length >= limits.maxFiles) {
      warnings.push(
        limitWarning(
          "input/too-many-files",
          `more than ${limits.maxFiles} files to read; ${candidates.length - index} skipped`,
        ),
      );
      break;
    }
    const bytes = readCandidate(root, candidate, limits, warnings);
    if (!bytes) continue;
    if (totalBytes + bytes.byteLength > limits.maxTotalBytes) {
      warnings.push(
        limitWarning(
          "input/too-large",
          `more than ${limits.maxTotalBytes} bytes to read; ${candidates.length - index} files skipped`,
        ),
      );
      break;
    }
    totalBytes += bytes.byteLength;
    const decoded = decodeFile(candidate.path, bytes);
    if ("file" in decoded) files.push(decoded.file);
    else warnings.push(decoded.warning);
  }
  return { files, warnings };
}

interface Candidate {
  path: string;
  absolute: string;
  symlink: boolean;
}

async function walk(root: string, limits: ReadOptions, warnings: ExtractionWarning[]): Promise<Candidate[]> {
  const candidates: Candidate[] = [];
  const pending = [root];
  let entries = 0;
  while (pending.length > 0) {
    const folder = pending.pop()!;
    let children: Dirent[];
    try {
      children = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      warnings.push({
        id: "input/unreadable",
        file: toPosix(relative(root, folder)),
        message: reason(error),
      });
      continue;
    }
    children.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
    const subfolders: string[] = [];
    for (const child of children) {
      if (++entries > limits.maxEntries) {
        warnings.push(
          limitWarning(
            "input/too-many-files",
            `more than ${limits.maxEntries} entries in the tree; the rest were not looked at`,
          ),
        );
        return sortByPath(candidates);
      }
      const absolute = join(folder, child.name);
      if (child.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(child.name)) subfolders.push(absolute);
        continue;
      }
      const path = toPosix(relative(root, absolute));
      if (!limits.claims(path)) continue;
      // A FIFO, socket or device under an infrastructure name is never opened: reading a FIFO would block.
      if (!child.isFile() && !child.isSymbolicLink()) warnings.push(notAFile(path));
      else candidates.push({ path, absolute, symlink: child.isSymbolicLink() });
    }
    pending.push(...subfolders.reverse());
  }
  return sortByPath(candidates);
}

/**
 * Reads one file, synchronously: a command reading a tree has nothing else to do meanwhile, and a read through
 * the promise API costs several times the CPU of the system calls it makes (about 5% of a `diff` at 1,000 files).
 */
function readCandidate(
  root: string,
  candidate: Candidate,
  limits: ReadOptions,
  warnings: ExtractionWarning[],
): Uint8Array | undefined {
  try {
    let target = candidate.absolute;
    if (candidate.symlink) {
      target = realpathSync.native(candidate.absolute);
      if (target !== root && !target.startsWith(root + sep)) {
        warnings.push({
          id: "input/symlink-outside",
          file: candidate.path,
          line: 1,
          message: "symbolic link to a file outside the tree; skipped",
        });
        return undefined;
      }
    }
    const info = candidate.symlink ? statSync(target) : lstatSync(target);
    if (!info.isFile()) {
      if (!info.isDirectory()) warnings.push(notAFile(candidate.path));
      return undefined;
    }
    if (info.size > limits.maxFileBytes) {
      warnings.push(tooLarge(candidate.path, info.size));
      return undefined;
    }
    return readFileSync(target);
  } catch (error) {
    warnings.push({ id: "input/unreadable", file: candidate.path, message: reason(error) });
    return undefined;
  }
}

function sortByPath(candidates: Candidate[]): Candidate[] {
  return candidates.sort((left, right) => (left.path < right.path ? -1 : left.path > right.path ? 1 : 0));
}

function toPosix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}

function notAFile(path: string): ExtractionWarning {
  return {
    id: "input/not-a-file",
    file: path,
    line: 1,
    message: "not a regular file (a FIFO, socket or device); skipped",
  };
}

function limitWarning(id: string, message: string): ExtractionWarning {
  return { id, file: "", message };
}

function reason(error: unknown): string {
  const code = (error as { code?: string }).code;
  return code ? `cannot read (${code}); skipped` : "cannot read; skipped";
}
