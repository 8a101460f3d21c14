import { describe, expect, it } from "vitest";
import { formatMarker } from "../../src/github/comment.js";
import { useGitHubMock } from "./helpers/github-mock.js";
import { INSTALLATION_ID, pullRequestDelivery } from "./helpers/payloads.js";
import { createTestApp } from "./helpers/probot.js";
import {
  appRun,
  BASE,
  CHECK,
  HEAD,
  mockAppRun,
  PR,
  repoPath,
  type CommentFixture,
  type Files,
} from "./helpers/scenario.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are inspected as loose JSON */
type Body = any;

const mock = useGitHubMock();
const OLD = 300;

const BASE_FILES: Files = { "compose.yaml": "services:\n  web:\n    image: nginx\n    ports: ['80:80']\n" };
const HEAD_FILES: Files = {
  "compose.yaml": `${BASE_FILES["compose.yaml"]}    depends_on: [db]\n  db:\n    image: postgres:16\n`,
};

/** The comment an earlier run posted for an earlier report. */
const EARLIER: CommentFixture = {
  id: OLD,
  node_id: "IC_kwDOold300",
  body: `${formatMarker({ head: BASE, at: "2026-01-01T00:00:00.000Z", fingerprint: "0".repeat(16) })}\nearlier report`,
};

async function deliver(mode: string, headFiles: Files = HEAD_FILES) {
  const { probot } = await createTestApp();
  mock.installationToken(INSTALLATION_ID);
  return {
    probot,
    run: appRun({ config: `comment: ${mode}\n`, files: { baseFiles: BASE_FILES, headFiles } }),
  };
}

function writes(): string[] {
  return mock.calls().filter((call) => /comments|graphql/.test(call) && !call.startsWith("GET"));
}

describe("comment modes", () => {
  it("update: edits the comment in place", async () => {
    const { probot, run } = await deliver("update");
    mockAppRun(mock, { ...run, comments: [EARLIER], commentWrite: { update: OLD } });
    await probot.receive(pullRequestDelivery("m-update", "synchronize", { head: HEAD, base: BASE }));

    // The blob query is the only GraphQL request.
    expect(writes()).toEqual(["POST /graphql", `PATCH ${repoPath}/issues/comments/${OLD}`]);
  });

  it("hide-and-new: posts the new report, then hides the old one as outdated", async () => {
    const { probot, run } = await deliver("hide-and-new");
    mockAppRun(mock, { ...run, comments: [EARLIER], commentWrite: "create" });
    mock.api
      .post("/graphql")
      .reply(200, { data: { minimizeComment: { minimizedComment: { isMinimized: true } } } });
    await probot.receive(pullRequestDelivery("m-hide", "synchronize", { head: HEAD, base: BASE }));

    expect(writes()).toEqual(["POST /graphql", `POST ${repoPath}/issues/${PR}/comments`, "POST /graphql"]);
    const minimize = (mock.bodiesOf("POST", /graphql/) as Body[])[1];
    expect(minimize.query).toContain("minimizeComment(input: { subjectId: $id, classifier: OUTDATED })");
    expect(minimize.variables).toEqual({ id: "IC_kwDOold300" });
  });

  it("hide-and-new: a later run finds the newest comment, not the hidden one above it", async () => {
    const { probot, run } = await deliver("hide-and-new");
    const newer = {
      ...EARLIER,
      id: 301,
      node_id: "IC_kwDOnew301",
      body: EARLIER.body.replace("earlier", "newer"),
    };
    mockAppRun(mock, { ...run, comments: [EARLIER, newer], commentWrite: "create" });
    mock.api
      .post("/graphql")
      .reply(200, { data: { minimizeComment: { minimizedComment: { isMinimized: true } } } });
    await probot.receive(pullRequestDelivery("m-hide-2", "synchronize", { head: HEAD, base: BASE }));

    expect((mock.bodiesOf("POST", /graphql/) as Body[])[1].variables).toEqual({ id: "IC_kwDOnew301" });
  });

  it("delete-and-new: posts the new report, then deletes the old one", async () => {
    const { probot, run } = await deliver("delete-and-new");
    mockAppRun(mock, { ...run, comments: [EARLIER], commentWrite: "create" });
    mock.api.delete(`${repoPath}/issues/comments/${OLD}`).reply(204);
    await probot.receive(pullRequestDelivery("m-delete", "synchronize", { head: HEAD, base: BASE }));

    expect(writes()).toEqual([
      "POST /graphql",
      `POST ${repoPath}/issues/${PR}/comments`,
      `DELETE ${repoPath}/issues/comments/${OLD}`,
    ]);
  });

  it("delete-and-new: an old comment someone deleted first is no failure", async () => {
    const { probot, run } = await deliver("delete-and-new");
    mockAppRun(mock, { ...run, comments: [EARLIER], commentWrite: "create" });
    mock.api.delete(`${repoPath}/issues/comments/${OLD}`).reply(404, { message: "Not Found" });
    await probot.receive(pullRequestDelivery("m-deleted", "synchronize", { head: HEAD, base: BASE }));

    const [completed] = mock.bodiesOf("PATCH", new RegExp(`check-runs/${CHECK}`)) as Body[];
    expect(completed.status).toBe("completed");
    expect(completed.output.summary).not.toContain("comment could not be written");
  });

  it("off: writes no comment (it reads them, for justifications); the check still reports", async () => {
    const { probot, run } = await deliver("off");
    mockAppRun(mock, { ...run, comments: [EARLIER] });
    await probot.receive(pullRequestDelivery("m-off", "synchronize", { head: HEAD, base: BASE }));

    expect(writes()).toEqual(["POST /graphql"]);
    const [completed] = mock.bodiesOf("PATCH", new RegExp(`check-runs/${CHECK}`)) as Body[];
    expect(completed.output.title).toMatch(/^\+1 datastore/);
  });

  it.each(["update", "hide-and-new", "delete-and-new"])(
    "%s: starts no comment while nothing architectural changed",
    async (mode) => {
      const { probot, run } = await deliver(mode, {
        "compose.yaml": `# the same stack\n${BASE_FILES["compose.yaml"]}`,
      });
      mockAppRun(mock, { ...run, comments: [] });
      await probot.receive(pullRequestDelivery(`m-quiet-${mode}`, "synchronize", { head: HEAD, base: BASE }));

      expect(writes()).toEqual(["POST /graphql"]);
      expect(mock.bodiesOf("PATCH", /check-runs/)).toHaveLength(1);
    },
  );

  it("posts the first comment the same way in every mode", async () => {
    const { probot, run } = await deliver("delete-and-new");
    mockAppRun(mock, { ...run, comments: [], commentWrite: "create" });
    await probot.receive(pullRequestDelivery("m-first", "opened", { head: HEAD, base: BASE }));
    expect(writes()).toEqual(["POST /graphql", `POST ${repoPath}/issues/${PR}/comments`]);
  });
});
