import { describe, expect, it } from "vitest";
import { prCommand } from "../../src/cli/pr.js";
import { parseMarker } from "../../src/github/comment.js";
import { validateConfig } from "../../src/github/config.js";
import { fakeIo } from "../helpers.js";
import { useGitHubMock } from "./helpers/github-mock.js";
import { INSTALLATION_ID, pullRequestDelivery } from "./helpers/payloads.js";
import { createTestApp } from "./helpers/probot.js";
import {
  appRun,
  BASE,
  HEAD,
  mockAppRun,
  mockConfig,
  mockFileFetch,
  mockPull,
  type AppRun,
  type Files,
} from "./helpers/scenario.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are inspected as loose JSON */
type Body = any;

// Base: web -> api, 2 round trips for web. Head: web -> api, web -> auth, api -> db, api -> cache: 5 (+3).
const BASE_FILES: Files = {
  "deploy/compose.yaml": [
    "services:",
    "  web:",
    "    image: acme/web",
    "    ports: ['80:80']",
    "    depends_on: [api]",
    "  api:",
    "    image: acme/api",
    "",
  ].join("\n"),
};
const HEAD_FILES: Files = {
  "deploy/compose.yaml": [
    "services:",
    "  web:",
    "    image: acme/web",
    "    ports: ['80:80']",
    "    depends_on: [api, auth]",
    "  api:",
    "    image: acme/api",
    "    depends_on: [db, cache]",
    "  auth:",
    "    image: acme/auth",
    "  db:",
    "    image: postgres:16",
    "  cache:",
    "    image: redis:7",
    "",
  ].join("\n"),
};

const mock = useGitHubMock();

function mockGateRun(config: string, overrides: Partial<AppRun> = {}) {
  mockAppRun(
    mock,
    appRun({
      config,
      files: { baseFiles: BASE_FILES, headFiles: HEAD_FILES },
      comments: [],
      commentWrite: "create",
      ...overrides,
    }),
  );
}

async function deliver(id: string): Promise<{ completed: Body; comment: Body }> {
  const { probot } = await createTestApp();
  await probot.receive(pullRequestDelivery(id, "synchronize", { head: HEAD, base: BASE }));
  const [completed] = mock.bodiesOf("PATCH", /check-runs/) as Body[];
  const [comment] = mock.bodiesOf("POST", /issues\/7\/comments$/) as Body[];
  return { completed, comment };
}

describe("gate configuration", () => {
  it("takes every limit, and leaves the gate out when the file has none", () => {
    const { config, problems } = validateConfig({
      gate: { maxAddedRoundTrips: 2, maxAddedComponents: 0, minAvailability: 0.995, mergeCandidates: "warn" },
    });
    expect(problems).toEqual([]);
    expect(config.gate).toEqual({
      maxAddedRoundTrips: 2,
      maxAddedComponents: 0,
      minAvailability: 0.995,
      mergeCandidates: "warn",
    });
    expect(validateConfig({ comment: "off" }).config.gate).toBeUndefined();
    expect(validateConfig({ gate: null })).toEqual(validateConfig({}));
    expect(validateConfig({ gate: { minAvailability: 1 } }).config.gate).toEqual({ minAvailability: 1 });
  });

  it("names each wrong limit, what it allows and what it found", () => {
    const { problems } = validateConfig({
      gate: {
        maxAddedRoundTrips: -1,
        maxAddedComponents: 2.5,
        minAvailability: 99.5,
        mergeCandidates: "block",
        maxRoundTrips: 3,
      },
    });
    expect(problems).toEqual([
      "gate.maxAddedRoundTrips: must be a whole number of round trips, 0 or more (found -1)",
      "gate.maxAddedComponents: must be a whole number of components, 0 or more (found 2.5)",
      "gate.minAvailability: must be a number above 0 and at most 1, e.g. 0.995 (found 99.5)",
      'gate.mergeCandidates: must be "warn", "fail" or "off" (found "block")',
      "gate.maxRoundTrips: unknown option (known: maxAddedRoundTrips, maxAddedComponents, minAvailability, mergeCandidates)",
    ]);
  });

  it("refuses wrong types: a gate that is not a mapping, numbers as text, availability of 0", () => {
    expect(validateConfig({ gate: ["maxAddedRoundTrips"] }).problems).toEqual([
      'gate: must be a mapping of limits (found ["maxAddedRoundTrips"])',
    ]);
    expect(validateConfig({ gate: { maxAddedRoundTrips: "2", minAvailability: 0 } }).problems).toEqual([
      'gate.maxAddedRoundTrips: must be a whole number of round trips, 0 or more (found "2")',
      "gate.minAvailability: must be a number above 0 and at most 1, e.g. 0.995 (found 0)",
    ]);
    expect(validateConfig({ gates: {} }).problems).toEqual([
      expect.stringMatching(/^gates: unknown option \(known: comment, .*\bgate\b/),
    ]);
  });
});

describe("the gate on a pull request", () => {
  it("fails the check when a compose change adds more round trips than allowed, and says so first", async () => {
    mock.installationToken(INSTALLATION_ID);
    mockGateRun("gate:\n  maxAddedRoundTrips: 2\n");

    const { completed, comment } = await deliver("gate-fail");

    expect(completed.conclusion).toBe("failure");
    expect(completed.output.title).toBe("Gate: +3 round trips on web (limit 2)");
    // The verdict's line comes first; the gate follows it, before the report.
    expect(completed.output.summary).toMatch(/^\*\*boxcutter:\*\* .*\*\*not justified\*\*.*\n\n### Gate\n/);
    expect(completed.output.summary).toMatch(
      /\n### Gate\n\n- \*\*Over the limit:\*\* \+3 round trips on `web` in the docker-compose project in `deploy\/`: 2 -> 5, limit \+2 \(`maxAddedRoundTrips`\)\n\nThe check fails: /,
    );
    // The usual report follows the gate section.
    expect(completed.output.summary).toContain("\n\n**Change** in the docker-compose project in `deploy/`: ");
    const body = comment.body as string;
    const lines = body.split("\n");
    const gate = lines.indexOf("### Gate");
    expect(lines[1]).toMatch(/^\*\*boxcutter:\*\* /);
    expect(gate).toBe(3);
    expect(lines.slice(gate, gate + 3)).toEqual([
      "### Gate",
      "",
      "- **Over the limit:** +3 round trips on `web` in the docker-compose project in `deploy/`: 2 -> 5, limit +2 (`maxAddedRoundTrips`)",
    ]);
    const marker = parseMarker(body);
    expect(marker?.fingerprint).toMatch(/^[0-9a-f]{16,}$/);
  });

  it("passes at the limit and keeps the report as it was", async () => {
    mock.installationToken(INSTALLATION_ID);
    mockGateRun("gate:\n  maxAddedRoundTrips: 3\n  maxAddedComponents: 3\n");

    const { completed, comment } = await deliver("gate-at-limit");

    // Only the verdict fails it: three components added with no trigger.
    expect(completed.output.title).toMatch(
      /^\+1 service, \+1 datastore, \+1 cache, \+3 round trips on web: not justified/,
    );
    expect(completed.output.summary).not.toContain("### Gate");
    expect(comment.body as string).toMatch(/\n\*\*boxcutter:\*\* /);
  });

  it("adds warning lines without failing for a new box to delete with `mergeCandidates: warn`", async () => {
    mock.installationToken(INSTALLATION_ID);
    mockGateRun("gate:\n  mergeCandidates: warn\n");

    const { completed } = await deliver("gate-warn");

    expect(completed.output.title).not.toMatch(/^Gate/);
    expect(completed.output.summary).toMatch(
      /\n### Gate\n\n- \*\*Warning:\*\* new box to delete in the docker-compose project in `deploy\/`: `auth` is called only by `web`/,
    );
    expect(completed.output.summary).toContain("Warnings only: these limits do not fail the check");
    // api was already called by web alone at base: not new, so not listed.
    expect((completed.output.summary as string).match(/new box to delete/g)).toHaveLength(1);
  });

  it("rewrites a comment whose architecture is the same when the gate's verdict changed", async () => {
    mock.installationToken(INSTALLATION_ID);
    mockGateRun("comment: update\n");
    const { comment: first } = await deliver("no-gate");
    const firstBody = first.body as string;

    mock.installationToken(INSTALLATION_ID);
    mockGateRun("gate:\n  maxAddedRoundTrips: 2\n", {
      comments: [{ id: 300, body: firstBody }],
      commentWrite: { update: 300 },
    });
    const { probot } = await createTestApp();
    await probot.receive(pullRequestDelivery("with-gate", "synchronize", { head: HEAD, base: BASE }));

    const [updated] = mock.bodiesOf("PATCH", /issues\/comments\/300$/) as Body[];
    expect(parseMarker(updated.body)?.fingerprint).not.toBe(parseMarker(firstBody)?.fingerprint);
    expect(updated.body as string).toContain("\n### Gate\n");
  });

  it("names every exceeded limit and counts the rest in the title", async () => {
    mock.installationToken(INSTALLATION_ID);
    mockGateRun("gate:\n  maxAddedRoundTrips: 1\n  maxAddedComponents: 2\n  minAvailability: 0.9965\n");

    const { completed } = await deliver("gate-many");

    expect(completed.conclusion).toBe("failure");
    expect(completed.output.title).toBe("Gate: +3 round trips on web (limit 1) and 2 more");
    const lines = (completed.output.summary as string).split("\n").filter((l) => l.startsWith("- "));
    expect(lines.slice(0, 3)).toEqual([
      "- **Over the limit:** +3 round trips on `web` in the docker-compose project in `deploy/`: 2 -> 5, limit +1 (`maxAddedRoundTrips`)",
      "- **Over the limit:** +3 components (3 in the docker-compose project in `deploy/`), limit 2 (`maxAddedComponents`)",
      // 0.999^2 at base (web, api); 0.999^5 at head (web, api, auth, db, cache).
      "- **Over the limit:** availability on `web` in the docker-compose project in `deploy/`: 99.80% -> 99.50%, minimum 99.65% (`minAvailability`)",
    ]);
  });

  it("ends neutral, naming the file and the limit, when a gate option is wrong", async () => {
    mock.installationToken(INSTALLATION_ID);
    mockAppRun(mock, appRun({ config: "gate:\n  minAvailability: 99.5\n" }));

    const { completed } = await deliver("gate-invalid");

    expect(completed.conclusion).toBe("neutral");
    expect(completed.output.title).toBe("Invalid boxcutter configuration");
    expect(completed.output.summary).toContain("Codertocat/Hello-World:.github/boxcutter.yml");
    expect(completed.output.summary).toContain(
      "- gate.minAvailability: must be a number above 0 and at most 1, e.g. 0.995 (found 99.5)",
    );
  });
});

describe("boxcutter pr with a gate", () => {
  function mockCli() {
    mockPull(mock, 12, HEAD, BASE);
    mockConfig(mock, "gate:\n  maxAddedRoundTrips: 2\n");
    mockFileFetch(mock, { base: BASE, head: HEAD, baseFiles: BASE_FILES, headFiles: HEAD_FILES });
  }

  it("prints the gate section before the report and still exits 0", async () => {
    mockCli();
    const io = fakeIo("/", { GITHUB_TOKEN: "ghp_test" });

    expect(await prCommand.run(["Codertocat/Hello-World#12"], io)).toBe(0);
    expect(io.out).toMatch(
      /^\*\*boxcutter:\*\* .*\n\n### Gate\n\n- \*\*Over the limit:\*\* \+3 round trips on `web`/,
    );
  });

  it("keeps JSON clean on stdout and prints the gate lines on stderr", async () => {
    mockCli();
    const io = fakeIo("/", { GITHUB_TOKEN: "ghp_test" });

    expect(await prCommand.run(["Codertocat/Hello-World#12", "--format", "json"], io)).toBe(0);
    // stdout is the report alone: web -> api grows to web -> {api, auth}, api -> {db, cache}.
    const report = JSON.parse(io.out) as { headline: string; systems: { id: string }[] };
    expect(report.headline).toBe("+3 components, +3 round trips on `web`, availability 99.80% -> 99.50%");
    expect(report.systems.map((system) => system.id)).toEqual(["compose:deploy"]);
    expect(io.err.split("\n")).toEqual([
      "+1 service, +1 datastore, +1 cache, +3 round trips on `web`: not justified by any of the four triggers; `auth` is called only by `web`: run it in-process",
      "gate failed: +3 round trips on web (limit 2) in the docker-compose project in deploy/",
      "",
    ]);
  });
});

describe("a pull request that edits the configuration", () => {
  it("is judged by the default branch's gate, not by the one it brings", async () => {
    mock.installationToken(INSTALLATION_ID);
    const relaxed = "gate:\n  maxAddedRoundTrips: 100\ncomment: off\n";
    mockGateRun("gate:\n  maxAddedRoundTrips: 2\n", {
      files: {
        baseFiles: BASE_FILES,
        headFiles: { ...HEAD_FILES, ".github/boxcutter.yml": relaxed },
      },
    });

    const { completed, comment } = await deliver("relax-own-gate");

    expect(completed.conclusion).toBe("failure");
    expect(completed.output.title).toBe("Gate: +3 round trips on web (limit 2)");
    expect(comment.body).toContain("limit +2");
    // The configuration is read without a ref: the default branch, whatever the pull request's head holds.
    const configReads = mock.requests.filter((request) => request.path.includes("boxcutter.yml"));
    expect(configReads.length).toBeGreaterThan(0);
    for (const read of configReads) expect(read.path).not.toMatch(/[?&]ref=/);
  });
});
