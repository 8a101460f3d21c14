import { httpStatusOf, type GitHubClient, type PullRequestRef } from "./client.js";
import { createOnce } from "./create-once.js";
import { formatRecords, type DeclarationRecord } from "./declaration-records.js";
import { NO_RETRY } from "./octokit.js";

/** GitHub rejects issue comments longer than this many characters. */
export const COMMENT_LIMIT = 65_536;
const MARKER_PREFIX = "<!-- boxcutter:report";
const MARKER = /^<!-- boxcutter:report head=([0-9a-f]+) at=(\S+) fingerprint=(\S+) -->/;
const MAX_COMMENT_PAGES = 30;

/** What the hidden first line of the sticky comment records about the analysis it shows. */
export interface CommentMarker {
  head: string;
  /** ISO time at which `head` was confirmed as the pull request's head. */
  at: string;
  fingerprint: string;
}

export interface StickyComment {
  id: number;
  /** GraphQL id, to hide the comment as outdated. */
  nodeId: string;
  body: string;
  marker: CommentMarker;
}

export function formatMarker(marker: CommentMarker): string {
  return `${MARKER_PREFIX} head=${marker.head} at=${marker.at} fingerprint=${marker.fingerprint} -->`;
}

export function parseMarker(body: string): CommentMarker | undefined {
  const match = MARKER.exec(body);
  if (!match) return undefined;
  return { head: match[1]!, at: match[2]!, fingerprint: match[3]! };
}

/** The marker, the report, and what the comment remembers of the standing declarations (hidden, last). */
export function commentBody(
  marker: CommentMarker,
  markdown: string,
  records: DeclarationRecord[] = [],
): string {
  const remembered = records.length > 0 ? `\n\n${formatRecords(records)}` : "";
  return `${formatMarker(marker)}\n${markdown}${remembered}`;
}

/** Room left for the report once the marker line is in place. */
export const REPORT_CHARS = COMMENT_LIMIT - 200;

/** A pull request comment as the REST API lists it, reduced to what boxcutter reads. */
export interface IssueComment {
  id: number | bigint;
  node_id?: string;
  body?: string;
  user: { login: string; type?: string } | null;
  created_at?: string;
}

/** Anyone can paste the marker; only a bot's comment (the app, or Actions' token) is taken as ours. */
export type CommentOwnership = (comment: IssueComment) => boolean;
export const writtenByBot: CommentOwnership = (comment) => comment.user?.type === "Bot";

/** Every comment of the pull request, oldest first, up to a bound of pages. */
export async function listComments(client: GitHubClient, pr: PullRequestRef): Promise<IssueComment[]> {
  const comments: IssueComment[] = [];
  for (let page = 1; page <= MAX_COMMENT_PAGES; page++) {
    const { data } = await client.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      owner: pr.owner,
      repo: pr.repo,
      issue_number: pr.number,
      per_page: 100,
      page,
    });
    comments.push(...data);
    if (data.length < 100) break;
  }
  return comments;
}

/** The newest comment of ours with a marker: with `hide-and-new` the older ones stay, hidden, above it. */
export function stickyIn(
  comments: readonly IssueComment[],
  isOurs: CommentOwnership = writtenByBot,
): StickyComment | undefined {
  let found: StickyComment | undefined;
  for (const comment of comments) {
    const marker = comment.body ? parseMarker(comment.body) : undefined;
    if (marker && isOurs(comment))
      found = { id: Number(comment.id), nodeId: comment.node_id ?? "", body: comment.body ?? "", marker };
  }
  return found;
}

export async function findStickyComment(
  client: GitHubClient,
  pr: PullRequestRef,
  isOurs: CommentOwnership = writtenByBot,
): Promise<StickyComment | undefined> {
  return stickyIn(await listComments(client, pr), isOurs);
}

export type CommentDecision =
  | { action: "create" }
  | { action: "update"; commentId: number }
  | { action: "skip"; reason: "quiet" | "same-fingerprint" | "same-body" | "newer-head-shown" };

export interface CommentIntent {
  marker: CommentMarker;
  body: string;
  /** Whether the report shows an architecture change; no comment is started for a report without one. */
  changed: boolean;
}

/** Pure decision so the rules (quiet, sticky, idempotent, never older over newer) are testable on their own. */
export function decideCommentWrite(
  existing: StickyComment | undefined,
  intent: CommentIntent,
): CommentDecision {
  if (!existing) return intent.changed ? { action: "create" } : { action: "skip", reason: "quiet" };
  if (existing.marker.fingerprint === intent.marker.fingerprint)
    return { action: "skip", reason: "same-fingerprint" };
  if (existing.body === intent.body) return { action: "skip", reason: "same-body" };
  if (
    existing.marker.head !== intent.marker.head &&
    Date.parse(existing.marker.at) > Date.parse(intent.marker.at)
  ) {
    return { action: "skip", reason: "newer-head-shown" };
  }
  return { action: "update", commentId: existing.id };
}

/**
 * How a changed report reaches the pull request: `update` edits the comment in place; `hide-and-new` and
 * `delete-and-new` post a new comment (so the change notifies and sits at the bottom of the conversation), then
 * hide the old one as outdated or delete it. `off` writes no comment.
 */
export const COMMENT_MODES = ["update", "hide-and-new", "delete-and-new", "off"] as const;
export type CommentMode = (typeof COMMENT_MODES)[number];

const MINIMIZE = `mutation($id: ID!) {
  minimizeComment(input: { subjectId: $id, classifier: OUTDATED }) { minimizedComment { isMinimized } }
}`;

/** Posts a report; after an attempt that may have posted it anyway (a 5xx, a timeout), looks before posting again. */
async function postComment(
  client: GitHubClient,
  pr: PullRequestRef,
  body: string,
  isOurs: CommentOwnership,
): Promise<void> {
  await createOnce(
    async () => {
      await client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
        owner: pr.owner,
        repo: pr.repo,
        issue_number: pr.number,
        body,
        ...NO_RETRY,
      });
      return true;
    },
    async () => ((await findStickyComment(client, pr, isOurs))?.body === body ? true : undefined),
  );
}

/** The old comment goes only once the new one is posted, so the pull request is never without a report. */
async function replaceComment(
  client: GitHubClient,
  pr: PullRequestRef,
  old: StickyComment,
  body: string,
  mode: "hide-and-new" | "delete-and-new",
  isOurs: CommentOwnership,
): Promise<void> {
  await postComment(client, pr, body, isOurs);
  if (mode === "hide-and-new") {
    await client.graphql(MINIMIZE, { id: old.nodeId });
    return;
  }
  try {
    await client.request("DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}", {
      owner: pr.owner,
      repo: pr.repo,
      comment_id: old.id,
    });
  } catch (error) {
    // Someone deleted it first: what was asked for is done.
    if (httpStatusOf(error) !== 404) throw error;
  }
}

export async function upsertStickyComment(
  client: GitHubClient,
  pr: PullRequestRef,
  intent: CommentIntent,
  isOurs: CommentOwnership = writtenByBot,
  mode: Exclude<CommentMode, "off"> = "update",
  /** The pull request's comments when already listed, so they are not listed twice. */
  listed?: readonly IssueComment[],
): Promise<CommentDecision> {
  const existing = listed ? stickyIn(listed, isOurs) : await findStickyComment(client, pr, isOurs);
  const decision = decideCommentWrite(existing, intent);
  if (decision.action === "create") await postComment(client, pr, intent.body, isOurs);
  else if (decision.action === "update" && mode !== "update")
    await replaceComment(client, pr, existing!, intent.body, mode, isOurs);
  else if (decision.action === "update") {
    try {
      await client.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
        owner: pr.owner,
        repo: pr.repo,
        comment_id: decision.commentId,
        body: intent.body,
      });
    } catch (error) {
      // Deleted by someone since it was listed: the pull request gets a new one.
      if (httpStatusOf(error) !== 404) throw error;
      await postComment(client, pr, intent.body, isOurs);
      return { action: "create" };
    }
  }
  return decision;
}
