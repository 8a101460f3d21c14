import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRange } from "../../src/cli/diff.js";
import type { JsonGraph } from "../../src/report/json.js";
import { gitIn, runCli, tempDir, writeFiles } from "../helpers.js";

const BASE = `services:
  web:
    image: nginx:1.27
    ports: ["8080:80"]
    depends_on: [api]
  api:
    build: ./api
`;

const HEAD = `${BASE}    environment:
      DATABASE_URL: postgres://shop:hunter2-secret@db:5432/shop
  db:
    image: postgres:16
`;

const run = runCli;

let root: string;

beforeAll(async () => {
  root = await tempDir("cli");
  await writeFiles(root, { "base/compose.yaml": BASE, "head/compose.yaml": HEAD });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("boxcutter dispatch", () => {
  it("lists the commands on --help and exits 0", async () => {
    const { code, out } = await run(root, "--help");
    expect(code).toBe(0);
    expect(out).toMatch(/^usage: boxcutter <command>/);
    expect(out).toMatch(/\n {2}diff +compare the infrastructure/);
    expect(out).toMatch(/\n {2}graph +describe the infrastructure/);
  });

  it("exits 2 without a command or with an unknown one, naming it", async () => {
    expect((await run(root)).code).toBe(2);
    const unknown = await run(root, "frobnicate\u001b[31m");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("unknown command 'frobnicate?[31m'");
    expect(unknown.out).toBe("");
  });

  it("shows a command's usage through help <command> and <command> --help", async () => {
    const viaHelp = await run(root, "help", "diff");
    const viaFlag = await run(root, "diff", "--help");
    expect(viaHelp.code).toBe(0);
    expect(viaFlag.code).toBe(0);
    expect(viaHelp.out).toBe(viaFlag.out);
    expect(viaFlag.out).toContain("boxcutter diff --git <base>..<head>");
  });
});

describe("boxcutter diff <baseDir> <headDir>", () => {
  it("prints the JSON report with the computed numbers and no secret", async () => {
    const { code, out, err } = await run(root, "diff", "base", "head", "--format", "json");
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).not.toContain("hunter2");
    const report = JSON.parse(out) as {
      headline: string;
      changed: boolean;
      systems: { id: string; status: string }[];
    };
    expect(report.headline).toBe("+1 component, +1 round trip on `web`, availability 99.80% -> 99.70%");
    expect(report.changed).toBe(true);
    expect(report.systems.map((system) => [system.id, system.status])).toEqual([["compose:.", "changed"]]);
  });

  it("prints Markdown by default, with the availability option applied", async () => {
    const { code, out } = await run(
      root,
      "diff",
      join(root, "base"),
      join(root, "head"),
      "--availability",
      "99%",
    );
    expect(code).toBe(0);
    expect(out).toContain("98.01%");
    expect(out).toContain("97.03%");
    expect(out).not.toContain("hunter2");
  });

  it("prints one Mermaid flowchart per system", async () => {
    const { code, out } = await run(root, "diff", "base", "head", "--format", "mermaid");
    expect(code).toBe(0);
    expect(out.split("\n")[0]).toBe("%% compose:.");
    expect(out).toContain("flowchart");
  });

  it("exits 2 on usage errors", async () => {
    for (const argv of [
      ["diff", "base"],
      ["diff", "base", "head", "--format", "xml"],
      ["diff", "base", "head", "--availability", "1.5"],
      ["diff", "base", "head", "--time-budget", "0"],
      ["diff", "base", "head", "--time-budget", "5s"],
      ["diff", "base", "head", "--bogus"],
      ["diff", "base", "head", "--repo", "."],
      ["diff", "--git", "main"],
    ]) {
      const { code, err, out } = await run(root, ...argv);
      expect([argv, code]).toEqual([argv, 2]);
      expect(err).toContain("usage: boxcutter diff");
      expect(out).toBe("");
    }
  });

  it("reads within the time budget given, and says what it left out when it runs out", async () => {
    const roomy = await run(root, "diff", "base", "head", "--format", "json", "--time-budget", "60000");
    expect(roomy.code).toBe(0);
    expect(JSON.parse(roomy.out).warnings).toEqual([]);
    const none = await run(root, "diff", "base", "head", "--format", "json", "--time-budget", "1");
    expect(none.code).toBe(0);
    const ids = (JSON.parse(none.out) as { warnings: { id: string }[] }).warnings.map(
      (warning) => warning.id,
    );
    expect(ids.some((id) => id.endsWith("/deadline"))).toBe(true);
  });

  it("exits 1 when a folder cannot be read", async () => {
    const { code, err } = await run(root, "diff", "base", "missing");
    expect(code).toBe(1);
    expect(err).toMatch(/^boxcutter diff: cannot read folder .*missing \(ENOENT\)/);
  });

  it("reports no architectural change for identical folders", async () => {
    const { code, out } = await run(root, "diff", "head", "head", "--format", "json");
    expect(code).toBe(0);
    expect((JSON.parse(out) as { headline: string; changed: boolean }).changed).toBe(false);
    expect((JSON.parse(out) as { headline: string }).headline).toBe("No architectural change");
  });
});

describe("boxcutter diff --git", () => {
  let repo: string;

  beforeAll(async () => {
    repo = join(root, "repo");
    const git = gitIn(repo);
    await writeFiles(repo, { "deploy/compose.yaml": BASE });
    git("init", "-q", "-b", "main");
    git("add", ".");
    git("commit", "-q", "-m", "base");
    git("checkout", "-q", "-b", "feature");
    await writeFile(join(repo, "deploy/compose.yaml"), HEAD);
    git("commit", "-q", "-am", "head");
    // What is on disk must not matter: only the revisions are read.
    await writeFile(join(repo, "deploy/compose.yaml"), "services: {}\n");
  });

  it("compares two revisions without touching the working tree", async () => {
    const { code, out, err } = await run(
      root,
      "diff",
      "--git",
      "main..feature",
      "--repo",
      "repo",
      "--format",
      "json",
    );
    expect(err).toBe("");
    expect(code).toBe(0);
    const report = JSON.parse(out) as { headline: string; systems: { id: string }[] };
    expect(report.headline).toBe("+1 component, +1 round trip on `web`, availability 99.80% -> 99.70%");
    expect(report.systems.map((system) => system.id)).toEqual(["compose:deploy"]);
  });

  it("reads the repository of the current folder by default and accepts a three-dot range", async () => {
    const { code, out } = await run(repo, "diff", "--git", "main...feature", "--format", "json");
    expect(code).toBe(0);
    expect((JSON.parse(out) as { changed: boolean }).changed).toBe(true);
  });

  it("exits 1 with a clear message for an unknown revision", async () => {
    const { code, err } = await run(repo, "diff", "--git", "main..no-such-branch");
    expect(code).toBe(1);
    expect(err).toBe(`boxcutter diff: unknown git revision 'no-such-branch' in ${repo}\n`);
  });

  it("parses ranges", () => {
    expect(parseRange("a..b")).toEqual({ base: "a", head: "b", mergeBase: false });
    expect(parseRange("origin/main...HEAD")).toEqual({ base: "origin/main", head: "HEAD", mergeBase: true });
    expect(() => parseRange("..b")).toThrow(/expects/);
    expect(() => parseRange("a..b..c")).toThrow(/expects/);
  });
});

describe("boxcutter graph", () => {
  it("describes one folder", async () => {
    const { code, out } = await run(root, "graph", "head", "--format", "json");
    expect(code).toBe(0);
    const report = JSON.parse(out) as { headline: string; changed: boolean };
    expect(report.headline).toBe(
      "1 system, 3 components, 1 entry point; `web` 3 round trips, availability 99.70%",
    );
    expect(report.changed).toBe(false);
    expect(out).not.toContain("hunter2");
  });

  it("prints the graph itself as JSON", async () => {
    const { out } = await run(root, "graph", "head", "--format", "json");
    const graph = (JSON.parse(out) as { systems: { graph: JsonGraph }[] }).systems[0]!.graph;
    expect(graph.components.map((c) => [c.name, c.kind, c.file])).toEqual([
      ["web", "gateway", "compose.yaml"],
      ["api", "service", "compose.yaml"],
      ["db", "datastore", "compose.yaml"],
    ]);
    expect(graph.edges.map((e) => [e.from, e.to, e.evidence[0]!.rule])).toEqual([
      ["web", "api", "compose/depends-on"],
      ["api", "db", "compose/env-host"],
    ]);
    expect(graph.edges[1]!.evidence[0]!.detail).toBe("env DATABASE_URL=postgres://shop:***@db:5432/shop");
    expect(graph.entryPoints).toMatchObject([{ component: "web", via: "published port 8080" }]);
  });

  it("renders Markdown in graph mode and exits 2 without a folder", async () => {
    const { code, out } = await run(root, "graph", "head");
    expect(code).toBe(0);
    expect(out).toContain("`web`");
    expect((await run(root, "graph")).code).toBe(2);
    expect((await run(root, "graph", "a", "b")).code).toBe(2);
  });
});
