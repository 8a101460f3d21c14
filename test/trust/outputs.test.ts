import { describe, expect, it } from "vitest";
import { accuracyCommand } from "../../src/cli/accuracy.js";
import { main } from "../../src/cli/main.js";
import { analyzeChange } from "../../src/engine.js";
import { renderCheckRun } from "../../src/report/check-run.js";
import { toJsonReport } from "../../src/report/json.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { renderMermaid } from "../../src/report/mermaid.js";
import { fakeIo, tempDir, writeFiles } from "../helpers.js";
import { loadMermaid } from "../report/mermaid-parser.js";
import {
  BASE_COMPOSE,
  expectNoSecret,
  HEAD_COMPOSE,
  HOSTILE_NAME,
  rawNamesOutsideCode,
  TEAM_NAME,
} from "./hostile-compose.js";

const base = [{ path: "docker-compose.yml", text: BASE_COMPOSE }];
const head = [{ path: "docker-compose.yml", text: HEAD_COMPOSE }];

describe("a hostile compose change through every local output", () => {
  it("is analysed: the hostile names are components and the DSN is an edge", async () => {
    const report = await analyzeChange(base, head);
    const added = report.systems[0]!.delta.addedComponents.map((component) => component.name);
    expect(added.sort()).toEqual([HOSTILE_NAME, TEAM_NAME, "db"].sort());
    const dsn = report.systems[0]!.delta.addedEdges.find(
      (edge) => edge.from === TEAM_NAME && edge.to === "db",
    );
    expect(dsn?.evidence.map((evidence) => evidence.detail)).toContain(
      "env DATABASE_URL=postgres://u:***@db/x",
    );
  });

  it("redacts and escapes in Markdown, the check run, JSON and Mermaid", async () => {
    const report = await analyzeChange(base, head);

    const markdown = renderMarkdown(report, { mode: "diff" });
    expectNoSecret("markdown", markdown);
    expect(rawNamesOutsideCode(markdown)).toEqual([]);

    const check = renderCheckRun(report, { markdown });
    expectNoSecret("check title", check.title);
    expectNoSecret("check summary", check.summary);
    expect(rawNamesOutsideCode(check.summary)).toEqual([]);
    expect(check.annotations.length).toBeGreaterThanOrEqual(5);
    for (const annotation of check.annotations) expectNoSecret("annotation", JSON.stringify(annotation));

    const json = toJsonReport(report);
    expectNoSecret("json", JSON.stringify(json));
    // JSON is data: names stay exactly as written, for machines to escape as their output needs.
    expect(json.systems[0]!.addedComponents.map((component) => component.name)).toContain(HOSTILE_NAME);

    const mermaid = renderMermaid(report.systems[0]!);
    expectNoSecret("mermaid", mermaid);
    expect(mermaid).not.toContain("<img");
    expect(mermaid).not.toContain('"]);');
    const parser = await loadMermaid();
    await expect(parser.parse(mermaid)).resolves.toBeTruthy();
  });

  it("redacts and escapes in every format of the diff and graph commands", async () => {
    const root = await tempDir("hostile");
    await writeFiles(root, {
      "base/docker-compose.yml": BASE_COMPOSE,
      "head/docker-compose.yml": HEAD_COMPOSE,
    });
    for (const args of [
      ["diff", "base", "head"],
      ["diff", "base", "head", "--format", "json"],
      ["diff", "base", "head", "--format", "mermaid"],
      ["graph", "head"],
      ["graph", "head", "--format", "json"],
      ["graph", "head", "--format", "mermaid"],
    ]) {
      const io = fakeIo(root);
      expect([args.join(" "), await main(args, io)]).toEqual([args.join(" "), 0]);
      expectNoSecret(args.join(" "), io.out + io.err);
      if (!args.includes("--format")) expect(rawNamesOutsideCode(io.out)).toEqual([]);
      expect(io.out).toContain(args.includes("json") ? HOSTILE_NAME : "img");
    }
  });

  it("redacts the evidence the accuracy printer shows for false positives", async () => {
    const root = await tempDir("hostile-accuracy");
    await writeFiles(root, {
      "shop/files/docker-compose.yml": HEAD_COMPOSE,
      "shop/expected.yaml": [
        "views:",
        "  - name: app",
        "    inputs: [docker-compose.yml]",
        "    components:",
        "      - {name: web, kind: gateway}",
        "",
      ].join("\n"),
    });
    for (const args of [["shop"], ["shop", "--json"]]) {
      const io = fakeIo(root);
      expect(await accuracyCommand.run(args, io)).toBe(0);
      // The DSN edges are false positives here, so their evidence is printed.
      expect(io.out).toContain("postgres://u:***@db/x");
      expectNoSecret(`accuracy ${args.join(" ")}`, io.out + io.err);
    }
  });
});
