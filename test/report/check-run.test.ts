import { describe, expect, it } from "vitest";
import { renderCheckRun } from "../../src/report/check-run.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { hugeSystem, report, workedExample } from "./fixtures.js";

describe("renderCheckRun", () => {
  const output = renderCheckRun(workedExample());

  it("uses the headline as title and the Markdown report as summary", () => {
    expect(output.title).toBe("+4 components, +3 round trips on web, availability 99.70% -> 99.40%");
    expect(output.summary).toContain("| `web` (published port 8080) | 3 -> 6 (+3) |");
  });

  it("keeps the title plain text: GitHub shows it as written, so nothing is escaped and no backtick shows", () => {
    const title = renderCheckRun(
      report([], { headline: "+2 components, -1 call on `a_b*c`, <b>x</b> 99.70% -> 99.30% #12" }),
    ).title;
    expect(title).toBe("+2 components, -1 call on a_b*c, <b>x</b> 99.70% -> 99.30% #12");
  });

  it("annotates each added call's evidence line with its round-trip cost", () => {
    const apiSearch = output.annotations.find((a) => a.title === "Added sync call api -> search")!;
    expect(apiSearch).toEqual({
      path: "deploy/docker-compose.yml",
      start_line: 13,
      end_line: 13,
      annotation_level: "notice",
      title: "Added sync call api -> search",
      message:
        "Adds a sync call api -> search in the docker-compose project in deploy/. +1 round trip on every request through this entry point " +
        "(web: round trips 3 -> 6 (+3), availability 99.70% -> 99.40%).",
    });
    const background = output.annotations.find((a) => a.title === "Added sync call indexer -> search")!;
    expect(background.start_line).toBe(31);
    expect(background.message).toContain("on no entry point's request path");
    // One annotation per added call (five), however many lines prove it.
    const calls = output.annotations.filter((a) => a.title?.startsWith("Added") && a.title.includes("call"));
    expect(calls).toHaveLength(5);
    expect(new Set(calls.map((a) => a.title)).size).toBe(5);
  });

  it("annotates added components and extraction warnings with a line", () => {
    const search = output.annotations.find((a) => a.title === "Added datastore search")!;
    expect(search).toMatchObject({
      path: "deploy/docker-compose.yml",
      start_line: 34,
      annotation_level: "notice",
    });
    expect(search.message).toContain("request path of 1 entry point (web: round trips 3 -> 6 (+3)");
    const indexer = output.annotations.find((a) => a.title === "Added service indexer")!;
    expect(indexer.message).toContain("background flow");
    const warning = output.annotations.find((a) => a.annotation_level === "warning")!;
    expect(warning).toEqual({
      path: "deploy/docker-compose.yml",
      start_line: 9,
      end_line: 9,
      annotation_level: "warning",
      title: "compose/unknown-depends-on",
      message: "depends_on names `mailer`, which is not a service",
    });
    expect(output.annotations).toHaveLength(4 + 5 + 1);
  });

  it("skips warnings without a line and keeps to GitHub's sizes", () => {
    const big = report([hugeSystem("compose:big", 3_000, 500)], {
      headline: "x".repeat(1_000),
      warnings: [{ id: "input/too-large", file: "deploy/huge.bin", message: "over 10 MiB" }],
    });
    const result = renderCheckRun(big);
    expect(result.title.length).toBeLessThanOrEqual(255);
    expect(result.summary.length).toBeLessThanOrEqual(65_535);
    expect(result.annotations.some((a) => a.annotation_level === "warning")).toBe(false);
    // 500 components plus 500 calls, each with a line: not batched here.
    expect(result.annotations).toHaveLength(500 + 500);
    expect(renderCheckRun(big, { maxChars: 10_000 }).summary.length).toBeLessThanOrEqual(10_000);
  });

  it("reuses the comment's Markdown as the summary when it fits, and renders again when it does not", () => {
    const worked = workedExample();
    const markdown = renderMarkdown(worked, { mode: "diff" });
    expect(renderCheckRun(worked, { markdown }).summary).toBe(output.summary);
    expect(renderCheckRun(worked, { markdown: "already rendered" }).summary).toBe("already rendered");

    const big = report([hugeSystem("compose:big", 3_000, 500)]);
    const long = renderMarkdown(big, { mode: "diff", maxChars: 60_000 });
    expect(long.length).toBeGreaterThan(10_000);
    const summary = renderCheckRun(big, { maxChars: 10_000, markdown: long }).summary;
    expect(summary).toBe(renderCheckRun(big, { maxChars: 10_000 }).summary);
    expect(summary.length).toBeLessThanOrEqual(10_000);
  });
});
