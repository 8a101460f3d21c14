import { describe, expect, it } from "vitest";
import { useGitHubMock } from "./helpers/github-mock.js";
import { INSTALLATION_ID, pullRequestDelivery, sha } from "./helpers/payloads.js";
import { createTestApp } from "./helpers/probot.js";
import { addsDatabase, appRun, BASE, firstRun, HEAD, mockAppRun, repoPath } from "./helpers/scenario.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are inspected as loose JSON */
type Body = any;

const ADDS_DATABASE = addsDatabase("docker-compose.yml");

const mock = useGitHubMock();

/** The installation token, answered only once the test opens the gate: the analysis cannot start before. */
function heldToken() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  mock.api.post(`/app/installations/${INSTALLATION_ID}/access_tokens`).reply(async () => {
    await opened;
    return [201, { token: "ghs_installation", expires_at: new Date(Date.now() + 3_600_000).toISOString() }];
  });
  return open;
}

describe("a server answering deliveries before analysing them", () => {
  it("answers once the delivery is claimed, then analyses, comments and completes the check", async () => {
    const { probot, state } = await createTestApp({ state: { background: true } });
    const open = heldToken();
    mockAppRun(mock, firstRun(ADDS_DATABASE));

    await probot.receive(pullRequestDelivery("answered-first", "synchronize", { head: HEAD, base: BASE }));

    expect(state.backlog.size).toBe(1);
    expect(mock.calls()).toEqual([]);
    open();
    await state.backlog.drain();
    expect(mock.bodiesOf("POST", /issues\/7\/comments$/)).toHaveLength(1);
    const [completed] = mock.bodiesOf("PATCH", /check-runs/) as Body[];
    expect(completed).toMatchObject({ status: "completed", conclusion: "failure" });
  });

  it("runs a delivery received twice once: one check run, one comment", async () => {
    const { probot, state } = await createTestApp({ state: { background: true } });
    const open = heldToken();
    mockAppRun(mock, firstRun(ADDS_DATABASE));
    const delivery = pullRequestDelivery("twice", "opened", { head: HEAD, base: BASE });

    await Promise.all([probot.receive(delivery), probot.receive(delivery)]);
    open();
    await state.backlog.drain();
    await probot.receive(delivery);
    await state.backlog.drain();

    expect(mock.bodiesOf("POST", /check-runs$/)).toHaveLength(1);
    expect(mock.bodiesOf("POST", /comments$/)).toHaveLength(1);
  });

  it("analyses the current head once for pushes that waited together, even when the older arrived last", async () => {
    const { probot, state } = await createTestApp({ state: { background: true } });
    const newer = sha("newer");
    const open = heldToken();
    // The first push runs; two more events wait behind it: the newer head, then a late one about the first head.
    mockAppRun(mock, appRun({ changed: ["README.md"], checkRun: 91 }));
    mockAppRun(mock, appRun({ head: newer, changed: ["README.md"], checkRun: 92 }));

    await probot.receive(pullRequestDelivery("push-1", "synchronize", { head: HEAD, base: BASE }));
    await probot.receive(pullRequestDelivery("push-2", "synchronize", { head: newer, base: BASE }));
    await probot.receive(pullRequestDelivery("late-1", "reopened", { head: HEAD, base: BASE }));
    open();
    await state.backlog.drain();

    const created = mock.bodiesOf("POST", /check-runs$/) as Body[];
    expect(created.map((body) => body.head_sha)).toEqual([HEAD, newer]);
    const completed = mock.bodiesOf("PATCH", /check-runs\/92$/) as Body[];
    expect(completed).toMatchObject([{ status: "completed", conclusion: "success" }]);
    expect(mock.calls().filter((call) => call.startsWith(`GET ${repoPath}/compare/`))).toHaveLength(2);
    // Both waiting deliveries are done: a redelivery of either runs nothing.
    const requests = mock.requests.length;
    await probot.receive(pullRequestDelivery("late-1", "reopened", { head: HEAD, base: BASE }));
    await state.backlog.drain();
    expect(mock.requests).toHaveLength(requests);
  });

  it("analyses before answering when it does not run in the background (Lambda, Actions)", async () => {
    const { probot, state } = await createTestApp();
    const open = heldToken();
    mockAppRun(mock, appRun({ changed: ["README.md"] }));
    let answered = false;

    const receiving = probot
      .receive(pullRequestDelivery("inline", "opened", { head: HEAD, base: BASE }))
      .then(() => {
        answered = true;
      });
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    open();
    await receiving;

    expect(state.backlog.size).toBe(0);
    expect(mock.bodiesOf("PATCH", /check-runs/)).toMatchObject([{ status: "completed" }]);
  });
});
