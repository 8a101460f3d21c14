import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ProbotOctokit } from "probot";
import { describe, expect, it } from "vitest";
import { runAction } from "../../src/hosting/action.js";
import { useGitHubMock } from "../github/helpers/github-mock.js";
import { pullRequestEvent } from "../github/helpers/payloads.js";
import { recordingLog } from "../github/helpers/probot.js";
import {
  appRun,
  AUTHOR,
  BASE,
  HEAD,
  mockAppRun,
  mockPermission,
  type Files,
} from "../github/helpers/scenario.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are inspected as loose JSON */

const BASE_FILES: Files = {
  "compose.yaml":
    "services:\n  web:\n    image: nginx\n    ports: ['80:80']\n    depends_on: [api]\n  api:\n    image: acme/api\n",
};
const HEAD_FILES: Files = {
  "compose.yaml": `${BASE_FILES["compose.yaml"]}    depends_on: [db]\n  db:\n    image: postgres:16\n`,
};

const mock = useGitHubMock();

/** An event file as the runner writes it: the webhook payload, without an installation (the token is the job's). */
function eventFile(payload: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), "boxcutter-action-"));
  const path = join(dir, "event.json");
  writeFileSync(path, JSON.stringify(payload));
  return path;
}

function pullRequestPayload(): unknown {
  const payload = pullRequestEvent("opened", { head: HEAD, base: BASE });
  delete payload.installation;
  return payload;
}

/** The step's environment in a workflow run. */
function workflowEnv(overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    "INPUT_GITHUB-TOKEN": "ghs_workflowtoken",
    GITHUB_EVENT_NAME: "pull_request",
    GITHUB_EVENT_PATH: eventFile(pullRequestPayload()),
    GITHUB_RUN_ID: "9001",
    GITHUB_RUN_ATTEMPT: "1",
    ...overrides,
  };
}

/** No retries or throttling, so a mocked answer is seen once. */
const Octokit = ProbotOctokit.defaults((options: object) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));

function run(env: NodeJS.ProcessEnv, lines: string[] = [], records: Record<string, unknown>[] = []) {
  return runAction(env, { Octokit, log: recordingLog(records), write: (line) => lines.push(line) });
}

describe("the GitHub Action entry point", () => {
  it.each(["pull_request", "pull_request_target"])(
    "analyses the job's %s event with the workflow token: comment, check run, exit 0",
    async (eventName) => {
      mockAppRun(
        mock,
        appRun({
          // The author declares a trigger in the body: with their write role it justifies the change.
          pullBody: "boxcutter: working-set the catalogue outgrew one machine\n",
          files: { baseFiles: BASE_FILES, headFiles: HEAD_FILES },
          comments: [],
          commentWrite: "create",
        }),
      );
      mockPermission(mock, AUTHOR, "write");
      const records: Record<string, unknown>[] = [];
      const lines: string[] = [];

      expect(await run(workflowEnv({ GITHUB_EVENT_NAME: eventName }), lines, records)).toBe(0);

      const [comment] = mock.bodiesOf("POST", /comments$/) as any[];
      expect(comment.body).toContain("`db`");
      const [completed] = mock.bodiesOf("PATCH", /check-runs/) as any[];
      expect(completed.conclusion).toBe("success");
      expect(lines).toEqual([]);
      // No App key: the job's token went straight into every request.
      expect(mock.requests.some((request) => request.path.includes("access_tokens"))).toBe(false);
      expect(records.find((record) => record.msg === "analysis finished")).toMatchObject({
        delivery: "9001.1",
        outcome: "success",
      });
    },
  );

  it("fails the step when the gate fails", async () => {
    mockAppRun(
      mock,
      appRun({
        config: "gate:\n  maxAddedComponents: 0\n",
        files: { baseFiles: BASE_FILES, headFiles: HEAD_FILES },
        comments: [],
        commentWrite: "create",
      }),
    );
    const lines: string[] = [];

    expect(await run(workflowEnv(), lines)).toBe(1);

    const [completed] = mock.bodiesOf("PATCH", /check-runs/) as any[];
    expect(completed.conclusion).toBe("failure");
    expect(lines).toEqual([expect.stringMatching(/^::error title=boxcutter::The boxcutter gate failed/)]);
  });

  it("ignores an event it has no handler for, without calling GitHub", async () => {
    const env = workflowEnv({
      GITHUB_EVENT_NAME: "push",
      GITHUB_EVENT_PATH: eventFile({ ref: "refs/heads/main" }),
    });
    expect(await run(env)).toBe(0);
    expect(mock.requests).toEqual([]);
  });

  it.each([
    ["no token", { "INPUT_GITHUB-TOKEN": "", GITHUB_TOKEN: "" }, /No token: pass `github-token/],
    ["no event", { GITHUB_EVENT_NAME: "" }, /GITHUB_EVENT_NAME and GITHUB_EVENT_PATH are unset/],
    [
      "an unreadable event",
      { GITHUB_EVENT_PATH: "/nonexistent/event.json" },
      /could not read the event payload/,
    ],
  ])("fails the step with a workflow error for %s", async (_case, overrides, message) => {
    const lines: string[] = [];
    expect(await run(workflowEnv(overrides), lines)).toBe(1);
    expect(lines).toEqual([expect.stringMatching(message)]);
    expect(mock.requests).toEqual([]);
  });
});
