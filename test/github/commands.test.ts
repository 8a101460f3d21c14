import { describe, expect, it } from "vitest";
import { useGitHubMock } from "./helpers/github-mock.js";
import { commentDelivery, INSTALLATION_ID } from "./helpers/payloads.js";
import { createTestApp } from "./helpers/probot.js";
import {
  appRun,
  BASE,
  HEAD,
  mockAppRun,
  mockBlobs,
  mockCommentCreate,
  mockConfig,
  mockNoConfig,
  mockPermission,
  mockPull,
  mockReactions,
  mockTree,
  PR,
  repoPath,
  type Files,
} from "./helpers/scenario.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are inspected as loose JSON */
type Body = any;

const mock = useGitHubMock();

const FILES: Files = {
  "compose.yaml": [
    "services:",
    "  web:",
    "    image: nginx",
    "    ports: ['80:80']",
    "    depends_on: [api]",
    "  api:",
    "    image: acme/api",
    "    depends_on: [profile, db]",
    "  profile:",
    "    image: acme/profile",
    "    depends_on: [db]",
    "  db:",
    "    image: postgres:16",
    "",
  ].join("\n"),
};

const COMMENT = 4401;

/** Answers for a comment's commands: config, the `eyes` and final reactions, and the reply. */
function mockExchange(options: { reply?: boolean; config?: string } = {}) {
  if (options.config === undefined) mockNoConfig(mock);
  else mockConfig(mock, options.config);
  mockReactions(mock, COMMENT, 2);
  if (options.reply ?? true) mockCommentCreate(mock, PR);
}

/** What answering about the head reads: the pull request, its tree and the blobs. */
function mockHeadRead() {
  mockPull(mock, PR, HEAD, BASE);
  mockTree(mock, HEAD, FILES);
  mockBlobs(mock, [FILES]);
}

function reply(): string {
  const [posted] = mock.bodiesOf("POST", /issues\/7\/comments$/) as Body[];
  return posted.body;
}

function reactions(): string[] {
  return (mock.bodiesOf("POST", /reactions$/) as Body[]).map((body) => body.content);
}

type Delivery = ReturnType<typeof commentDelivery>;

async function receive(...deliveries: Delivery[]) {
  mock.installationToken(INSTALLATION_ID);
  await receiveWithoutToken(...deliveries);
}

/** For deliveries the app must not act on: it does not even ask for an installation token. */
async function receiveWithoutToken(...deliveries: Delivery[]) {
  const { probot } = await createTestApp();
  for (const delivery of deliveries) await probot.receive(delivery);
}

describe("commands in pull request comments", () => {
  it("answers help with the list of commands, under the configured prefix", async () => {
    mockExchange({ config: "commands:\n  prefix: /arch\n  permission: maintain\n" });
    await receive(commentDelivery("c-help", { body: "Thanks!\n/ARCH Help\n" }));

    expect(reactions()).toEqual(["eyes", "+1"]);
    expect(reply()).toContain("`/arch what-if merge <a> into <b>`");
    expect(reply()).toContain("need maintain permission");
  });

  it("explains a component at the head: callers with evidence, and the request paths through it", async () => {
    mockExchange();
    mockHeadRead();
    await receive(commentDelivery("c-explain", { body: "/boxcutter explain profile" }));

    expect(reply()).toMatch(/^At `[0-9a-f]{7}`:/);
    expect(reply()).toContain("### `profile`: service in the docker-compose project at the repository root");
    expect(reply()).toContain("| `api` | sync | compose/depends-on at compose.yaml:8");
    expect(reply()).toContain("A box to delete? `profile` is called only by `api`");
    expect(reactions()).toEqual(["eyes", "+1"]);
    expect(mock.calls()).toContain(`GET ${repoPath}/git/trees/${HEAD}`);
  });

  it("answers what-if merge and delete in one reply, reading the head once", async () => {
    mockExchange();
    mockHeadRead();
    await receive(
      commentDelivery("c-what-if", {
        body: "/boxcutter what-if merge profile into api\n/boxcutter what-if delete profile",
      }),
    );

    const text = reply();
    expect(text).toContain("`/boxcutter what-if merge profile into api`");
    // web -> api -> profile -> db, api -> db and the client's call: 5 round trips; 3 with profile inside api.
    expect(text).toContain("| `web` | 5 -> 3 (-2) |");
    expect(text).toContain("### If `profile` were deleted");
    expect(text).toContain("1 of 1 entry point loses something");
    expect(reactions()).toEqual(["eyes", "+1"]);
  });

  it("refuses a merge that makes no sense, and names the closest components for a typo", async () => {
    mockExchange();
    mockHeadRead();
    await receive(
      commentDelivery("c-refused", {
        body: "/boxcutter what-if merge db into api\n/boxcutter explain profil",
      }),
    );

    expect(reply()).toContain("`db` in the docker-compose project at the repository root is a datastore");
    expect(reply()).toContain("No component named `profil` at this head. Closest: `profile`.");
    expect(reactions()).toEqual(["eyes", "confused"]);
  });

  it("answers an unknown command or bad arguments with the reason and the help", async () => {
    mockExchange();
    await receive(
      commentDelivery("c-unknown", { body: "/boxcutter expain profile\n/boxcutter what-if merge a b" }),
    );

    expect(reply()).toContain("unknown command `expain`; did you mean `explain`?");
    expect(reply()).toContain("write `what-if merge <a> into <b>`");
    expect(reply()).toContain("**boxcutter commands**");
    expect(reactions()).toEqual(["eyes", "confused"]);
  });

  it("refuses recheck to a read-only user politely, and runs nothing", async () => {
    mockExchange();
    mockPermission(mock, "octo-reader", "read");
    await receive(commentDelivery("c-reader", { body: "/boxcutter recheck", login: "octo-reader" }));

    expect(reply()).toContain(
      "Sorry @octo-reader, `recheck` needs write permission on this repository and you have read access",
    );
    expect(reactions()).toEqual(["eyes", "confused"]);
    expect(mock.calls().some((call) => call.includes("check-runs"))).toBe(false);
  });

  it("re-checks the head for a user with write permission, without a reply", async () => {
    mockNoConfig(mock);
    mockReactions(mock, COMMENT, 2);
    mockPermission(mock, "octo-reviewer", "write");
    mockPull(mock, PR, HEAD, BASE);
    mockAppRun(mock, appRun({ changed: ["README.md"] }));
    await receive(commentDelivery("c-recheck", { body: "/boxcutter recheck" }));

    expect(reactions()).toEqual(["eyes", "+1"]);
    const [completed] = mock.bodiesOf("PATCH", /check-runs/) as Body[];
    expect(completed.output.title).toBe("No architecture change");
    expect(mock.bodiesOf("POST", /issues\/7\/comments$/)).toEqual([]);
  });

  it.each([
    [
      "a bot, the app itself included",
      commentDelivery("c-bot", { body: "/boxcutter help", login: "boxcutter[bot]", type: "Bot" }),
    ],
    ["an edit", commentDelivery("c-edit", { body: "/boxcutter help" }, "edited")],
    ["a deletion", commentDelivery("c-delete", { body: "/boxcutter help" }, "deleted")],
    ["a comment on an issue", commentDelivery("c-issue", { body: "/boxcutter help" }, "created", true)],
  ])("ignores %s: not one request", async (_what, delivery) => {
    await receiveWithoutToken(delivery);
    expect(mock.requests).toEqual([]);
  });

  it("ignores commands in code blocks, quotes and inline code", async () => {
    mockNoConfig(mock);
    const body = [
      "To ask, write:",
      "```",
      "/boxcutter recheck",
      "```",
      "> /boxcutter recheck please",
      "    /boxcutter help",
      "`/boxcutter help` and <!-- /boxcutter recheck -->",
      "<!--",
      "/boxcutter recheck",
      "-->",
    ].join("\n");
    await receive(commentDelivery("c-code", { body }));
    expect(mock.calls().filter((call) => !call.includes("boxcutter.yml"))).toEqual([]);
  });

  it("answers the same delivery once", async () => {
    mockExchange();
    const delivery = commentDelivery("c-twice", { body: "/boxcutter help" });
    await receive(delivery, delivery);
    expect(reactions()).toEqual(["eyes", "+1"]);
  });

  it("replies why when GitHub cannot give the head's files, instead of leaving the comment unanswered", async () => {
    mockExchange();
    mockPull(mock, PR, HEAD, BASE);
    mock.api.get(`${repoPath}/git/trees/${HEAD}`).query(true).reply(502, { message: "Bad Gateway" });
    await receive(commentDelivery("c-down", { body: "/boxcutter explain db" }));

    expect(reply()).toContain("The head could not be analysed: GitHub answered 502");
    expect(reply()).toContain("ask again to retry");
    expect(reactions()).toEqual(["eyes", "confused"]);
  });

  it("replies why when building the head's graphs fails, redacted and on one line", async () => {
    mockExchange();
    mockPull(mock, PR, HEAD, BASE);
    mock.installationToken(INSTALLATION_ID);
    const failing = () =>
      Promise.reject(new Error("cannot read https://deploy:hunter2@git.example/x\n    at *boom*"));
    const { probot } = await createTestApp({ state: { graphBuilder: failing } });
    mockTree(mock, HEAD, FILES);
    mockBlobs(mock, [FILES]);
    await probot.receive(commentDelivery("c-fails", { body: "/boxcutter what-if delete db" }));

    expect(reply()).toContain("The head could not be analysed: cannot read https://deploy:");
    expect(reply()).toContain("\\*boom\\*");
    expect(reply()).not.toContain("hunter2");
    expect(reply()).not.toMatch(/\n\s+at /);
    expect(reactions()).toEqual(["eyes", "confused"]);
  });
});
