import { createHash } from "node:crypto";
import type { GitHubMock } from "./github-mock.js";
import { OWNER, REPO } from "./payloads.js";

/** Mocks for the GitHub endpoints the app uses, each answering once, over a tiny in-memory repository. */
export type Files = Record<string, string>;

export const repoPath = `/repos/${OWNER}/${REPO}`;

/** Git's own blob id, so identical content shares a SHA exactly as on GitHub. */
export function blobSha(text: string): string {
  return createHash("sha1")
    .update(`blob ${Buffer.byteLength(text)}\0${text}`)
    .digest("hex");
}

export function mockPull(mock: GitHubMock, number: number, head: string, base: string, state = "open"): void {
  mock.api
    .get(`${repoPath}/pulls/${number}`)
    .reply(200, { number, state, head: { sha: head }, base: { sha: base } });
}

export function mockCheckCreate(mock: GitHubMock, id: number): void {
  mock.api.post(`${repoPath}/check-runs`).reply(201, { id, status: "in_progress" });
}

export function mockCheckUpdates(mock: GitHubMock, id: number, times = 1): void {
  mock.api.patch(`${repoPath}/check-runs/${id}`).times(times).reply(200, { id });
}

/** No configuration file in the repository itself (all the command line reads). */
export function mockNoRepoConfig(mock: GitHubMock): void {
  mock.api
    .get(/\/repos\/Codertocat\/Hello-World\/contents\/\.github(%2F|\/)boxcutter\.yml/)
    .reply(404, { message: "Not Found" });
}

/** No repository file and no owner-wide `.github` repository: defaults apply. */
export function mockNoConfig(mock: GitHubMock): void {
  mockNoRepoConfig(mock);
  mock.api
    .get(/\/repos\/Codertocat\/\.github\/contents\/\.github(%2F|\/)boxcutter\.yml/)
    .reply(404, { message: "Not Found" });
}

export function mockConfig(mock: GitHubMock, yaml: string): void {
  mock.api
    .get(/\/repos\/Codertocat\/Hello-World\/contents\/\.github(%2F|\/)boxcutter\.yml/)
    .reply(200, yaml, { "content-type": "application/vnd.github.raw; charset=utf-8" });
}

export function mockCompare(
  mock: GitHubMock,
  base: string,
  head: string,
  changed: string[],
  mergeBase = base,
): void {
  mock.api
    .get(`${repoPath}/compare/${base}...${head}`)
    .query(true)
    .reply(200, {
      merge_base_commit: { sha: mergeBase },
      files: changed.map((filename) => ({ filename, status: "modified", sha: blobSha(filename) })),
    });
}

export function mockTree(mock: GitHubMock, commit: string, files: Files): void {
  mock.api
    .get(`${repoPath}/git/trees/${commit}`)
    .query({ recursive: "1" })
    .reply(200, {
      sha: commit,
      truncated: false,
      tree: Object.entries(files).map(([path, text]) => ({
        path,
        mode: "100644",
        type: "blob",
        sha: blobSha(text),
        size: Buffer.byteLength(text),
      })),
    });
}

/**
 * Answers GraphQL blob queries from the given files; `aliasCounts` receives the number of blobs each query asked for.
 */
export function mockBlobs(mock: GitHubMock, files: Files[], aliasCounts: number[] = [], times = 1): void {
  const bySha = new Map(files.flatMap((set) => Object.values(set)).map((text) => [blobSha(text), text]));
  mock.api
    .post("/graphql")
    .times(times)
    .reply(200, (_uri, body) => {
      const { variables } = body as { variables: Record<string, string> };
      const aliases = Object.keys(variables).filter((key) => /^o\d+$/.test(key));
      aliasCounts.push(aliases.length);
      const repository: Record<string, unknown> = {};
      for (const alias of aliases) {
        const text = bySha.get(variables[alias]!);
        repository[`b${alias.slice(1)}`] =
          text === undefined
            ? null
            : { text, isBinary: false, byteSize: Buffer.byteLength(text), isTruncated: false };
      }
      return { data: { repository } };
    });
}

export interface CommentFixture {
  id: number;
  body: string;
  user?: { login: string; type: string };
}

export function mockComments(mock: GitHubMock, number: number, comments: CommentFixture[] = []): void {
  mock.api
    .get(`${repoPath}/issues/${number}/comments`)
    .query(true)
    .reply(
      200,
      comments.map((comment) => ({ user: { login: "boxcutter[bot]", type: "Bot" }, ...comment })),
    );
}

export function mockCommentCreate(mock: GitHubMock, number: number): void {
  mock.api.post(`${repoPath}/issues/${number}/comments`).reply(201, { id: 501 });
}

export function mockCommentUpdate(mock: GitHubMock, id: number): void {
  mock.api.patch(`${repoPath}/issues/comments/${id}`).reply(200, { id });
}
