import { randomUUID } from "node:crypto";
import type { CheckAnnotation, CheckRunOutput } from "../report/check-run.js";
import { createOnce } from "./create-once.js";
import type { GitHubClient, RepoRef } from "./client.js";
import { NO_RETRY } from "./octokit.js";

export const CHECK_NAME = "boxcutter";
/** The Checks API accepts at most 50 annotations per request and appends across updates. */
export const ANNOTATIONS_PER_REQUEST = 50;
/** GitHub's limits for a check run's output. */
export const OUTPUT_TEXT_LIMIT = 65_535;
export const OUTPUT_TITLE_LIMIT = 255;
const ANNOTATION_MESSAGE_LIMIT = 64 * 1024 - 1;
/** GitHub keeps this many annotations per check run; more would only be rejected. */
export const MAX_ANNOTATIONS = 1_000;

export type CheckConclusion = "success" | "neutral" | "failure";

export interface CheckRunRef extends RepoRef {
  checkRunId: number;
  headSha: string;
}

function clip(text: string, limit: number, note = "\n\n… (trimmed to GitHub's limit)"): string {
  if (text.length <= limit) return text;
  return text.slice(0, limit - note.length) + note;
}

/** The run made with `externalId`, if an attempt that failed on the way back made it after all. */
async function findCheckRun(
  client: GitHubClient,
  repo: RepoRef,
  headSha: string,
  externalId: string,
): Promise<number | undefined> {
  const { data } = await client.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", {
    ...repo,
    ref: headSha,
    check_name: CHECK_NAME,
    filter: "all",
    per_page: 100,
  });
  const made = data.check_runs.find((run) => run.external_id === externalId);
  return made === undefined ? undefined : Number(made.id);
}

/**
 * Creates a check run, in progress or already complete. A create is not safe to repeat blindly (an attempt that
 * timed out may have made one), so each carries its own `external_id` and a failed one is looked up before trying
 * again: one head never shows two runs stuck in progress.
 */
async function createCheckRun(
  client: GitHubClient,
  repo: RepoRef,
  headSha: string,
  fields: Record<string, unknown>,
): Promise<number> {
  const externalId = randomUUID();
  return createOnce(
    async () => {
      const { data } = await client.request("POST /repos/{owner}/{repo}/check-runs", {
        ...repo,
        name: CHECK_NAME,
        head_sha: headSha,
        external_id: externalId,
        ...fields,
        ...NO_RETRY,
      });
      return Number(data.id);
    },
    () => findCheckRun(client, repo, headSha, externalId),
  );
}

export function startCheckRun(
  client: GitHubClient,
  repo: RepoRef,
  headSha: string,
  startedAt: Date,
): Promise<number> {
  return createCheckRun(client, repo, headSha, {
    status: "in_progress",
    started_at: startedAt.toISOString(),
  });
}

function sanitizeAnnotation(annotation: CheckAnnotation): CheckAnnotation {
  const start = Math.max(1, Math.floor(annotation.start_line));
  return {
    ...annotation,
    start_line: start,
    end_line: Math.max(start, Math.floor(annotation.end_line)),
    message: clip(annotation.message, ANNOTATION_MESSAGE_LIMIT, "…"),
    ...(annotation.title === undefined ? {} : { title: clip(annotation.title, OUTPUT_TITLE_LIMIT, "…") }),
  };
}

function outputParts(output: CheckRunOutput) {
  const base = {
    title: clip(output.title, OUTPUT_TITLE_LIMIT, "…"),
    summary: clip(output.summary, OUTPUT_TEXT_LIMIT),
    ...(output.text ? { text: clip(output.text, OUTPUT_TEXT_LIMIT) } : {}),
  };
  const annotations = output.annotations.slice(0, MAX_ANNOTATIONS).map(sanitizeAnnotation);
  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < annotations.length; i += ANNOTATIONS_PER_REQUEST) {
    batches.push(annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  }
  const first = { ...base, ...(batches[0] ? { annotations: batches[0] } : {}) };
  return { base, first, rest: batches.slice(1) };
}

/**
 * Completes the check run with the first batch of annotations, then appends the rest 50 at a time. Completing first
 * means a failure while appending can never leave the check `in_progress`. A run that cannot be completed (GitHub
 * keeps refusing, or it is gone) is replaced by a new, completed one, so every analysis ends with a completed check.
 * Returns the id of the run that holds the result.
 */
export async function completeCheckRun(
  client: GitHubClient,
  ref: CheckRunRef,
  conclusion: CheckConclusion,
  output: CheckRunOutput,
  completedAt: Date,
): Promise<number> {
  const { checkRunId, headSha, ...repo } = ref;
  const { base, first, rest } = outputParts(output);
  const completion = {
    status: "completed" as const,
    conclusion,
    completed_at: completedAt.toISOString(),
    output: first,
  };
  let id = checkRunId;
  try {
    await client.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
      ...repo,
      check_run_id: checkRunId,
      ...completion,
    });
  } catch {
    id = await createCheckRun(client, repo, headSha, completion);
  }
  for (const batch of rest) {
    await client.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
      ...repo,
      check_run_id: id,
      output: { ...base, annotations: batch },
    });
  }
  return id;
}
