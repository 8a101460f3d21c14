import { describe, expect, it } from "vitest";
import { directoryRule, ownerRule, parseCodeOwners } from "../../../src/analysis/verdict/codeowners.js";

// The examples of GitHub's CODEOWNERS documentation, one pattern at a time.
function owns(pattern: string, path: string): boolean {
  return ownerRule(parseCodeOwners("CODEOWNERS", `${pattern} @team`), path) !== undefined;
}

describe("CODEOWNERS patterns", () => {
  it.each([
    ["*", "any/file.txt", true],
    ["*.js", "src/deep/app.js", true],
    ["*.js", "src/app.ts", false],
    ["*.go", "main.go", true],
    ["/build/logs/", "build/logs/today.log", true],
    ["/build/logs/", "src/build/logs/today.log", false],
    ["docs/*", "docs/getting-started.md", true],
    ["docs/*", "docs/build-app/troubleshooting.md", false],
    ["apps/", "apps/web/index.ts", true],
    ["apps/", "services/apps/web/index.ts", true],
    ["/docs/", "docs/a/b/c.md", true],
    ["/docs/", "src/docs/a.md", false],
    ["**/logs", "deeply/nested/logs/x.log", true],
    ["**/logs", "logs/x.log", true],
    ["/apps/github", "apps/github/readme.md", true],
    ["/apps/github", "apps/githubber/readme.md", false],
    ["/scripts/**", "scripts/a/b.sh", true],
    ["src/**/test", "src/a/b/test/x.ts", true],
    ["src/**/test", "src/test/x.ts", true],
    ["?.md", "a.md", true],
    ["?.md", "ab.md", false],
    ["CODEOWNERS", ".github/CODEOWNERS", true],
    ["/infra/main.tf", "infra/main.tf", true],
    ["/infra/main.tf", "infra/main.tf.bak", false],
  ])("%s matches %s: %s", (pattern, path, expected) => {
    expect(owns(pattern, path)).toBe(expected);
  });

  it("does not support negation or character ranges, as GitHub does not", () => {
    expect(owns("!secret.txt", "secret.txt")).toBe(false);
    expect(owns("[ab].txt", "a.txt")).toBe(false);
  });
});

describe("CODEOWNERS rules", () => {
  const owners = parseCodeOwners(
    ".github/CODEOWNERS",
    [
      "# Default owners",
      "*       @acme/platform",
      "",
      "/services/ @acme/storefront   # the shop",
      "/services/payments/ @acme/payments @alice",
      "/services/payments/vendor/",
      "\\#notes.md @acme/docs",
      "*.md   @acme/docs",
    ].join("\n"),
  );

  it("gives a path the owners of the last rule that matches", () => {
    expect(ownerRule(owners, "services/payments/main.go")).toMatchObject({
      owners: ["@acme/payments", "@alice"],
      line: 5,
    });
    expect(ownerRule(owners, "services/cart/main.go")?.owners).toEqual(["@acme/storefront"]);
    expect(ownerRule(owners, "compose.yaml")?.owners).toEqual(["@acme/platform"]);
    expect(ownerRule(owners, "services/README.md")?.line).toBe(8);
  });

  it("leaves a path unowned when the last matching rule names no owner", () => {
    expect(ownerRule(owners, "services/payments/vendor/lib.go")?.owners).toEqual([]);
  });

  it("reads an escaped # as part of a pattern and a trailing # as a comment", () => {
    expect(owners.rules.map((rule) => rule.pattern)).toContain("#notes.md");
    expect(ownerRule(owners, "#notes.md")?.line).toBe(8);
    expect(owners.rules.find((rule) => rule.line === 4)?.owners).toEqual(["@acme/storefront"]);
  });

  it("owns a directory as a file directly inside it", () => {
    expect(directoryRule(owners, "./services/payments/")?.owners).toEqual(["@acme/payments", "@alice"]);
    expect(directoryRule(owners, ".")?.owners).toEqual(["@acme/platform"]);
  });
});
