import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/** Real webhook payload shapes from GitHub's published examples, adjusted per test. */
interface ExampleGroup {
  name: string;
  examples: Record<string, unknown>[];
}

const require = createRequire(import.meta.url);
const examples = JSON.parse(
  readFileSync(require.resolve("@octokit/webhooks-examples/api.github.com/index.json"), "utf8"),
) as ExampleGroup[];

export const INSTALLATION_ID = 777;
export const OWNER = "Codertocat";
export const REPO = "Hello-World";

/* eslint-disable @typescript-eslint/no-explicit-any -- payloads are edited as loose JSON, then typed by Probot */
export function example(event: string, action: string): any {
  const group = examples.find((candidate) => candidate.name === event);
  const found = group?.examples.find((candidate) => candidate.action === action);
  if (!found) throw new Error(`no ${event}.${action} example`);
  const payload = structuredClone(found) as any;
  payload.installation = { id: INSTALLATION_ID, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNzc3" };
  return payload;
}

export function sha(seed: string): string {
  let hex = "";
  for (let i = 0; hex.length < 40; i++)
    hex += ((seed.charCodeAt(i % seed.length) * 31 + i * 7) % 16).toString(16);
  return hex;
}

export function pullRequestEvent(
  action: string,
  options: { number?: number; head: string; base: string },
): any {
  const payload = example("pull_request", action);
  payload.number = options.number ?? 7;
  payload.pull_request.number = options.number ?? 7;
  payload.pull_request.head.sha = options.head;
  payload.pull_request.base.sha = options.base;
  return payload;
}

/** A `pull_request` delivery as `probot.receive` takes it. */
export function pullRequestDelivery(
  id: string,
  action: string,
  options: { number?: number; head: string; base: string },
) {
  return { id, name: "pull_request" as const, payload: pullRequestEvent(action, options) };
}

export function checkRunRerequested(options: {
  head: string;
  pullRequests?: { number: number; head: string }[];
}): any {
  const payload = example("check_run", "rerequested");
  payload.check_run.name = "boxcutter";
  payload.check_run.head_sha = options.head;
  payload.check_run.pull_requests = (options.pullRequests ?? []).map((pr) => ({
    url: `https://api.github.com/repos/${OWNER}/${REPO}/pulls/${pr.number}`,
    id: pr.number * 1000,
    number: pr.number,
    head: {
      ref: "feature",
      sha: pr.head,
      repo: { id: 1, url: "https://api.github.com/repos/x/y", name: "y" },
    },
    base: {
      ref: "main",
      sha: sha("base"),
      repo: { id: 1, url: "https://api.github.com/repos/x/y", name: "y" },
    },
  }));
  payload.repository.owner.login = OWNER;
  payload.repository.name = REPO;
  return payload;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/* eslint-disable @typescript-eslint/no-explicit-any -- payloads are edited as loose JSON, then typed by Probot */
export interface CommentOptions {
  body: string;
  /** Who wrote the comment (default a person, `octo-reviewer`). */
  login?: string;
  type?: "User" | "Bot";
  /** The pull request's author (default `Codertocat`). */
  author?: string;
  number?: number;
  id?: number;
}

/** An `issue_comment` delivery on pull request 7 (or an issue, with `onIssue`). */
export function commentDelivery(
  id: string,
  options: CommentOptions,
  action: "created" | "edited" | "deleted" = "created",
  onIssue = false,
) {
  const payload = example("issue_comment", action);
  const number = options.number ?? 7;
  payload.issue.number = number;
  payload.issue.user.login = options.author ?? "Codertocat";
  if (!onIssue) {
    payload.issue.pull_request = {
      url: `https://api.github.com/repos/${OWNER}/${REPO}/pulls/${number}`,
      html_url: `https://github.com/${OWNER}/${REPO}/pull/${number}`,
      diff_url: `https://github.com/${OWNER}/${REPO}/pull/${number}.diff`,
      patch_url: `https://github.com/${OWNER}/${REPO}/pull/${number}.patch`,
    };
  }
  payload.comment.id = options.id ?? 4401;
  payload.comment.body = options.body;
  payload.comment.user.login = options.login ?? "octo-reviewer";
  payload.comment.user.type = options.type ?? "User";
  payload.comment.performed_via_github_app = null;
  payload.repository.owner.login = OWNER;
  payload.repository.name = REPO;
  return { id, name: "issue_comment" as const, payload: payload as any };
}
/* eslint-enable @typescript-eslint/no-explicit-any */
