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

/** GitHub errors carry an HTTP status; anything else (network, parse) has none. */
export function httpStatusOf(error: unknown): number | undefined {
  if (typeof error === "object" && error !== null && "status" in error) {
    const status = (error as { status: unknown }).status;
    return typeof status === "number" ? status : undefined;
  }
  return undefined;
}

export function describeError(error: unknown): string {
  const status = httpStatusOf(error);
  const message = error instanceof Error ? error.message : String(error);
  return status === undefined ? message : `GitHub answered ${status}: ${message}`;
}
