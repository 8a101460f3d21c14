import { Octokit } from "@octokit/rest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  BLOB_BATCH_SIZE,
  createFileCaches,
  listTree,
  loadBlobs,
  newCounters,
  toInputFiles,
  type BlobContent,
  type FetchOptions,
} from "../../src/github/fetch-files.js";
import { MemoryStore } from "../../src/github/store/memory.js";
import { GitHubMock } from "./helpers/github-mock.js";
import { sha } from "./helpers/payloads.js";

const repo = { owner: "acme", repo: "shop" };
const isYaml = (path: string) => /\.ya?ml$/.test(path);

function client(): Octokit {
  return new Octokit({ auth: "test-token", retry: { enabled: false } });
}

function blobEntry(path: string, blobSha: string, size = 20) {
  return { path, mode: "100644", type: "blob", sha: blobSha, size, url: "https://api.github.com/x" };
}

/** What the pull request analysis does for one side: list the tree, select by path, load the blobs. */
async function readCommit(commit: string, opts: FetchOptions) {
  const listing = await listTree(client(), repo, commit, opts);
  const selected = listing.files.filter((file) => opts.select(file.path));
  const read = toInputFiles(selected, await loadBlobs(client(), repo, selected, opts));
  return { files: read.files, warnings: [...listing.warnings, ...read.warnings] };
}

function options(overrides: Partial<FetchOptions> = {}): FetchOptions {
  return {
    caches: createFileCaches(),
    deadline: Date.now() + 60_000,
    select: isYaml,
    counters: newCounters(),
    ...overrides,
  };
}

/** Answers a blob query with the given texts by alias, and records how many aliases each query asked for. */
function answerBlobs(mock: GitHubMock, texts: Record<string, string | { binary: true }>, sizes: number[]) {
  mock.api.post("/graphql").reply(200, (_uri, body) => {
    const { variables } = body as { variables: Record<string, string> };
    const aliases = Object.keys(variables).filter((key) => /^o\d+$/.test(key));
    sizes.push(aliases.length);
    const repository: Record<string, unknown> = {};
    for (const alias of aliases) {
      const content = texts[variables[alias]!];
      repository[`b${alias.slice(1)}`] =
        content === undefined
          ? null
          : typeof content === "string"
            ? { text: content, isBinary: false, byteSize: content.length, isTruncated: false }
            : { text: null, isBinary: true, byteSize: 10, isTruncated: false };
    }
    return { data: { repository } };
  });
}

describe("fetching infrastructure files from GitHub", () => {
  let mock: GitHubMock;
  beforeEach(() => {
    mock = new GitHubMock();
  });
  afterEach(() => {
    expect(mock.unmatched).toEqual([]);
    expect(mock.problems()).toEqual([]);
    mock.dispose();
  });

  it("lists the tree once, selects by path, and reads blobs in one aliased query, decoded and BOM-stripped", async () => {
    const commit = sha("head");
    mock.api
      .get(`/repos/acme/shop/git/trees/${commit}`)
      .query({ recursive: "1" })
      .reply(200, {
        sha: commit,
        truncated: false,
        tree: [
          blobEntry("docker-compose.yml", sha("a")),
          blobEntry("README.md", sha("r")),
          { path: "deploy", mode: "040000", type: "tree", sha: sha("t") },
          blobEntry("deploy/compose.yaml", sha("b")),
          blobEntry("deploy/logo.yaml", sha("bin")),
          { path: "deploy/link.yml", mode: "120000", type: "blob", sha: sha("l"), size: 5 },
        ],
      });
    const sizes: number[] = [];
    answerBlobs(
      mock,
      {
        [sha("a")]: "\uFEFFservices: {}\n",
        [sha("b")]: "services:\n  web: {}\n",
        [sha("bin")]: { binary: true },
      },
      sizes,
    );

    const opts = options();
    const result = await readCommit(commit, opts);

    expect(result.files).toEqual([
      { path: "docker-compose.yml", text: "services: {}\n" },
      { path: "deploy/compose.yaml", text: "services:\n  web: {}\n" },
    ]);
    expect(result.warnings).toEqual([
      { id: "input/binary", file: "deploy/logo.yaml", message: "binary file; skipped" },
    ]);
    expect(sizes).toEqual([3]);
    expect(opts.counters).toEqual({ treeRequests: 1, blobRequests: 1, blobsFromCache: 0, blobsFetched: 3 });
    expect(mock.calls()).toEqual([`GET /repos/acme/shop/git/trees/${commit}`, "POST /graphql"]);
  });

  it("reuses cached trees and blobs: a second commit sharing files fetches only the changed blob", async () => {
    const first = sha("first");
    const second = sha("second");
    const files = Array.from({ length: 5 }, (_, i) => blobEntry(`k8s/app${i}.yaml`, sha(`blob${i}`)));
    mock.api
      .get(`/repos/acme/shop/git/trees/${first}`)
      .query(true)
      .reply(200, { sha: first, truncated: false, tree: files });
    mock.api
      .get(`/repos/acme/shop/git/trees/${second}`)
      .query(true)
      .reply(200, {
        sha: second,
        truncated: false,
        tree: [...files.slice(1), blobEntry("k8s/app0.yaml", sha("changed"))],
      });
    const texts = Object.fromEntries([
      ...files.map((f) => [f.sha, `kind: A\n`]),
      [sha("changed"), "kind: B\n"],
    ]);
    const sizes: number[] = [];
    answerBlobs(mock, texts, sizes);
    answerBlobs(mock, texts, sizes);

    const opts = options();
    await readCommit(first, opts);
    const again = await readCommit(first, opts);
    const next = await readCommit(second, opts);

    expect(again.files).toHaveLength(5);
    expect(next.files.find((f) => f.path === "k8s/app0.yaml")?.text).toBe("kind: B\n");
    expect(sizes).toEqual([5, 1]);
    expect(opts.counters).toEqual({
      treeRequests: 2,
      blobRequests: 2,
      blobsFromCache: 5 + 4,
      blobsFetched: 6,
    });
  });

  it("batches blob requests by batch size, not by file count", async () => {
    const commit = sha("many");
    const count = BLOB_BATCH_SIZE * 2 + 50;
    const tree = Array.from({ length: count }, (_, i) =>
      blobEntry(`k8s/f${i}.yaml`, i.toString(16).padStart(40, "0")),
    );
    mock.api
      .get(`/repos/acme/shop/git/trees/${commit}`)
      .query(true)
      .reply(200, { sha: commit, truncated: false, tree });
    const sizes: number[] = [];
    const texts = Object.fromEntries(tree.map((entry) => [entry.sha, "a: 1\n"]));
    for (let i = 0; i < 3; i++) answerBlobs(mock, texts, sizes);

    const result = await readCommit(commit, options());
    expect(result.files).toHaveLength(count);
    expect(sizes.sort((a, b) => b - a)).toEqual([BLOB_BATCH_SIZE, BLOB_BATCH_SIZE, 50]);
  });

  it("walks a truncated tree folder by folder", async () => {
    const commit = sha("big");
    mock.api
      .get(`/repos/acme/shop/git/trees/${commit}`)
      .query({ recursive: "1" })
      .reply(200, { sha: commit, truncated: true, tree: [blobEntry("compose.yml", sha("c"))] });
    mock.api.get(`/repos/acme/shop/git/trees/${commit}`).reply(200, {
      sha: commit,
      truncated: false,
      tree: [
        blobEntry("compose.yml", sha("c")),
        { path: "infra", mode: "040000", type: "tree", sha: sha("infra") },
      ],
    });
    mock.api
      .get(`/repos/acme/shop/git/trees/${sha("infra")}`)
      .query({ recursive: "1" })
      .reply(200, { sha: sha("infra"), truncated: false, tree: [blobEntry("prod/main.yaml", sha("p"))] });

    const listing = await listTree(client(), repo, commit, options());
    expect(listing.files.map((f) => f.path)).toEqual(["compose.yml", "infra/prod/main.yaml"]);
    expect(listing.warnings).toEqual([]);
  });

  it("refuses files over 10 MiB without downloading them, and reports what the deadline left unread", async () => {
    const commit = sha("late");
    mock.api
      .get(`/repos/acme/shop/git/trees/${commit}`)
      .query(true)
      .reply(200, {
        sha: commit,
        truncated: false,
        tree: [blobEntry("huge.yaml", sha("h"), 11 * 1024 * 1024), blobEntry("late.yaml", sha("late"))],
      });
    let clock = 0;
    const result = await readCommit(commit, options({ deadline: 5, now: () => (clock += 10) }));
    expect(result.files).toEqual([]);
    expect(result.warnings.map((w) => [w.id, w.file])).toEqual([
      ["input/too-large", "huge.yaml"],
      ["input/deadline", "late.yaml"],
    ]);
    expect(mock.calls()).toEqual([`GET /repos/acme/shop/git/trees/${commit}`]);
  });

  it("keeps the blob cache within the memory store's bound, least recently used out first", async () => {
    const caches = createFileCaches(new MemoryStore({ maxValueChars: 450 }));
    const text = (fill: string): BlobContent => ({ kind: "text", text: fill.repeat(100) });
    await caches.blobs.set("a", text("x"));
    await caches.blobs.set("b", text("y"));
    await caches.blobs.get("a");
    await caches.blobs.set("c", text("z"));
    expect(await Promise.all(["a", "b", "c"].map((sha) => caches.blobs.get(sha)))).toEqual([
      text("x"),
      undefined,
      text("z"),
    ]);
  });
});
