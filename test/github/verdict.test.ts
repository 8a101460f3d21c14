import { rm } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { runCli, tempDir, writeFiles } from "../helpers.js";
import { useGitHubMock } from "./helpers/github-mock.js";
import { INSTALLATION_ID, pullRequestDelivery } from "./helpers/payloads.js";
import { createTestApp } from "./helpers/probot.js";
import {
  firstRun,
  AUTHOR,
  BASE,
  HEAD,
  mockAppRun,
  mockPermission,
  type AppRun,
  type Files,
} from "./helpers/scenario.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are inspected as loose JSON */
type Body = any;

// Base: web -> users. Head: users calls a new `profile` service on every request: a split with no trigger.
const BASE_FILES: Files = {
  "compose.yaml": [
    "services:",
    "  web:",
    "    image: acme/web",
    "    ports: ['80:80']",
    "    depends_on: [users]",
    "  users:",
    "    image: acme/users",
    "",
  ].join("\n"),
};
const HEAD_FILES: Files = {
  "compose.yaml": [
    "services:",
    "  web:",
    "    image: acme/web",
    "    ports: ['80:80']",
    "    depends_on: [users]",
    "  users:",
    "    image: acme/users",
    "    depends_on: [profile]",
    "  profile:",
    "    image: acme/profile",
    "",
  ].join("\n"),
};

const DECLARED = [
  "Moves profiles out of the users service.",
  "",
  "boxcutter: independent-deploys the identity team ships profile on its own weekly cadence",
].join("\n");

const mock = useGitHubMock();

function mockSplit(overrides: Partial<AppRun> = {}): void {
  mock.installationToken(INSTALLATION_ID);
  mockAppRun(mock, firstRun({ baseFiles: BASE_FILES, headFiles: HEAD_FILES }, overrides));
}

async function deliver(id: string): Promise<{ completed: Body; comment: Body }> {
  const { probot } = await createTestApp();
  await probot.receive(pullRequestDelivery(id, "opened", { head: HEAD, base: BASE }));
  const [completed] = mock.bodiesOf("PATCH", /check-runs/) as Body[];
  const [comment] = mock.bodiesOf("POST", /issues\/7\/comments$/) as Body[];
  return { completed, comment };
}

describe("the verdict on GitHub", () => {
  it("fails the check on a split no trigger justifies, and says so first", async () => {
    mockSplit();

    const { completed, comment } = await deliver("unjustified");

    expect(completed.conclusion).toBe("failure");
    expect(completed.output.title).toBe(
      "+1 service, +1 round trip on web: not justified by any of the four triggers; profile is called only by users: run it in-process",
    );
    expect(comment.body).toContain("not justified");
    // The comment shows what each trigger was weighed on, not only the answer.
    expect(comment.body).toMatch(/\| Trigger \| Status \| Weighed \| Facts \|/);
    expect(comment.body).toMatch(/\| compute \| unknown \| no CPU or GPU request for `profile`/);
  });

  it("posts the report `boxcutter diff` prints for the same files, with file:line linked", async () => {
    mockSplit();
    const { comment } = await deliver("same-as-cli");

    const root = await tempDir("verdict-cli");
    try {
      await writeFiles(root, {
        "base/compose.yaml": BASE_FILES["compose.yaml"]!,
        "head/compose.yaml": HEAD_FILES["compose.yaml"]!,
      });
      const cli = await runCli(root, "diff", "base", "head");
      const posted = (comment.body as string)
        .replace(/^<!-- boxcutter:report [^\n]*\n/, "")
        .replace(
          /\[([^\]]+)\]\(https:\/\/github\.com\/Codertocat\/Hello-World\/blob\/[0-9a-f]{40}\/[^)]*\)/g,
          "$1",
        );
      expect(posted).toBe(cli.out);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it("passes the same change with a declaration in the body by an author who may justify", async () => {
    mockSplit({ pullBody: DECLARED });
    mockPermission(mock, AUTHOR, "write");

    const { completed, comment } = await deliver("declared");

    expect(completed.conclusion).toBe("success");
    expect(completed.output.summary).toContain("justified: independent-deploys");
    expect(comment.body).toContain("the identity team ships profile on its own weekly cadence");
  });

  it("does not count a declaration by an author without the configured role", async () => {
    mockSplit({ pullBody: DECLARED });
    mockPermission(mock, AUTHOR, "read");

    const { completed } = await deliver("read-only");

    expect(completed.conclusion).toBe("failure");
    expect(completed.output.title).toContain("not justified");
  });

  it("says plainly, with comments off, that a justification covers whatever stands at each head", async () => {
    mockSplit({ pullBody: DECLARED, config: "comment: off\n", commentWrite: undefined });
    mockPermission(mock, AUTHOR, "write");

    const { completed, comment } = await deliver("declared-off");

    expect(comment).toBeUndefined();
    expect(completed.conclusion).toBe("success");
    expect(completed.output.summary).toContain(
      "With `comment: off` boxcutter keeps no record of what a justification covered when it was given",
    );
  });

  it("does not mention the record when nothing is justified or the comment keeps it", async () => {
    mockSplit({ config: "comment: off\n", commentWrite: undefined });
    const off = await deliver("unjustified-off");
    expect(off.completed.output.summary).not.toContain("keeps no record");

    mockSplit({ pullBody: DECLARED });
    mockPermission(mock, AUTHOR, "write");
    const on = await deliver("declared-on");
    expect(on.completed.output.summary).not.toContain("keeps no record");
  });

  it("reports an unjustified change as neutral in advisory mode", async () => {
    mockSplit({ config: "verdict:\n  unjustified: warn\n" });

    const { completed } = await deliver("advisory");

    expect(completed.conclusion).toBe("neutral");
    expect(completed.output.summary).toContain("not justified");
  });
});
