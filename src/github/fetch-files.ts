import type { Extracted } from "../extraction/run-formats.js";
import type { InputFile } from "../formats/types.js";
import type { ExtractionWarning } from "../graph/model.js";
import { decodeFile, MAX_FILE_BYTES, tooLarge } from "../files/decode.js";
import type { GitHubClient, RepoRef } from "./client.js";
import { LruCache } from "./lru.js";
import { MemoryStore } from "./store/memory.js";
import type { SharedStore } from "./store/store.js";

/** Aliases per GraphQL query; requests grow with the files to fetch divided by this. */
export const BLOB_BATCH_SIZE = 100;
/** Keeps one GraphQL response to a size GitHub answers promptly. */
export const BLOB_BATCH_BYTES = 4 * 1024 * 1024;
const PARALLEL_BATCHES = 3;
/** A truncated tree is walked folder by folder; this caps the extra requests that walk may make. */
export const MAX_TREE_WALK_REQUESTS = 60;

export interface TreeFile {
  path: string;
  sha: string;
  size?: number;
}

export interface TreeListing {
  files: TreeFile[];
  warnings: ExtractionWarning[];
}

/** What a blob decoded to, without its path: the same blob may sit at several paths. */
export type BlobContent = { kind: "text"; text: string } | { kind: "rejected"; id: string; message: string };

/** Blob contents by SHA: content-addressed, so shared by every pull request of a repository (and every replica). */
export interface BlobCache {
  get(sha: string): Promise<BlobContent | undefined>;
  set(sha: string, content: BlobContent): Promise<void>;
}

export interface FileCaches {
  /** Keyed by `owner/repo@commit`: a commit's tree never changes. Kept per process: a listing can be huge. */
  trees: LruCache<string, TreeListing>;
  blobs: BlobCache;
  /**
   * A base side's extraction, keyed by the files it read (paths and blob SHAs): pushes to one pull request, and
   * pull requests from one base, extract only their head. Kept per process, like trees.
   */
  extractions: LruCache<string, KeptExtraction>;
}

export interface KeptExtraction {
  extracted: Extracted;
  /** How many files it was extracted from: its weight in the cache. */
  files: number;
}

/** A blob never changes; the expiry only lets a shared store forget repositories nobody works on any more. */
const BLOB_TTL_MS = 7 * 24 * 60 * 60_000;
const MAX_TREE_ENTRIES = 500_000;
/** Files behind the extractions kept at once (a monorepo's graph takes some kilobytes per file). */
const MAX_EXTRACTED_FILES = 50_000;

/** Blobs kept in the app's store, in memory or shared by replicas. */
export function storeBlobCache(store: SharedStore): BlobCache {
  return {
    async get(sha) {
      const json = await store.get(`blob:${sha}`);
      if (json === undefined) return undefined;
      try {
        return JSON.parse(json) as BlobContent;
      } catch {
        // Whatever else wrote under the key, the blob is simply fetched again.
        return undefined;
      }
    },
    set: (sha, content) => store.set(`blob:${sha}`, JSON.stringify(content), BLOB_TTL_MS),
  };
}

export function createFileCaches(store: SharedStore = new MemoryStore()): FileCaches {
  return {
    trees: new LruCache<string, TreeListing>(1_000, MAX_TREE_ENTRIES, (tree) => tree.files.length + 1),
    blobs: storeBlobCache(store),
    extractions: extractionCache(),
  };
}

/** Base extractions kept by one thread: the app's, or its analysis worker's. */
export function extractionCache(): FileCaches["extractions"] {
  return new LruCache<string, KeptExtraction>(64, MAX_EXTRACTED_FILES, (entry) => entry.files);
}

/** Requests made and blobs reused, for logs and tests. */
export interface FetchCounters {
  treeRequests: number;
  blobRequests: number;
  blobsFromCache: number;
  blobsFetched: number;
}

export function newCounters(): FetchCounters {
  return { treeRequests: 0, blobRequests: 0, blobsFromCache: 0, blobsFetched: 0 };
}

export interface FetchOptions {
  caches: FileCaches;
  /** Epoch ms after which no further request starts; what was not fetched becomes an `input/deadline` warning. */
  deadline: number;
  /** Which paths to read (infrastructure paths the configuration does not ignore). */
  select: (path: string) => boolean;
  counters?: FetchCounters;
  now?: () => number;
}

interface RawTreeEntry {
  path?: string;
  mode?: string;
  type?: string;
  sha?: string;
  size?: number;
}

const SYMLINK_MODE = "120000";
const OBJECT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/**
 * Lists every regular file of a commit with one recursive request. GitHub truncates very large trees; then the
 * top folder is listed and each sub-folder fetched recursively on its own, within a request cap.
 */
export async function listTree(
  client: GitHubClient,
  repo: RepoRef,
  commitSha: string,
  options: Pick<FetchOptions, "caches" | "deadline" | "counters" | "now">,
): Promise<TreeListing> {
  const key = `${repo.owner}/${repo.repo}@${commitSha}`;
  const cached = options.caches.trees.get(key);
  if (cached) return cached;

  const now = options.now ?? Date.now;
  const files: TreeFile[] = [];
  const warnings: ExtractionWarning[] = [];
  let walkRequests = 0;

  const fetchTree = async (sha: string, recursive: boolean) => {
    if (options.counters) options.counters.treeRequests++;
    const { data } = await client.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", {
      ...repo,
      tree_sha: sha,
      ...(recursive ? { recursive: "1" } : {}),
    });
    return data as { tree: RawTreeEntry[]; truncated: boolean };
  };

  const addBlobs = (entries: RawTreeEntry[], prefix: string) => {
    for (const entry of entries) {
      if (entry.type !== "blob" || entry.mode === SYMLINK_MODE || !entry.path || !entry.sha) continue;
      files.push({
        path: prefix + entry.path,
        sha: entry.sha,
        ...(entry.size === undefined ? {} : { size: entry.size }),
      });
    }
  };

  const walk = async (sha: string, prefix: string): Promise<void> => {
    const shallow = await fetchTree(sha, false);
    addBlobs(shallow.tree, prefix);
    for (const folder of shallow.tree) {
      if (folder.type !== "tree" || !folder.sha || !folder.path) continue;
      const folderPath = `${prefix}${folder.path}/`;
      if (walkRequests >= MAX_TREE_WALK_REQUESTS || now() > options.deadline) {
        warnings.push({
          id: "github/tree-truncated",
          file: folderPath,
          message: `the repository tree is too large to list in full; ${folderPath} was not read`,
        });
        continue;
      }
      walkRequests++;
      const deep = await fetchTree(folder.sha, true);
      if (deep.truncated) {
        walkRequests++;
        await walk(folder.sha, folderPath);
      } else {
        addBlobs(deep.tree, folderPath);
      }
    }
  };

  const root = await fetchTree(commitSha, true);
  if (root.truncated) await walk(commitSha, "");
  else addBlobs(root.tree, "");

  const listing = { files, warnings };
  // A listing cut short by the deadline or the cap is not the commit's tree: do not remember it.
  if (warnings.length === 0) options.caches.trees.set(key, listing);
  return listing;
}

function rejected(id: string, message: string): BlobContent {
  return { kind: "rejected", id, message };
}

function contentOf(path: string, bytes: Uint8Array): BlobContent {
  const decoded = decodeFile(path, bytes);
  return "file" in decoded
    ? { kind: "text", text: decoded.file.text }
    : rejected(decoded.warning.id, decoded.warning.message);
}

interface GraphqlBlob {
  text: string | null;
  isBinary: boolean | null;
  byteSize: number;
  isTruncated: boolean;
}

function blobQuery(count: number): string {
  const variables = Array.from({ length: count }, (_, i) => `$o${i}: GitObjectID!`).join(", ");
  const fields = Array.from(
    { length: count },
    (_, i) => `b${i}: object(oid: $o${i}) { ... on Blob { text isBinary byteSize isTruncated } }`,
  ).join(" ");
  return `query($owner: String!, $name: String!, ${variables}) { repository(owner: $owner, name: $name) { ${fields} } }`;
}

async function fetchBatch(
  client: GitHubClient,
  repo: RepoRef,
  batch: TreeFile[],
  options: FetchOptions,
): Promise<Map<string, BlobContent>> {
  const variables: Record<string, string> = { owner: repo.owner, name: repo.repo };
  batch.forEach((file, i) => (variables[`o${i}`] = file.sha));
  if (options.counters) options.counters.blobRequests++;
  const data = await client.graphql<{ repository: Record<string, GraphqlBlob | null> | null }>(
    blobQuery(batch.length),
    variables,
  );
  const contents = new Map<string, BlobContent>();
  for (const [i, file] of batch.entries()) {
    const blob = data.repository?.[`b${i}`];
    if (!blob) {
      contents.set(file.sha, rejected("github/missing-blob", "GitHub did not return this file's content"));
    } else if (blob.isBinary) {
      contents.set(file.sha, rejected("input/binary", "binary file; skipped"));
    } else if (blob.isTruncated || blob.text === null) {
      contents.set(file.sha, await fetchBlobRest(client, repo, file, options));
    } else {
      contents.set(file.sha, contentOf(file.path, new TextEncoder().encode(blob.text)));
    }
  }
  return contents;
}

/** GraphQL shortens large texts; the REST blob endpoint returns the whole file (base64). */
async function fetchBlobRest(
  client: GitHubClient,
  repo: RepoRef,
  file: TreeFile,
  options: FetchOptions,
): Promise<BlobContent> {
  if (options.counters) options.counters.blobRequests++;
  const { data } = await client.request("GET /repos/{owner}/{repo}/git/blobs/{file_sha}", {
    ...repo,
    file_sha: file.sha,
  });
  const bytes =
    data.encoding === "base64" ? Buffer.from(data.content, "base64") : Buffer.from(data.content, "utf8");
  return contentOf(file.path, bytes);
}

function batchesOf(files: TreeFile[]): TreeFile[][] {
  const batches: TreeFile[][] = [];
  let current: TreeFile[] = [];
  let bytes = 0;
  for (const file of files) {
    const size = file.size ?? 0;
    if (current.length >= BLOB_BATCH_SIZE || (current.length > 0 && bytes + size > BLOB_BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * Loads the content of the given files, taking what it can from the blob cache and fetching the rest in GraphQL
 * batches (each distinct blob once). Content problems (binary, too large, missing) are recorded, not thrown;
 * GitHub errors propagate. A blob absent from the result was not fetched before the deadline.
 */
export async function loadBlobs(
  client: GitHubClient,
  repo: RepoRef,
  files: TreeFile[],
  options: FetchOptions,
): Promise<Map<string, BlobContent>> {
  const now = options.now ?? Date.now;
  const contents = new Map<string, BlobContent>();
  const missing = new Map<string, TreeFile>();
  const unique = [...new Map(files.map((file) => [file.sha, file])).values()];
  // All at once: with a shared store each lookup is a round trip, and concurrent ones travel together.
  const cachedContents = await Promise.all(unique.map((file) => options.caches.blobs.get(file.sha)));
  for (const [i, file] of unique.entries()) {
    const cached = cachedContents[i];
    if (cached) {
      contents.set(file.sha, cached);
      if (options.counters) options.counters.blobsFromCache++;
    } else if (file.size !== undefined && file.size > MAX_FILE_BYTES) {
      // Refused before download, with the decoder's own words.
      const warning = tooLarge(file.path, file.size);
      contents.set(file.sha, rejected(warning.id, warning.message));
    } else if (!OBJECT_ID.test(file.sha)) {
      contents.set(
        file.sha,
        rejected("github/missing-blob", "GitHub listed this file with an unusable object id"),
      );
    } else {
      missing.set(file.sha, file);
    }
  }

  const queue = batchesOf([...missing.values()]);
  const runBatches = async () => {
    for (let batch = queue.shift(); batch; batch = queue.shift()) {
      if (now() > options.deadline) return;
      const fetched = await fetchBatch(client, repo, batch, options);
      for (const [sha, content] of fetched) {
        contents.set(sha, content);
        if (options.counters) options.counters.blobsFetched++;
      }
      await Promise.all([...fetched].map(([sha, content]) => options.caches.blobs.set(sha, content)));
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_BATCHES, queue.length) }, runBatches));
  return contents;
}

/** Turns loaded blobs into the engine's input files, and everything unreadable into warnings naming the path. */
export function toInputFiles(
  files: TreeFile[],
  contents: Map<string, BlobContent>,
): { files: InputFile[]; warnings: ExtractionWarning[] } {
  const inputs: InputFile[] = [];
  const warnings: ExtractionWarning[] = [];
  for (const file of files) {
    const content = contents.get(file.sha);
    if (!content) {
      warnings.push({
        id: "input/deadline",
        file: file.path,
        message: "not analysed: the time budget ran out before it was fetched",
      });
    } else if (content.kind === "text") {
      inputs.push({ path: file.path, text: content.text });
    } else {
      warnings.push({ id: content.id, file: file.path, message: content.message });
    }
  }
  return { files: inputs, warnings };
}
