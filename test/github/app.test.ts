import { describe, expect, it } from "vitest";
import { parseMarker } from "../../src/github/comment.js";
import { useGitHubMock } from "./helpers/github-mock.js";
import {
  checkRunRerequested,
  example,
  INSTALLATION_ID,
  pullRequestDelivery,
  sha,
} from "./helpers/payloads.js";
import { createTestApp } from "./helpers/probot.js";
import {
  appRun,
  BASE,
  CHECK,
  HEAD,
  mockAppRun,
  mockPull,
  PR,
  repoPath,
  type AppRun,
  type Files,
} from "./helpers/scenario.js";

const BASE_FILES: Files = {
  "README.md": "# shop\n",
  "docker-compose.yml": [
    "services:",
    "  web:",
    "    image: nginx",
    "    ports: ['80:80']",
    "    depends_on: [api]",
    "  api:",
    "    image: acme/api",
    "",
  ].join("\n"),
};
const HEAD_FILES: Files = {
  ...BASE_FILES,
  "docker-compose.yml":
    BASE_FILES["docker-compose.yml"] + "    depends_on: [db]\n  db:\n    image: postgres:16\n",
};

/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are inspected as loose JSON */
type Body = any;

const mock = useGitHubMock();

/** A run that stops before reading any file or comment. */
const EARLY_STOP: Partial<AppRun> = { files: undefined, comments: undefined, commentWrite: undefined };

/** By default a compose change on a pull request without a comment yet. */
function mockComposeChange(overrides: Partial<AppRun> = {}) {
  const files = { baseFiles: BASE_FILES, headFiles: HEAD_FILES };
  mockAppRun(mock, appRun({ files, comments: [], commentWrite: "create", ...overrides }));
}

describe("the GitHub App on pull requests", () => {
  it("reports success and posts no comment when no infrastructure file changed", async () => {
    const { probot } = await createTestApp();
    mock.installationToken(INSTALLATION_ID);
    mockComposeChange({ ...EARLY_STOP, changed: ["README.md", "src/app.ts"] });

    await probot.receive(pullRequestDelivery("d-1", "opened", { head: HEAD, base: BASE }));

    expect(mock.calls()).toEqual([
      `GET ${repoPath}/pulls/${PR}`,
      `POST ${repoPath}/check-runs`,
      `GET ${repoPath}/contents/.github%2Fboxcutter.yml`,
      `GET /repos/Codertocat/.github/contents/.github%2Fboxcutter.yml`,
      `GET ${repoPath}/compare/${BASE}...${HEAD}`,
      `PATCH ${repoPath}/check-runs/${CHECK}`,
    ]);
    expect(mock.requests).toHaveLength(7);
    const [created] = mock.bodiesOf("POST", /check-runs$/) as Body[];
    expect(created).toMatchObject({ name: "boxcutter", head_sha: HEAD, status: "in_progress" });
    const [completed] = mock.bodiesOf("PATCH", /check-runs/) as Body[];
    expect(completed.conclusion).toBe("success");
    expect(completed.output.title).toBe("No architecture change");
  });

  it("analyses a compose change: one sticky comment and a completed check with annotations", async () => {
    const { probot } = await createTestApp();
    mock.installationToken(INSTALLATION_ID);
    mockComposeChange();

    await probot.receive(pullRequestDelivery("d-2", "synchronize", { head: HEAD, base: BASE }));

    const [comment] = mock.bodiesOf("POST", /issues\/7\/comments$/) as Body[];
    const marker = parseMarker(comment.body);
    expect(marker?.head).toBe(HEAD);
    expect(marker?.fingerprint).toMatch(/^[0-9a-f]{16,}$/);
    expect(comment.body).toContain("+1 round trip on `web`");
    expect(comment.body).toContain("`db`");
    // file:line opens the file at the head the report was made for.
    expect(comment.body).toContain(
      `| \`db\` | datastore | [docker-compose.yml:9](https://github.com/Codertocat/Hello-World/blob/${HEAD}/docker-compose.yml#L9) |`,
    );

    // A datastore added with no trigger met or declared: the verdict fails the check and is its title.
    const [completed] = mock.bodiesOf("PATCH", /check-runs/) as Body[];
    expect(completed.conclusion).toBe("failure");
    expect(completed.output.title).toBe(
      "+1 datastore, +1 round trip on web: not justified by any of the four triggers",
    );
    // The comment's first line is the verdict, in the same words as the command line's report.
    expect(comment.body.split("\n")[1]).toBe(
      "**boxcutter:** +1 datastore, +1 round trip on `web`: **not justified** by any of the four triggers",
    );
    expect(comment.body).toContain("### Verdict");
    expect(completed.output.annotations.map((a: Body) => [a.path, a.start_line, a.title])).toEqual([
      ["docker-compose.yml", 9, "Added datastore db"],
      ["docker-compose.yml", 8, "Added sync call api -> db"],
    ]);
  });

  it("handles the same delivery twice once: one check run, one comment", async () => {
    const { probot } = await createTestApp();
    mock.installationToken(INSTALLATION_ID);
    mockComposeChange();
    const event = pullRequestDelivery("same-delivery", "opened", { head: HEAD, base: BASE });

    await Promise.all([probot.receive(event), probot.receive(event)]);
    await probot.receive(event);

    expect(mock.bodiesOf("POST", /check-runs$/)).toHaveLength(1);
    expect(mock.bodiesOf("POST", /comments$/)).toHaveLength(1);
  });

  it("writes nothing for a late event about an older head", async () => {
    const { probot } = await createTestApp();
    const newer = sha("newer");
    mock.installationToken(INSTALLATION_ID);
    mockComposeChange({ head: newer });
    mockPull(mock, PR, newer, BASE);

    await probot.receive(pullRequestDelivery("push-2", "synchronize", { head: newer, base: BASE }));
    await probot.receive(pullRequestDelivery("push-1", "synchronize", { head: HEAD, base: BASE }));

    const writes = mock.calls().filter((call) => /^(POST|PATCH) /.test(call) && !call.endsWith("/graphql"));
    expect(writes).toEqual([
      `POST ${repoPath}/check-runs`,
      `POST ${repoPath}/issues/${PR}/comments`,
      `PATCH ${repoPath}/check-runs/${CHECK}`,
    ]);
    expect(mock.calls().at(-1)).toBe(`GET ${repoPath}/pulls/${PR}`);
  });

  it("re-runs from the check's Re-run button for a fork (empty pull_requests) and keeps an identical comment", async () => {
    const { probot } = await createTestApp();
    mock.installationToken(INSTALLATION_ID);
    mockComposeChange();
    await probot.receive(pullRequestDelivery("first", "opened", { head: HEAD, base: BASE }));
    const [posted] = mock.bodiesOf("POST", /comments$/) as Body[];

    mock.api
      .get(`${repoPath}/pulls`)
      .query({ state: "open", sort: "updated", direction: "desc", per_page: "100", page: "1" })
      .reply(200, [
        { number: 3, head: { sha: sha("other") }, base: { sha: BASE } },
        { number: PR, head: { sha: HEAD }, base: { sha: BASE } },
      ]);
    mockComposeChange({
      checkRun: CHECK + 1,
      files: undefined,
      changed: ["docker-compose.yml"],
      comments: [{ id: 501, body: posted.body }],
      commentWrite: undefined,
    });

    await probot.receive({ id: "rerun", name: "check_run", payload: checkRunRerequested({ head: HEAD }) });

    const rerun = mock.calls().slice(mock.calls().indexOf(`GET ${repoPath}/pulls`));
    expect(rerun).toEqual([
      `GET ${repoPath}/pulls`,
      `GET ${repoPath}/pulls/${PR}`,
      `POST ${repoPath}/check-runs`,
      `GET ${repoPath}/contents/.github%2Fboxcutter.yml`,
      `GET /repos/Codertocat/.github/contents/.github%2Fboxcutter.yml`,
      `GET ${repoPath}/compare/${BASE}...${HEAD}`,
      // The comments hold justifications: read during the analysis, before the pull request is read again.
      `GET ${repoPath}/issues/${PR}/comments`,
      `GET ${repoPath}/pulls/${PR}`,
      `PATCH ${repoPath}/check-runs/${CHECK + 1}`,
    ]);
    expect((mock.bodiesOf("PATCH", /check-runs\/92/) as Body[])[0].conclusion).toBe("failure");
  });

  it("re-runs a check suite whose payload names the pull request, without searching for it", async () => {
    const { probot } = await createTestApp();
    mock.installationToken(INSTALLATION_ID);
    mockComposeChange();
    const payload = example("check_suite", "rerequested");
    payload.check_suite.head_sha = HEAD;
    payload.check_suite.pull_requests[0].number = PR;
    payload.check_suite.pull_requests[0].head.sha = HEAD;

    await probot.receive({ id: "suite", name: "check_suite", payload });

    expect(mock.calls()[0]).toBe(`GET ${repoPath}/pulls/${PR}`);
    expect(mock.bodiesOf("POST", /comments$/)).toHaveLength(1);
  });

  it("gives a neutral check naming the file and the option when the configuration is invalid", async () => {
    const { probot } = await createTestApp();
    mock.installationToken(INSTALLATION_ID);
    mockComposeChange({ ...EARLY_STOP, config: "comment: always\ntimeBudgetMs: 5\n" });

    await probot.receive(pullRequestDelivery("cfg", "opened", { head: HEAD, base: BASE }));

    const [completed] = mock.bodiesOf("PATCH", /check-runs/) as Body[];
    expect(completed.conclusion).toBe("neutral");
    expect(completed.output.title).toBe("Invalid boxcutter configuration");
    expect(completed.output.summary).toContain("Codertocat/Hello-World:.github/boxcutter.yml");
    expect(completed.output.summary).toContain(
      '- comment: must be one of update, hide-and-new, delete-and-new, off (found "always")',
    );
    expect(completed.output.summary).toContain(
      "- timeBudgetMs: must be a whole number of milliseconds from 500 to 60000 (found 5)",
    );
  });

  it("reports through the check run only with `comment: off`", async () => {
    const { probot } = await createTestApp();
    mock.installationToken(INSTALLATION_ID);
    // The comments are still read: justifications live there.
    mockComposeChange({ config: "comment: off\n", comments: [], commentWrite: undefined });

    await probot.receive(pullRequestDelivery("quiet", "opened", { head: HEAD, base: BASE }));

    expect(mock.calls().filter((call) => call.includes("/comments"))).toEqual([
      `GET ${repoPath}/issues/${PR}/comments`,
    ]);
    expect((mock.bodiesOf("PATCH", /check-runs/) as Body[])[0].output.annotations).toHaveLength(2);
  });

  it("retries a GitHub 500 and completes normally", async () => {
    const { probot } = await createTestApp({ retry: true });
    mock.installationToken(INSTALLATION_ID);
    mock.api.get(`${repoPath}/compare/${BASE}...${HEAD}`).query(true).reply(500, { message: "Server Error" });
    mockComposeChange();

    await probot.receive(pullRequestDelivery("retry", "opened", { head: HEAD, base: BASE }));

    expect(mock.calls().filter((call) => call.includes("/compare/"))).toHaveLength(2);
    expect((mock.bodiesOf("PATCH", /check-runs/) as Body[])[0].output.title).toContain("not justified");
  });

  it("ends the check neutral with the reason when GitHub answers 404", async () => {
    const { probot } = await createTestApp();
    mock.installationToken(INSTALLATION_ID);
    mockComposeChange(EARLY_STOP);
    mock.api.get(`${repoPath}/compare/${BASE}...${HEAD}`).query(true).reply(404, { message: "Not Found" });
    // After a failure the pull request is read again: still open at this head, so the failure is reported.
    mockPull(mock, PR, HEAD, BASE);

    await probot.receive(pullRequestDelivery("gone", "opened", { head: HEAD, base: BASE }));

    const [completed] = mock.bodiesOf("PATCH", /check-runs/) as Body[];
    expect(completed.status).toBe("completed");
    expect(completed.conclusion).toBe("neutral");
    expect(completed.output.summary).toContain("GitHub answered 404");
  });

  it("trims an oversized report under GitHub's limits and sends annotations 50 at a time", async () => {
    const { probot } = await createTestApp();
    const services = Array.from({ length: 1200 }, (_, i) => `svc-${"x".repeat(40)}-${i}`);
    const big: Files = {
      ...BASE_FILES,
      "docker-compose.yml":
        BASE_FILES["docker-compose.yml"] +
        services.map((name) => `  ${name}:\n    image: acme/${name}\n`).join(""),
    };
    mock.installationToken(INSTALLATION_ID);
    // 1,200 added services give 1,200 annotations; GitHub keeps 1,000 per check run: 20 requests of 50.
    mockComposeChange({ files: { baseFiles: BASE_FILES, headFiles: big }, checkUpdates: 20 });

    await probot.receive(pullRequestDelivery("big", "opened", { head: HEAD, base: BASE }));

    const [comment] = mock.bodiesOf("POST", /comments$/) as Body[];
    expect(comment.body.length).toBeLessThanOrEqual(65_536);
    // Shortened diagram labels keep this one well under the limit; it still carries the tables and the diagram.
    expect(comment.body.length).toBeGreaterThan(15_000);
    expect(comment.body).toContain("```mermaid");
    const updates = mock.bodiesOf("PATCH", /check-runs/) as Body[];
    expect(updates.map((update) => update.output.annotations.length)).toEqual(Array(20).fill(50));
    expect(updates[0].conclusion).toBe("failure");
    expect(updates.slice(1).every((update) => update.conclusion === undefined)).toBe(true);
    for (const update of updates) expect(update.output.summary.length).toBeLessThanOrEqual(65_535);
    const annotated = updates.flatMap((update) => update.output.annotations.map((a: Body) => a.title));
    expect(new Set(annotated).size).toBe(1000);
  });
});
/* eslint-enable @typescript-eslint/no-explicit-any */

describe("the time budget", () => {
  it("ends neutral and names the files it did not read when the budget runs out", async () => {
    let clock = Date.parse("2026-03-01T12:00:00Z");
    // Every reading of the clock moves it 7 s on: the 6 s budget is gone before any blob is fetched.
    const { probot } = await createTestApp({ state: { now: () => (clock += 7000) } });
    mock.installationToken(INSTALLATION_ID);
    mockComposeChange({
      files: { baseFiles: BASE_FILES, headFiles: HEAD_FILES, blobQueries: 0 },
      commentWrite: undefined,
    });

    await probot.receive(pullRequestDelivery("slow", "opened", { head: HEAD, base: BASE }));

    expect(mock.calls().some((call) => call.endsWith("/graphql"))).toBe(false);
    const [completed] = mock.bodiesOf("PATCH", /check-runs/) as Body[];
    expect(completed.conclusion).toBe("neutral");
    expect(completed.output.title).toMatch(/^Partly analysed: /);
    expect(completed.output.summary).toContain(
      "**Partly analysed:** 1 infrastructure file was not read within the time budget (6000 ms",
    );
    expect(completed.output.summary).toContain("docker-compose.yml");
    expect(completed.output.summary).toContain("input/deadline");
    // Nothing was read, so there is no architecture change to start a comment for.
    expect(mock.calls().filter((call) => call.startsWith("POST") && call.includes("comments"))).toEqual([]);
  });
});
