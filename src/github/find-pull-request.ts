import type { GitHubClient, RepoRef } from "./client.js";

export interface OpenPullRequest {
  number: number;
  headSha: string;
  baseSha: string;
}

const MAX_PAGES = 5;

/**
 * Check run and check suite events for pull requests from forks carry an empty `pull_requests` list, so the head
 * SHA is matched against the repository's open pull requests, most recently updated first.
 */
export async function findPullRequestByHead(
  client: GitHubClient,
  repo: RepoRef,
  headSha: string,
): Promise<OpenPullRequest | undefined> {
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { data } = await client.request("GET /repos/{owner}/{repo}/pulls", {
      ...repo,
      state: "open",
      sort: "updated",
      direction: "desc",
      per_page: 100,
      page,
    });
    const match = data.find((pr) => pr.head.sha === headSha);
    if (match) return { number: match.number, headSha: match.head.sha, baseSha: match.base.sha };
    if (data.length < 100) break;
  }
  return undefined;
}

/** The pull request as it is now: events arrive late and out of order, and only the current head may be written. */
export async function currentPullRequest(
  client: GitHubClient,
  repo: RepoRef,
  number: number,
): Promise<OpenPullRequest & { open: boolean; author: string; body: string }> {
  const { data } = await client.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
    ...repo,
    pull_number: number,
  });
  return {
    number: data.number,
    headSha: data.head.sha,
    baseSha: data.base.sha,
    open: data.state === "open",
    // The author's declaration in the body counts only with the author's role; a deleted account has none.
    author: data.user?.login ?? "",
    body: data.body ?? "",
  };
}
