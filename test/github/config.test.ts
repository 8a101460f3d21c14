import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, validateConfig } from "../../src/github/config.js";
import { pathMatcher } from "../../src/github/globs.js";

describe("configuration", () => {
  it("fills defaults for a missing or empty file", () => {
    expect(validateConfig(null)).toEqual({ config: DEFAULT_CONFIG, problems: [] });
    expect(validateConfig({})).toEqual({ config: DEFAULT_CONFIG, problems: [] });
  });

  it("takes every valid option", () => {
    const { config, problems } = validateConfig({
      comment: "off",
      availability: 0.9995,
      timeBudgetMs: 4000,
      paths: { ignore: ["examples/**", "*.tmpl.yaml"] },
      commands: { prefix: "/arch", permission: "maintain" },
      justify: { allowAuthor: false },
      verdict: {
        unjustified: "warn",
        budgetRoundTrips: 1,
        ceilings: { memoryGiB: 512, storageTiB: 32, vcpus: 96 },
      },
    });
    expect(problems).toEqual([]);
    expect(config).toEqual({
      comment: "off",
      availability: 0.9995,
      timeBudgetMs: 4000,
      paths: { ignore: ["examples/**", "*.tmpl.yaml"] },
      commands: { prefix: "/arch", permission: "maintain" },
      justify: { allowAuthor: false },
      verdict: {
        unjustified: "warn",
        budgetRoundTrips: 1,
        ceilings: { memoryBytes: 512 * 1024 ** 3, storageBytes: 32 * 1024 ** 4, vcpus: 96 },
      },
    });
  });

  it("names each wrong option, what it allows and what it found", () => {
    const { problems } = validateConfig({
      comment: "always",
      availability: 99.9,
      timeBudgetMs: 100,
      paths: { ignore: "examples" },
      colour: "red",
      commands: { prefix: "/box cutter", permission: "owner", reply: true },
      justify: { allowAuthor: "yes" },
      verdict: {
        unjustified: "block",
        budgetRoundTrips: -1,
        ceilings: { memoryGiB: 0, disks: 2 },
        strict: true,
      },
    });
    expect(problems).toEqual([
      'comment: must be one of update, hide-and-new, delete-and-new, off (found "always")',
      "availability: must be a number above 0 and at most 1, e.g. 0.999 (found 99.9)",
      "timeBudgetMs: must be a whole number of milliseconds from 500 to 60000 (found 100)",
      'paths.ignore: must be a list of non-empty glob strings (found "examples")',
      "colour: unknown option (known: comment, availability, timeBudgetMs, paths, gate, commands, justify, verdict)",
      'commands.prefix: must be one word, optionally after /, ! or @, e.g. "/boxcutter" (found "/box cutter")',
      'commands.permission: must be one of read, triage, write, maintain, admin (found "owner")',
      "commands.reply: unknown option (known: prefix, permission)",
      'justify.allowAuthor: must be true or false (found "yes")',
      'verdict.unjustified: must be "fail", "warn" or "off" (found "block")',
      "verdict.budgetRoundTrips: must be a whole number of round trips, 0 or more (found -1)",
      "verdict.ceilings.memoryGiB: must be a number above 0 (found 0)",
      "verdict.ceilings.disks: unknown option (known: memoryGiB, storageTiB, vcpus)",
      "verdict.strict: unknown option (known: unjustified, budgetRoundTrips, ceilings)",
    ]);
    expect(validateConfig(["comment"]).problems).toEqual([
      'the file must be a mapping of options (found ["comment"])',
    ]);
  });

  it("matches ignore globs like .gitignore: bare names anywhere, ** across folders, * within one", () => {
    const ignored = pathMatcher(["examples/**", "*.tmpl.yaml", "charts/*/values.yaml", "vendor/"]);
    expect(ignored("examples/shop/compose.yml")).toBe(true);
    expect(ignored("deploy/examples/compose.yml")).toBe(false);
    expect(ignored("k8s/base/app.tmpl.yaml")).toBe(true);
    expect(ignored("charts/web/values.yaml")).toBe(true);
    expect(ignored("charts/web/sub/values.yaml")).toBe(false);
    expect(ignored("vendor/x/compose.yml")).toBe(true);
    expect(ignored("compose.yml")).toBe(false);
  });

  it("takes braces, classes and negation as globs, not literally", () => {
    const ignored = pathMatcher([
      "{dev,test}/**",
      "k8s/overlay-[ab]/**",
      "legacy/",
      "!legacy/keep/**",
      "/root.yaml",
    ]);
    expect(ignored("dev/compose.yml")).toBe(true);
    expect(ignored("test/k8s/app.yaml")).toBe(true);
    expect(ignored("prod/compose.yml")).toBe(false);
    expect(ignored("{dev,test}/compose.yml")).toBe(false);
    expect(ignored("k8s/overlay-a/app.yaml")).toBe(true);
    expect(ignored("k8s/overlay-c/app.yaml")).toBe(false);
    expect(ignored("legacy/old/compose.yml")).toBe(true);
    expect(ignored("legacy/keep/compose.yml")).toBe(false);
    expect(ignored("root.yaml")).toBe(true);
    expect(ignored("sub/root.yaml")).toBe(false);
    expect(ignored(".github/compose.yml")).toBe(false);
    expect(pathMatcher(["*.yml"])(".github/compose.yml")).toBe(true);
  });
});
