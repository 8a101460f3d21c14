import { mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GitError, mergeBase, readGitTree, resolveCommit } from "../../src/files/read-git.js";
import { gitIn, tempDir } from "../helpers.js";

const yamlOnly = (path: string) => /\.ya?ml$/.test(path);

describe("readGitTree", () => {
  let repo: string;
  let git: ReturnType<typeof gitIn>;

  beforeAll(async () => {
    repo = await tempDir("git");
    git = gitIn(repo);
    git("init", "-q", "-b", "main");
    await writeFile(join(repo, "compose.yaml"), "services:\n  web: {}\n");
    await writeFile(join(repo, "notes.md"), "# notes");
    git("add", ".");
    git("commit", "-q", "-m", "base");
    git("tag", "v1");
    await mkdir(join(repo, "deploy/sub"), { recursive: true });
    await writeFile(join(repo, "compose.yaml"), "services:\n  web: {}\n  api: {}\n");
    await writeFile(join(repo, "deploy/sub/app.yml"), "\ufeffkind: Service\n");
    await writeFile(join(repo, "deploy/binary.yaml"), new Uint8Array([0, 1, 2]));
    await mkdir(join(repo, "node_modules/x"), { recursive: true });
    await writeFile(join(repo, "node_modules/x/compose.yaml"), "services: {}");
    await symlink("/etc/passwd", join(repo, "link.yaml"));
    git("add", "-f", ".");
    git("commit", "-q", "-m", "head");
    // Uncommitted edits must not leak into what is read.
    await writeFile(join(repo, "compose.yaml"), "services:\n  dirty: {}\n");
  });

  afterAll(async () => {
    await rm(repo, { recursive: true, force: true });
  });

  it("reads claimed blobs of a commit without checking it out", async () => {
    const base = await readGitTree(repo, "v1", { claims: yamlOnly });
    expect(base).toEqual({ files: [{ path: "compose.yaml", text: "services:\n  web: {}\n" }], warnings: [] });
    const head = await readGitTree(repo, "main", { claims: yamlOnly });
    expect(head.files).toEqual([
      { path: "compose.yaml", text: "services:\n  web: {}\n  api: {}\n" },
      { path: "deploy/sub/app.yml", text: "kind: Service\n" },
    ]);
    expect(head.warnings.map((warning) => [warning.id, warning.file])).toEqual([
      ["input/binary", "deploy/binary.yaml"],
    ]);
  });

  it("skips blobs over the size limit before reading them", async () => {
    const head = await readGitTree(repo, "HEAD", { claims: yamlOnly, maxFileBytes: 20 });
    expect(head.files.map((file) => file.path)).toEqual(["deploy/sub/app.yml"]);
    expect(head.warnings.map((warning) => [warning.id, warning.file])).toEqual([
      ["input/too-large", "compose.yaml"],
      ["input/binary", "deploy/binary.yaml"],
    ]);
  });

  it("rejects unknown revisions and option-looking ones with a clear error", async () => {
    await expect(readGitTree(repo, "no-such-branch")).rejects.toThrow(
      new GitError(`unknown git revision 'no-such-branch' in ${repo}`),
    );
    await expect(resolveCommit(repo, "--output=/tmp/x")).rejects.toThrow(/invalid git revision/);
    await expect(resolveCommit(tmpdir(), "HEAD")).rejects.toBeInstanceOf(GitError);
  });

  it("resolves a merge base", async () => {
    expect(await mergeBase(repo, "v1", "main")).toBe(git("rev-parse", "v1^{commit}"));
  });
});
