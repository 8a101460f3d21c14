import { describe, expect, it } from "vitest";
import { formatMarker } from "../../src/github/comment.js";
import { parseRecords } from "../../src/github/declaration-records.js";
import { useGitHubMock } from "./helpers/github-mock.js";
import { commentDelivery, INSTALLATION_ID, pullRequestDelivery, sha } from "./helpers/payloads.js";
import { createTestApp, type TestApp } from "./helpers/probot.js";
import {
  appRun,
  AUTHOR,
  BASE,
  CHECK,
  HEAD,
  mockAppRun,
  mockBlobs,
  mockCheckUpdates,
  mockCommentUpdate,
  mockComments,
  mockCompare,
  mockNoConfig,
  mockPermission,
  mockPull,
  mockReactions,
  mockTree,
  PR,
  type CommentFixture,
  type Files,
} from "./helpers/scenario.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are inspected as loose JSON */
type Body = any;

const mock = useGitHubMock();

const BASE_FILES: Files = {
  "docker-compose.yml":
    "services:\n  web:\n    image: nginx\n    ports: ['80:80']\n    depends_on: [api]\n  api:\n    image: acme/api\n",
};
const HEAD_FILES: Files = {
  "docker-compose.yml": `${BASE_FILES["docker-compose.yml"]}    depends_on: [db]\n  db:\n    image: postgres:16\n`,
};
const STICKY = 501;
const REVIEWER = "octo-reviewer";

function person(
  id: number,
  body: string,
  login = REVIEWER,
  at = "2026-12-03T08:00:00Z",
): CommentFixture & Body {
  return { id, body, user: { login, type: "User" }, created_at: at };
}

function lastCheck(id = CHECK): Body {
  const updates = mock.bodiesOf("PATCH", new RegExp(`check-runs/${id}$`)) as Body[];
  return updates[updates.length - 1];
}

function lastStickyBody(): string {
  const writes = [
    ...(mock.bodiesOf("POST", /issues\/7\/comments$/) as Body[]),
    ...(mock.bodiesOf("PATCH", new RegExp(`issues/comments/${STICKY}$`)) as Body[]),
  ];
  return writes[writes.length - 1].body;
}

/** The pull request opens with a datastore nobody justified: the check fails and the comment says so. */
async function openUnjustified(): Promise<TestApp> {
  const app = await createTestApp();
  mock.installationToken(INSTALLATION_ID);
  mockAppRun(
    mock,
    appRun({ files: { baseFiles: BASE_FILES, headFiles: HEAD_FILES }, comments: [], commentWrite: "create" }),
  );
  await app.probot.receive(pullRequestDelivery("open", "opened", { head: HEAD, base: BASE }));
  return app;
}

const readConfig = new WeakSet<TestApp>();

/**
 * A command comment that changes the check: the app reads the role, the head, then analyses the same head again
 * with everything cached but the comparison, reading `thread` as the pull request's comments.
 */
async function command(
  app: TestApp,
  id: number,
  body: string,
  thread: CommentFixture[],
  role = "write",
  description?: string,
) {
  // Comments read the configuration (for the prefix) once a minute per repository: only the first one here.
  if (!readConfig.has(app)) mockNoConfig(mock);
  readConfig.add(app);
  mockReactions(mock, id, 2);
  mockPermission(mock, REVIEWER, role);
  if (role === "write") {
    mockPull(mock, PR, HEAD, BASE);
    mockPull(mock, PR, HEAD, BASE);
    mockNoConfig(mock);
    mockCompare(mock, BASE, HEAD, ["docker-compose.yml"]);
    mockComments(mock, PR, thread);
    // Read once more before writing: a push during the analysis would supersede it.
    mockPull(mock, PR, HEAD, BASE);
    mockCommentUpdate(mock, STICKY);
    mockCheckUpdates(mock, CHECK);
  } else {
    mock.api.post(`/repos/Codertocat/Hello-World/issues/${PR}/comments`).reply(201, { id: 900 });
  }
  const delivery = commentDelivery(`comment-${id}`, { id, body });
  if (description !== undefined) delivery.payload.issue.body = description;
  await app.probot.receive(delivery);
}

/** A sticky comment from an earlier report, so the analysis a command starts rewrites it. */
const EARLIER_REPORT = `${formatMarker({ head: BASE, at: "2026-12-03T07:00:00.000Z", fingerprint: "0".repeat(16) })}\nearlier report`;

const JUSTIFY = "/boxcutter justify working-set the catalogue outgrew one machine's memory";

describe("justify and unjustify", () => {
  it("fails the gate, passes it after justify, and fails it again after unjustify", async () => {
    const app = await openUnjustified();
    expect(lastCheck().conclusion).toBe("failure");
    expect(lastCheck().output.title).toBe(
      "+1 datastore, +1 round trip on web: not justified by any of the four triggers",
    );

    const justify = person(4402, JUSTIFY);
    await command(app, 4402, JUSTIFY, [person(STICKY, lastStickyBody(), "boxcutter[bot]"), justify].map(bot));
    expect(lastCheck().conclusion).toBe("success");
    const justified = lastStickyBody();
    expect(justified).toContain("**justified: working-set**");
    expect(justified).toContain(
      "- **working-set**: the catalogue outgrew one machine's memory (declared by octo-reviewer in a comment on 2026-12-03 08:00 UTC at `",
    );
    expect(parseRecords(justified)).toEqual([
      { key: "comment-4402-1", head: HEAD, covers: ["compose:.\u0000db"] },
    ]);
    expect((mock.bodiesOf("POST", /reactions$/) as Body[]).map((b) => b.content)).toEqual(["eyes", "+1"]);

    const unjustify = person(4403, "/boxcutter unjustify", REVIEWER, "2026-12-03T08:05:00Z");
    await command(
      app,
      4403,
      "/boxcutter unjustify",
      [person(STICKY, justified, "boxcutter[bot]"), justify, unjustify].map(bot),
    );
    expect(lastCheck().conclusion).toBe("failure");
    expect(lastStickyBody()).toContain("**not justified**");
    expect(parseRecords(lastStickyBody())).toEqual([]);
  });

  /** `unjustify` on a pull request whose description is `description`, after an earlier report. */
  async function unjustifyWith(description: string, reply: boolean): Promise<void> {
    const app = await openUnjustified();
    if (reply) mock.api.post(`/repos/Codertocat/Hello-World/issues/${PR}/comments`).reply(201, { id: 901 });
    const thread = [person(STICKY, EARLIER_REPORT, "boxcutter[bot]"), person(4404, "/boxcutter unjustify")];
    await command(app, 4404, "/boxcutter unjustify", thread.map(bot), "write", description);
  }

  it("says how to withdraw what the description declares, which unjustify leaves as it is", async () => {
    await unjustifyWith(
      "Splits the catalogue.\n\nboxcutter: working-set the catalogue outgrew one machine's memory",
      true,
    );

    const [reply] = mock.bodiesOf("POST", /issues\/7\/comments$/).slice(1) as Body[];
    expect(reply.body).toContain("Withdrawn: the justifications given by comment.");
    expect(reply.body).toContain("The pull request's description also declares `working-set`");
    expect(reply.body).toContain("remove `boxcutter: working-set ...` from the description");
  });

  it("answers unjustify in the sticky comment alone when the description declares nothing", async () => {
    await unjustifyWith("Splits the catalogue.", false);
    expect(mock.bodiesOf("POST", /issues\/7\/comments$/)).toHaveLength(1);
    expect(lastStickyBody()).toContain("**not justified**");
  });

  it("refuses justify to a read-only user: a polite reply, and the gate does not move", async () => {
    const app = await openUnjustified();
    await command(app, 4402, JUSTIFY, [], "read");

    const [reply] = mock.bodiesOf("POST", /issues\/7\/comments$/).slice(1) as Body[];
    expect(reply.body).toContain("Sorry @octo-reviewer, `justify` needs write permission");
    expect(mock.bodiesOf("PATCH", new RegExp(`check-runs/${CHECK}$`))).toHaveLength(1);
    expect(lastCheck().conclusion).toBe("failure");
  });

  it("keeps the justification through a rebase that leaves the infrastructure blobs as they were", async () => {
    const app = await openUnjustified();
    const justify = person(4402, JUSTIFY);
    await command(app, 4402, JUSTIFY, [person(STICKY, lastStickyBody(), "boxcutter[bot]"), justify].map(bot));
    const justified = lastStickyBody();

    // Rebased onto a newer main: new commits, the same docker-compose.yml blobs on both sides.
    const base2 = sha("base2");
    const head2 = sha("head2");
    mockPull(mock, PR, head2, base2);
    mock.api.post("/repos/Codertocat/Hello-World/check-runs").reply(201, { id: 95 });
    mockNoConfig(mock);
    mockCompare(mock, base2, head2, ["docker-compose.yml", "src/app.ts"]);
    mockTree(mock, base2, BASE_FILES);
    mockTree(mock, head2, HEAD_FILES);
    mockComments(mock, PR, [person(STICKY, justified, "boxcutter[bot]"), justify].map(bot));
    // A new delivery asks the justifier's role again: it counts only while they still have it.
    mockPermission(mock, REVIEWER, "write");
    mockPull(mock, PR, head2, base2);
    mockCheckUpdates(mock, 95);
    await app.probot.receive(pullRequestDelivery("rebase", "synchronize", { head: head2, base: base2 }));

    // No new comment, no edit: the same verdict and justification; the new head's check passes at once.
    expect(mock.bodiesOf("PATCH", new RegExp(`issues/comments/${STICKY}$`))).toHaveLength(1);
    expect(mock.bodiesOf("POST", /issues\/7\/comments$/)).toHaveLength(1);
    expect(lastCheck(95).conclusion).toBe("success");
    expect(mock.calls().filter((call) => call === "POST /graphql")).toHaveLength(1);
  });

  it("says which additions of a later push the standing justification does not cover", async () => {
    const app = await openUnjustified();
    const justify = person(4402, JUSTIFY);
    await command(app, 4402, JUSTIFY, [person(STICKY, lastStickyBody(), "boxcutter[bot]"), justify].map(bot));
    const justified = lastStickyBody();

    const head3 = sha("head3");
    const withCache: Files = {
      "docker-compose.yml": `${HEAD_FILES["docker-compose.yml"]}  cache:\n    image: redis:7\n`,
    };
    mockPull(mock, PR, head3, BASE);
    mock.api.post("/repos/Codertocat/Hello-World/check-runs").reply(201, { id: 96 });
    mockNoConfig(mock);
    mockCompare(mock, BASE, head3, ["docker-compose.yml"]);
    mockTree(mock, head3, withCache);
    mockBlobs(mock, [withCache]);
    mockComments(mock, PR, [person(STICKY, justified, "boxcutter[bot]"), justify].map(bot));
    mockPermission(mock, REVIEWER, "maintain");
    mockPull(mock, PR, head3, BASE);
    mockCommentUpdate(mock, STICKY);
    mockCheckUpdates(mock, 96);
    await app.probot.receive(pullRequestDelivery("push-cache", "synchronize", { head: head3, base: BASE }));

    // cache stands alone (nothing calls it), so only db is on a path; the justification still covers db only.
    const check = lastCheck(96);
    expect(check.conclusion).toBe("failure");
    expect(check.output.title).toContain("cache came after the justification given at");
    expect(lastStickyBody()).toContain(
      "**Not covered by the standing justification** (added after it was given): `cache`.",
    );
    expect(parseRecords(lastStickyBody())).toEqual([
      { key: "comment-4402-1", head: HEAD, covers: ["compose:.\u0000db"] },
    ]);
  });

  it("refuses the author's own justification with `justify.allowAuthor: false`", async () => {
    const app = await createTestApp();
    mock.installationToken(INSTALLATION_ID);
    mock.api
      .get(/\/repos\/Codertocat\/Hello-World\/contents\/\.github(%2F|\/)boxcutter\.yml/)
      .reply(200, "justify:\n  allowAuthor: false\n", {
        "content-type": "application/vnd.github.raw; charset=utf-8",
      });
    mockReactions(mock, 4410, 2);
    mockPermission(mock, AUTHOR, "admin");
    mock.api.post(`/repos/Codertocat/Hello-World/issues/${PR}/comments`).reply(201, { id: 901 });
    await app.probot.receive(commentDelivery("own", { id: 4410, body: JUSTIFY, login: AUTHOR }));

    const [reply] = mock.bodiesOf("POST", /issues\/7\/comments$/) as Body[];
    expect(reply.body).toContain("the author of a pull request cannot justify it here");
    expect(mock.calls().some((call) => call.includes("check-runs"))).toBe(false);
  });
});

/** The app's own comments come from a bot account; the fixtures default to that only when no user is given. */
function bot(comment: Body): Body {
  return comment.user?.login === "boxcutter[bot]"
    ? { ...comment, user: { login: "boxcutter[bot]", type: "Bot" } }
    : comment;
}
