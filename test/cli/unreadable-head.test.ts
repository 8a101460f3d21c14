import { rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { fakeIo, gitIn, tempDir, writeFiles } from "../helpers.js";
import { STAND_IN_MESSAGE, WEB_DB_COMPOSE } from "../helpers/hostile-files.js";

/** `boxcutter diff` where the head replaced infrastructure files with content it cannot read. */

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);

const BASE_TREE = { "docker-compose.yml": WEB_DB_COMPOSE, "b/compose.yaml": WEB_DB_COMPOSE };
const HEAD_TREE = { "docker-compose.yml": "services:\n  web: [\n", "b/compose.yaml": PNG };

let root: string;

beforeAll(async () => {
  root = await tempDir("unreadable-head");
  await writeFiles(root, Object.fromEntries(Object.entries(BASE_TREE).map(([p, c]) => [`base/${p}`, c])));
  await writeFiles(root, Object.fromEntries(Object.entries(HEAD_TREE).map(([p, c]) => [`head/${p}`, c])));
  const repo = join(root, "repo");
  const git = gitIn(repo);
  await writeFiles(repo, BASE_TREE);
  git("init", "-q", "-b", "main");
  git("add", ".");
  git("commit", "-q", "-m", "base");
  await writeFiles(repo, HEAD_TREE);
  git("commit", "-q", "-am", "head");
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Both sources must say the same: nothing changed, and why two files are not in the report. */
function expectStandIns(markdown: string): void {
  expect(markdown).toMatch(/^\*\*boxcutter:\*\* No architectural change in 2 systems/);
  expect(markdown).not.toMatch(/-\d+ components?/);
  expect(markdown).not.toContain("removed");
  expect(markdown).toContain("| `input/binary` | b/compose.yaml:3 | binary file; skipped |");
  expect(markdown).toContain(`| \`engine/head-unreadable\` | b/compose.yaml | ${STAND_IN_MESSAGE} |`);
  expect(markdown).toContain(
    "| `yaml/invalid` | docker-compose.yml:3 | invalid YAML: deficient indentation |",
  );
  expect(markdown).toContain(`| \`engine/head-unreadable\` | docker-compose.yml | ${STAND_IN_MESSAGE} |`);
}

describe("boxcutter diff with head files it cannot read", () => {
  it("compares two folders: the base versions stand in, nothing reads as removed", async () => {
    const io = fakeIo(root);
    expect(await main(["diff", "base", "head"], io)).toBe(0);
    expect(io.err).toBe("");
    expectStandIns(io.out);

    const json = fakeIo(root);
    expect(await main(["diff", "base", "head", "--format", "json"], json)).toBe(0);
    const report = JSON.parse(json.out) as {
      changed: boolean;
      systems: { id: string; status: string; removedComponents: unknown[] }[];
    };
    expect(report.changed).toBe(false);
    expect(
      report.systems.map((system) => [system.id, system.status, system.removedComponents.length]),
    ).toEqual([
      ["compose:.", "unchanged", 0],
      ["compose:b", "unchanged", 0],
    ]);
  });

  it("compares two git revisions the same way", async () => {
    const io = fakeIo(root);
    expect(await main(["diff", "--git", "main~1..main", "--repo", "repo"], io)).toBe(0);
    expect(io.err).toBe("");
    expectStandIns(io.out);
  });
});
