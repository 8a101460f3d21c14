import type { GitHubClient, RepoRef } from "./client.js";

/** GitHub lists at most this many files in a comparison; a full list may be longer. */
export const COMPARE_FILE_LIMIT = 300;

export interface Comparison {
  /** The commit the pull request branched from: its tree is "before", as in the pull request's own diff. */
  mergeBase: string;
  /** Changed paths (old and new names of renames), or undefined when GitHub's list may be incomplete. */
  changedPaths: string[] | undefined;
}

/** One request tells both what the pull request is measured against and whether it touches any file at all. */
export async function compareCommits(
  client: GitHubClient,
  repo: RepoRef,
  base: string,
  head: string,
): Promise<Comparison> {
  const { data } = await client.request("GET /repos/{owner}/{repo}/compare/{basehead}", {
    ...repo,
    basehead: `${base}...${head}`,
    // Commits are paginated and files are listed on the first page only; one commit keeps the answer small.
    per_page: 1,
  });
  const files = data.files ?? [];
  const changedPaths =
    files.length >= COMPARE_FILE_LIMIT
      ? undefined
      : files.flatMap((file) =>
          file.previous_filename ? [file.filename, file.previous_filename] : [file.filename],
        );
  return { mergeBase: data.merge_base_commit.sha, changedPaths };
}
