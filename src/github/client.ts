import type { ProbotOctokit } from "probot";

/**
 * The part of an Octokit client that boxcutter's GitHub code uses. Both Probot's installation client and
 * `@octokit/rest` (used by the command line) provide it, so fetching and writing are shared by the app and the CLI.
 */
export type GitHubClient = Pick<InstanceType<typeof ProbotOctokit>, "request" | "graphql">;

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface PullRequestRef extends RepoRef {
  number: number;
}

interface OctokitError {
  status?: unknown;
  response?: unknown;
  request?: { url?: unknown };
}

/**
 * Octokit reports a request that got no answer at all (DNS, refused connection, TLS) as status 500 without a
 * response; GitHub never said 500 then.
 */
function unanswered(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const octokit = error as OctokitError;
  return octokit.status === 500 && octokit.request !== undefined && octokit.response === undefined;
}

/** GitHub errors carry an HTTP status; anything else (network, parse) has none. */
export function httpStatusOf(error: unknown): number | undefined {
  if (typeof error === "object" && error !== null && "status" in error && !unanswered(error)) {
    const status = (error as { status: unknown }).status;
    return typeof status === "number" ? status : undefined;
  }
  return undefined;
}

function hostOf(error: unknown): string {
  const url = (error as OctokitError).request?.url;
  try {
    return typeof url === "string" ? new URL(url).host : "GitHub";
  } catch {
    return "GitHub";
  }
}

export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (unanswered(error)) return `could not reach ${hostOf(error)}: ${message}`;
  const status = httpStatusOf(error);
  return status === undefined ? message : `GitHub answered ${status}: ${message}`;
}
