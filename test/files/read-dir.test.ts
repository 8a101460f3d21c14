import { mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readTree } from "../../src/files/read-dir.js";
import { tempDir } from "../helpers.js";

const yamlOnly = (path: string) => /\.ya?ml$/.test(path);

describe("readTree", () => {
  let root: string;
  let outside: string;

  beforeEach(async () => {
    root = await tempDir("tree");
    outside = await tempDir("outside");
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  async function put(path: string, content: string | Uint8Array): Promise<void> {
    await mkdir(join(root, path, ".."), { recursive: true });
    await writeFile(join(root, path), content);
  }

  it("reads claimed files with POSIX paths in order, skipping .git, node_modules and unclaimed files", async () => {
    await put("compose.yaml", "services: {}\n");
    await put("deploy/k8s/app.yml", "kind: Deployment\n");
    await put("README.md", "# not infrastructure");
    await put(".git/config.yaml", "x: 1");
    await put("node_modules/pkg/compose.yaml", "services: {}");
    const { files, warnings } = await readTree(root, { claims: yamlOnly });
    expect(files).toEqual([
      { path: "compose.yaml", text: "services: {}\n" },
      { path: "deploy/k8s/app.yml", text: "kind: Deployment\n" },
    ]);
    expect(warnings).toEqual([]);
  });

  it("follows a symbolic link to a file inside the tree but not one pointing outside, nor linked folders", async () => {
    await put("real/compose.yaml", "services: {a: {}}");
    await symlink(join(root, "real/compose.yaml"), join(root, "linked.yaml"));
    await writeFile(join(outside, "secret.yaml"), "password: hunter2");
    await symlink(join(outside, "secret.yaml"), join(root, "escape.yaml"));
    await symlink(outside, join(root, "elsewhere"));
    await symlink(root, join(root, "real/loop"));
    const { files, warnings } = await readTree(root, { claims: yamlOnly });
    expect(files.map((file) => file.path)).toEqual(["linked.yaml", "real/compose.yaml"]);
    expect(files[0]!.text).toBe("services: {a: {}}");
    expect(warnings).toEqual([
      {
        id: "input/symlink-outside",
        file: "escape.yaml",
        line: 1,
        message: "symbolic link to a file outside the tree; skipped",
      },
    ]);
  });

  it("warns about binary and oversized files and stops at the file cap", async () => {
    await put("a.yaml", "a: 1");
    await put("b.yaml", new Uint8Array([1, 0, 2]));
    await put("c.yaml", "c".repeat(2000));
    await put("d.yaml", "d: 1");
    await put("e.yaml", "e: 1");
    const { files, warnings } = await readTree(root, { claims: yamlOnly, maxFileBytes: 1000, maxFiles: 2 });
    expect(files.map((file) => file.path)).toEqual(["a.yaml", "d.yaml"]);
    expect(warnings.map((warning) => [warning.id, warning.file])).toEqual([
      ["input/binary", "b.yaml"],
      ["input/too-large", "c.yaml"],
      ["input/too-many-files", ""],
    ]);
    expect(warnings[2]!.message).toBe("more than 2 files to read; 1 skipped");
  });

  it("stops at the total size cap", async () => {
    await put("a.yaml", "a".repeat(600));
    await put("b.yaml", "b".repeat(600));
    const { files, warnings } = await readTree(root, { claims: yamlOnly, maxTotalBytes: 1000 });
    expect(files.map((file) => file.path)).toEqual(["a.yaml"]);
    expect(warnings.map((warning) => warning.id)).toEqual(["input/too-large"]);
  });

  it("fails clearly for a missing folder", async () => {
    await expect(readTree(join(root, "missing"))).rejects.toThrow(/ENOENT/);
  });
});
