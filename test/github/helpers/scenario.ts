import { createHash } from "node:crypto";
import type { GitHubMock } from "./github-mock.js";
import { OWNER, REPO, sha } from "./payloads.js";

/** Mocks for the GitHub endpoints the app uses, each answering once, over a tiny in-memory repository. */
export type Files = Record<string, string>;

export const repoPath = `/repos/${OWNER}/${REPO}`;

/** The pull request most tests deliver events for: its number, base and head, and the check run made for it. */
export const PR = 7;
export const BASE = sha("base");
export const HEAD = sha("head");
export const CHECK = 91;

/** Git's own blob id, so identical content shares a SHA exactly as on GitHub. */
export function blobSha(text: string): string {
  return createHash("sha1")
    .update(`blob ${Buffer.byteLength(text)}\0${text}`)
    .digest("hex");
}

/** The pull request's author in the payloads (`Codertocat`), unless a test says otherwise. */
export const AUTHOR = "Codertocat";

export function mockPull(
  mock: GitHubMock,
  number: number,
  head: string,
  base: string,
  state = "open",
  body = "",
): void {
  mock.api.get(`${repoPath}/pulls/${number}`).reply(200, {
    number,
    state,
    head: { sha: head },
    base: { sha: base },
    user: { login: AUTHOR, type: "User" },
    body,
  });
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

/** GitHub calls content with a NUL byte binary and leaves its text out, as git does. */
function blobAnswer(text: string) {
  const byteSize = Buffer.byteLength(text);
  return text.includes("\0")
    ? { text: null, isBinary: true, byteSize, isTruncated: false }
    : { text, isBinary: false, byteSize, isTruncated: false };
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
        repository[`b${alias.slice(1)}`] = text === undefined ? null : blobAnswer(text);
      }
      return { data: { repository } };
    });
}

export interface CommentFixture {
  id: number;
  node_id?: string;
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

/** Paths added, changed or removed between two sets of files, as a comparison lists them. */
export function changedPaths(base: Files, head: Files): string[] {
  const paths = new Set([...Object.keys(base), ...Object.keys(head)]);
  return [...paths].filter((path) => base[path] !== head[path]);
}

export interface FileFetch {
  base: string;
  head: string;
  baseFiles: Files;
  headFiles: Files;
  /** What the comparison lists; by default the paths whose content differs. */
  changed?: string[];
  /** Receives the number of blobs each GraphQL query asked for. */
  aliasCounts?: number[];
  /** GraphQL queries to answer (default 1; 0 when the time budget runs out before any). */
  blobQueries?: number;
}

/** What analysing a pull request reads: the comparison, the trees at both ends and their blobs. */
export function mockFileFetch(mock: GitHubMock, fetch: FileFetch): void {
  const changed = fetch.changed ?? changedPaths(fetch.baseFiles, fetch.headFiles);
  mockCompare(mock, fetch.base, fetch.head, changed);
  mockTree(mock, fetch.base, fetch.baseFiles);
  mockTree(mock, fetch.head, fetch.headFiles);
  const queries = fetch.blobQueries ?? 1;
  if (queries > 0) mockBlobs(mock, [fetch.baseFiles, fetch.headFiles], fetch.aliasCounts, queries);
}

export interface AppRun {
  number: number;
  /** The pull request's description (its body), where the author may declare a trigger. */
  pullBody?: string;
  base: string;
  head: string;
  checkRun: number;
  /** `.github/boxcutter.yml` on the default branch; none (defaults) when left out. */
  config?: string;
  /** The files the run reads; left out when it stops before comparing, or the test mocks the comparison. */
  files?: Omit<FileFetch, "base" | "head">;
  /** Without `files`: what the comparison lists, for a run that reads no tree (none relevant, or all cached). */
  changed?: string[];
  /** The comments the sticky comment lookup finds; left out when the run never looks. */
  comments?: CommentFixture[];
  commentWrite?: "create" | { update: number };
  /** Requests completing the check run (more than one when annotations come in batches). */
  checkUpdates?: number;
  /**
   * Whether the pull request is read again after the analysis, before anything is written (by default when files
   * or comments are read: a report was made).
   */
  recheck?: boolean;
  /** Whether the run creates its check run (false when a test answers the create itself). */
  checkCreate?: boolean;
}

/** A run for pull request {@link PR} from {@link BASE} to {@link HEAD}, with check run {@link CHECK}. */
export function appRun(overrides: Partial<AppRun> = {}): AppRun {
  return { number: PR, base: BASE, head: HEAD, checkRun: CHECK, ...overrides };
}

/** A first analysis of `files`: no sticky comment yet, so the run creates one. */
export function firstRun(files: AppRun["files"], overrides: Partial<AppRun> = {}): AppRun {
  return appRun({ files, comments: [], commentWrite: "create", ...overrides });
}

/** A docker-compose file at `path` whose head puts a new database behind `api`: the smallest change that adds a box. */
export function addsDatabase(path: string): NonNullable<AppRun["files"]> {
  const base =
    "services:\n  web:\n    image: nginx\n    ports: ['80:80']\n    depends_on: [api]\n  api:\n    image: acme/api\n";
  return {
    baseFiles: { [path]: base },
    headFiles: { [path]: `${base}    depends_on: [db]\n  db:\n    image: postgres:16\n` },
  };
}

/** The app's requests for one pull request event, after the installation token. */
export function mockAppRun(mock: GitHubMock, run: AppRun): void {
  mockPull(mock, run.number, run.head, run.base, "open", run.pullBody);
  if (run.checkCreate ?? true) mockCheckCreate(mock, run.checkRun);
  if (run.config === undefined) mockNoConfig(mock);
  else mockConfig(mock, run.config);
  if (run.files) mockFileFetch(mock, { ...run.files, base: run.base, head: run.head });
  else if (run.changed) mockCompare(mock, run.base, run.head, run.changed);
  if (run.recheck ?? (run.files !== undefined || run.comments !== undefined))
    mockPull(mock, run.number, run.head, run.base);
  if (run.comments) mockComments(mock, run.number, run.comments);
  if (run.commentWrite === "create") mockCommentCreate(mock, run.number);
  else if (run.commentWrite) mockCommentUpdate(mock, run.commentWrite.update);
  if (run.checkUpdates !== 0) mockCheckUpdates(mock, run.checkRun, run.checkUpdates);
}

/** What `boxcutter pr` reads before it prints: the pull request, the repository's own configuration and the files. */
export function mockCliRun(mock: GitHubMock, number: number, fetch: FileFetch): void {
  mockPull(mock, number, fetch.head, fetch.base);
  mockNoRepoConfig(mock);
  mockFileFetch(mock, fetch);
}

export type Reaction = "eyes" | "+1" | "confused";

export function mockReactions(mock: GitHubMock, commentId: number, times: number): void {
  mock.api
    .post(`${repoPath}/issues/comments/${commentId}/reactions`)
    .times(times)
    .reply(201, (_uri, body) => ({ id: 1, content: (body as { content: string }).content }));
}

export function mockPermission(mock: GitHubMock, login: string, role: string): void {
  const permission = role === "maintain" ? "write" : role === "triage" ? "read" : role;
  mock.api
    .get(`${repoPath}/collaborators/${login}/permission`)
    .reply(200, { permission, role_name: role, user: { login, id: 9, type: "User" } });
}
