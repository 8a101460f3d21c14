import { describe, expect, it } from "vitest";
import { decideVerdict } from "../../src/analysis/verdict/decide.js";
import { analyzeChange } from "../../src/engine.js";
import { renderCheckRun } from "../../src/report/check-run.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { repositoryUrl, sourceUrl, webUrlOf, type SourceLinks } from "../../src/report/source-links.js";

const HEAD = "a".repeat(40);
const BASE = "b".repeat(40);
const links: SourceLinks = { repository: "https://github.com/octo/shop", head: HEAD, base: BASE };

const compose = (services: string) => ({ path: "deploy/compose.yaml", text: `services:\n${services}` });
const WEB = "  web:\n    image: nginx\n    ports: ['8080:80']\n    depends_on: [api]\n";
const API = "  api:\n    image: acme/api\n";

describe("links from file:line to the line on GitHub", () => {
  it("points at the commit the side was read at, with the line as anchor", () => {
    expect(sourceUrl(links, { file: "deploy/compose.yaml", line: 12 }, "head")).toBe(
      `https://github.com/octo/shop/blob/${HEAD}/deploy/compose.yaml#L12`,
    );
    expect(sourceUrl(links, { file: "main.tf" }, "base")).toBe(
      `https://github.com/octo/shop/blob/${BASE}/main.tf`,
    );
  });

  it("encodes every path segment, parentheses and spaces too, so the link cannot be broken out of", () => {
    const url = sourceUrl(links, { file: "a b/(x)[y]#z@v.yml", line: 1 }, "head")!;
    expect(url).toBe(`https://github.com/octo/shop/blob/${HEAD}/a%20b/%28x%29%5By%5D%23z%40v.yml#L1`);
    expect(url).not.toMatch(/[\s()[\]]/);
  });

  it("gives no link for a path it should not put in a URL, nor for a commit that is not a SHA", () => {
    for (const file of ["", ".", "/etc/passwd", "a/../b", "x\ny", "https://user:s3cretpw@host/x"])
      expect([file, sourceUrl(links, { file, line: 1 }, "head")]).toEqual([file, undefined]);
    expect(sourceUrl({ ...links, head: "main" }, { file: "a.yml" }, "head")).toBeUndefined();
  });

  it("finds the web address of github.com and of GitHub Enterprise Server from the API's", () => {
    expect(webUrlOf("https://api.github.com")).toBe("https://github.com");
    expect(webUrlOf("https://ghe.example.com/api/v3")).toBe("https://ghe.example.com");
    expect(repositoryUrl("https://ghe.example.com/api/v3/", "octo", "shop.js")).toBe(
      "https://ghe.example.com/octo/shop.js",
    );
  });

  it("links what the change adds at the head and what it removes at the merge base, in comment and check", async () => {
    const report = await analyzeChange(
      [compose(`${WEB}${API}    depends_on: [old]\n  old:\n    image: acme/old\n`)],
      [compose(`${WEB}${API}    depends_on: [cache]\n  cache:\n    image: redis:7\n`)],
    );
    const verdict = decideVerdict(report, {}, []);
    const markdown = renderMarkdown(report, { verdict, links });
    expect(markdown).toContain(
      `| \`cache\` | cache | [deploy/compose.yaml:9](https://github.com/octo/shop/blob/${HEAD}/deploy/compose.yaml#L9) |`,
    );
    expect(markdown).toContain(
      `| \`old\` | service | [deploy/compose.yaml:9](https://github.com/octo/shop/blob/${BASE}/deploy/compose.yaml#L9) |`,
    );
    expect(markdown).toMatch(
      new RegExp(`at \\[deploy/compose\\.yaml:8\\]\\(https://github\\.com/octo/shop/blob/${HEAD}/`),
    );
    const summary = renderCheckRun(report, { verdict, links, maxChars: 20_000 }).summary;
    expect(summary).toContain(`](https://github.com/octo/shop/blob/${HEAD}/deploy/compose.yaml#L9)`);
    // The command line has no commit to link to: plain file:line.
    const plain = renderMarkdown(report, { verdict });
    expect(plain).toContain("| `cache` | cache | deploy/compose.yaml:9 |");
    expect(plain).not.toContain("](https://");
  });
});
