import { execFile, spawn } from "node:child_process";
import type { ExtractionWarning } from "../graph/model.js";
import type { InputFile } from "../formats/types.js";
import { decodeFile, tooLarge } from "./decode.js";
import type { ReadOptions } from "./limits.js";
import { DEFAULT_READ_OPTIONS, SKIPPED_DIRECTORIES } from "./limits.js";
import type { ReadResult } from "./read-dir.js";

/** A git command failed or a revision does not exist; the message is meant for the user. */
export class GitError extends Error {
  override name = "GitError";
}

/**
 * Reads the infrastructure files of a commit straight from the object store: nothing is checked out, no
 * hook or filter runs, and the working tree is left alone.
 */
export async function readGitTree(
  repoDir: string,
  ref: string,
  options: Partial<ReadOptions> = {},
): Promise<ReadResult> {
  const limits = { ...DEFAULT_READ_OPTIONS, ...options };
  const commit = await resolveCommit(repoDir, ref);
  const listing = await git(repoDir, ["ls-tree", "-r", "-z", "-l", "--full-tree", commit]);
  const warnings: ExtractionWarning[] = [];
  const wanted: TreeEntry[] = [];
  let totalBytes = 0;
  for (const entry of parseTree(listing.toString("utf8"))) {
    if (
      entry.type !== "blob" ||
      entry.mode === "120000" ||
      isSkipped(entry.path) ||
      !limits.claims(entry.path)
    )
      continue;
    if (wanted.length >= limits.maxFiles) {
      warnings.push({
        id: "input/too-many-files",
        file: "",
        message: `more than ${limits.maxFiles} files to read; the rest were skipped`,
      });
      break;
    }
    if (entry.size > limits.maxFileBytes) {
      warnings.push(tooLarge(entry.path, entry.size));
      continue;
    }
    if (totalBytes + entry.size > limits.maxTotalBytes) {
      warnings.push({
        id: "input/too-large",
        file: "",
        message: `more than ${limits.maxTotalBytes} bytes to read; the rest were skipped`,
      });
      break;
    }
    totalBytes += entry.size;
    wanted.push(entry);
  }
  const blobs = await readBlobs(
    repoDir,
    wanted.map((entry) => entry.object),
  );
  const files: InputFile[] = [];
  for (const entry of wanted) {
    const bytes = blobs.get(entry.object);
    if (!bytes) {
      warnings.push({
        id: "input/unreadable",
        file: entry.path,
        message: "object missing from the repository; skipped",
      });
      continue;
    }
    const decoded = decodeFile(entry.path, bytes);
    if ("file" in decoded) files.push(decoded.file);
    else warnings.push(decoded.warning);
  }
  return { files, warnings };
}

/** The commit a revision names, or a GitError saying it does not exist. */
export async function resolveCommit(repoDir: string, ref: string): Promise<string> {
  assertRevision(ref);
  try {
    const output = await git(repoDir, [
      "rev-parse",
      "--verify",
      "--quiet",
      "--end-of-options",
      `${ref}^{commit}`,
    ]);
    return output.toString("utf8").trim();
  } catch (error) {
    if (error instanceof GitError && /not a git repository/i.test(error.message)) throw error;
    throw new GitError(`unknown git revision '${ref}' in ${repoDir}`);
  }
}

/** The best common ancestor of two revisions, for `base...head` (what a pull request compares). */
export async function mergeBase(repoDir: string, left: string, right: string): Promise<string> {
  const [a, b] = [await resolveCommit(repoDir, left), await resolveCommit(repoDir, right)];
  try {
    return (await git(repoDir, ["merge-base", a, b])).toString("utf8").trim();
  } catch {
    throw new GitError(`'${left}' and '${right}' have no common ancestor`);
  }
}

interface TreeEntry {
  mode: string;
  type: string;
  object: string;
  size: number;
  path: string;
}

export function parseTree(listing: string): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const record of listing.split("\0")) {
    const match = /^(\d{6}) (\w+) ([0-9a-f]{40,64}) +(-|\d+)\t([\s\S]+)$/.exec(record);
    if (!match) continue;
    entries.push({
      mode: match[1]!,
      type: match[2]!,
      object: match[3]!,
      size: match[4] === "-" ? 0 : Number(match[4]),
      path: match[5]!,
    });
  }
  return entries;
}

function isSkipped(path: string): boolean {
  return path.split("/").some((segment) => SKIPPED_DIRECTORIES.has(segment));
}

function assertRevision(ref: string): void {
  if (ref.length === 0 || ref.startsWith("-") || hasControlCharacter(ref) || ref.length > 1000) {
    const shown = [...ref].map((char) => (hasControlCharacter(char) ? "?" : char)).join("");
    throw new GitError(`invalid git revision '${shown}'`);
  }
}

function hasControlCharacter(text: string): boolean {
  return [...text].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);
}

/** Reads many blobs through one `git cat-file --batch` process. */
function readBlobs(repoDir: string, objects: readonly string[]): Promise<Map<string, Uint8Array>> {
  const unique = [...new Set(objects)];
  if (unique.length === 0) return Promise.resolve(new Map());
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["cat-file", "--batch"], {
      cwd: repoDir,
      env: gitEnv(),
      stdio: ["pipe", "pipe", "pipe"],
    });
    const chunks: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", (error) => reject(new GitError(`cannot run git: ${error.message}`)));
    child.on("close", (code) => {
      if (code !== 0) return reject(new GitError(`git cat-file failed: ${stderr.trim() || `exit ${code}`}`));
      resolve(parseBatch(Buffer.concat(chunks)));
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(unique.join("\n") + "\n");
  });
}

/** `<object> <type> <size>\n<content>\n` per object; `<object> missing\n` for an absent one. */
export function parseBatch(output: Buffer): Map<string, Uint8Array> {
  const blobs = new Map<string, Uint8Array>();
  let offset = 0;
  while (offset < output.length) {
    const newline = output.indexOf(0x0a, offset);
    if (newline === -1) break;
    const [object, type, size] = output.toString("utf8", offset, newline).split(" ");
    offset = newline + 1;
    if (type === "missing" || size === undefined || object === undefined) continue;
    const length = Number(size);
    if (type === "blob") blobs.set(object, output.subarray(offset, offset + length));
    offset += length + 1;
  }
  return blobs;
}

function git(repoDir: string, args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      args,
      { cwd: repoDir, env: gitEnv(), encoding: "buffer", maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT" && !stderr.length)
          return reject(new GitError(`cannot run git in ${repoDir}: ${error.message}`));
        reject(new GitError(stderr.toString("utf8").trim() || error.message));
      },
    );
  });
}

/** No prompts for credentials, no lock files taken: this only ever reads. */
function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0" };
}
