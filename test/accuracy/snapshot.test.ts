import { existsSync, readFileSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  findGitDir,
  pin,
  readManifest,
  rebuild,
  writeManifest,
  type CaseManifest,
} from "../../src/accuracy/snapshot.js";
import { gitIn, tempDir, writeFiles } from "../helpers.js";

const cleanup: string[] = [];
afterEach(async () => {
  for (const dir of cleanup.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A repository under `mirrors/acme+shop` with two commits; returns both commit ids. */
async function shopRepository(mirrors: string): Promise<{ first: string; second: string }> {
  const repo = join(mirrors, "acme+shop");
  await mkdir(repo, { recursive: true });
  const git = gitIn(repo);
  git("init", "-q");
  await writeFiles(repo, {
    "deploy/compose.yaml": "services:\n  web:\n    image: nginx\n",
    "deploy/nginx/default.conf": "upstream api { server api:8080; }\n",
    "README.md": "shop\n",
  });
  git("add", ".");
  git("commit", "-q", "-m", "first");
  const first = git("rev-parse", "HEAD");
  await writeFile(join(repo, "deploy/compose.yaml"), "services:\n  api:\n    build: .\n");
  await rm(join(repo, "deploy/nginx/default.conf"));
  git("add", "-A");
  git("commit", "-q", "-m", "second");
  return { first, second: git("rev-parse", "HEAD") };
}

describe("cases rebuilt from a git copy", () => {
  it("pins the blobs of files and folders, then writes the case and each side of a delta", async () => {
    const root = await tempDir("snapshot");
    cleanup.push(root);
    const mirrors = join(root, "mirrors");
    const { first, second } = await shopRepository(mirrors);
    const caseDir = join(root, "cases", "shop");
    await mkdir(caseDir, { recursive: true });
    const manifest: CaseManifest = {
      repository: "acme/shop",
      commit: first,
      paths: ["deploy"],
      deltas: [{ id: "01-api", base: first, head: second, paths: ["deploy"] }],
    };
    writeManifest(caseDir, manifest);

    const gitDir = findGitDir(mirrors, "acme/shop");
    const pinned = pin(readManifest(caseDir), gitDir);
    expect(Object.keys(pinned.files!)).toEqual(["deploy/compose.yaml", "deploy/nginx/default.conf"]);
    expect(pinned.deltas![0]!.files!["deploy/nginx/default.conf"]!.head).toBeNull();

    expect(rebuild(caseDir, pinned, gitDir)).toBe(2 + 2 + 1);
    const read = (path: string) => readFileSync(join(caseDir, path), "utf8");
    expect(read("files/deploy/nginx/default.conf")).toContain("server api:8080");
    expect(read("deltas/01-api/base/deploy/compose.yaml")).toContain("nginx");
    expect(read("deltas/01-api/head/deploy/compose.yaml")).toContain("api:");
    expect(existsSync(join(caseDir, "deltas/01-api/head/deploy/nginx/default.conf"))).toBe(false);
    expect(existsSync(join(caseDir, "files/README.md"))).toBe(false);
  });

  it("refuses a manifest path that leaves the case folder", async () => {
    const root = await tempDir("snapshot");
    cleanup.push(root);
    const mirrors = join(root, "mirrors");
    const { first } = await shopRepository(mirrors);
    const gitDir = findGitDir(mirrors, "acme/shop");
    const blob = pin({ repository: "acme/shop", commit: first, paths: ["deploy/compose.yaml"] }, gitDir)
      .files!["deploy/compose.yaml"]!;
    const manifest: CaseManifest = {
      repository: "acme/shop",
      commit: first,
      paths: [],
      files: { "../x": blob },
    };
    expect(() => rebuild(join(root, "case"), manifest, gitDir)).toThrow(/leaves the case folder/);
  });

  it("says which repository has no git copy", () => {
    expect(() => findGitDir("/nonexistent", "acme/shop")).toThrow(/no git copy of acme\/shop/);
  });
});
