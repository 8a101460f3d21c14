/** Set-up shared by tests that touch the file system, git or the command line. */
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { main, type CliIo } from "../src/cli/main.js";

/** A command's streams collected as text, for assertions on what it printed. */
export function fakeIo(cwd = "/", env: NodeJS.ProcessEnv = {}): CliIo & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    cwd,
    env,
    stdout: (text: string) => void (io.out += text),
    stderr: (text: string) => void (io.err += text),
  };
  return io;
}

/** A fresh empty folder under the system's temporary folder; the caller removes it. */
export function tempDir(name: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `boxcutter-${name}-`));
}

/** Writes `files` (path -> content) under `root`, making folders as needed. */
export async function writeFiles(root: string, files: Record<string, string | Uint8Array>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

/** `git` in `repo` with a fixed identity, which commits need; returns its output, trimmed. */
export function gitIn(repo: string): (...args: string[]) => string {
  return (...args) =>
    execFileSync("git", args, {
      cwd: repo,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "t",
        GIT_AUTHOR_EMAIL: "t@example.com",
        GIT_COMMITTER_NAME: "t",
        GIT_COMMITTER_EMAIL: "t@example.com",
      },
    })
      .toString()
      .trim();
}

/** Runs the command line in `cwd` and collects its exit status and output. */
export async function runCli(
  cwd: string,
  ...argv: string[]
): Promise<{ code: number; out: string; err: string }> {
  const io = fakeIo(cwd);
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}
