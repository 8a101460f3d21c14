import type { CheckAnnotation, CheckRunOutput } from "../report/check-run.js";
import type { GitHubClient, RepoRef } from "./client.js";

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
}

function clip(text: string, limit: number, note = "\n\n… (trimmed to GitHub's limit)"): string {
  if (text.length <= limit) return text;
  return text.slice(0, limit - note.length) + note;
}

export async function startCheckRun(
  client: GitHubClient,
  repo: RepoRef,
  headSha: string,
  startedAt: Date,
): Promise<number> {
  const { data } = await client.request("POST /repos/{owner}/{repo}/check-runs", {
    ...repo,
    name: CHECK_NAME,
    head_sha: headSha,
    status: "in_progress",
    started_at: startedAt.toISOString(),
  });
  return Number(data.id);
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

/**
 * Completes the check run with the first batch of annotations, then appends the rest 50 at a time. Completing first
 * means a failure while appending can never leave the check `in_progress`. Returns the number of requests made.
 */
export async function completeCheckRun(
  client: GitHubClient,
  ref: CheckRunRef,
  conclusion: CheckConclusion,
  output: CheckRunOutput,
  completedAt: Date,
): Promise<number> {
  const { checkRunId, ...repo } = ref;
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
  await client.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
    ...repo,
    check_run_id: checkRunId,
    status: "completed",
    conclusion,
    completed_at: completedAt.toISOString(),
    output: { ...base, ...(batches[0] ? { annotations: batches[0] } : {}) },
  });
  for (const batch of batches.slice(1)) {
    await client.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
      ...repo,
      check_run_id: checkRunId,
      output: { ...base, annotations: batch },
    });
  }
  return 1 + Math.max(0, batches.length - 1);
}
