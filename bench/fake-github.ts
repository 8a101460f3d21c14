/**
 * A small GitHub on loopback: the endpoints the app calls for a pull request event, answered from repositories
 * held in memory, counting every request. It lets the app run unchanged, with only its base URL pointing here.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Files } from "./monorepo.js";

interface PullRequest {
  base: string;
  head: string;
}

/** Git's blob id, so equal content shares a SHA as on GitHub. */
export function blobSha(text: string): string {
  return createHash("sha1")
    .update(`blob ${Buffer.byteLength(text)}\0${text}`)
    .digest("hex");
}

export class FakeGitHub {
  /** Requests answered since the last `resetCount`. */
  requests = 0;
  /** Requests no route answered (a change in the app's calls shows up here rather than as a wrong count). */
  readonly unknown: string[] = [];
  /** Bodies of the check run updates, to tell a complete analysis from a partial one. */
  readonly checkUpdates: string[] = [];
  /** `.github/boxcutter.yml` of the owner's `.github` repository (an organisation-wide configuration). */
  ownerConfig: string | undefined;
  private readonly commits = new Map<string, Files>();
  private readonly blobs = new Map<string, string>();
  private readonly pulls = new Map<number, PullRequest>();
  private nextId = 1000;
  private server: Server | undefined;

  /** Adds a commit with the files given; returns its SHA. */
  commit(files: Files): string {
    const sha = createHash("sha1")
      .update(JSON.stringify(Object.entries(files).map(([path, text]) => [path, blobSha(text)])))
      .digest("hex");
    this.commits.set(sha, files);
    for (const text of Object.values(files)) this.blobs.set(blobSha(text), text);
    return sha;
  }

  pullRequest(number: number, base: string, head: string): void {
    this.pulls.set(number, { base, head });
  }

  resetCount(): void {
    this.requests = 0;
  }

  async listen(): Promise<string> {
    this.server = createServer((request, response) => void this.handle(request, response));
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body =
      chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown) : undefined;
    this.requests++;
    const url = new URL(request.url ?? "/", "http://github.local");
    const ownerConfig = /^\/repos\/[^/]+\/\.github\/contents\//.test(url.pathname)
      ? this.ownerConfig
      : undefined;
    if (ownerConfig !== undefined) {
      response.writeHead(200, { "content-type": "application/vnd.github.raw; charset=utf-8" });
      response.end(ownerConfig);
      return;
    }
    if (request.method === "PATCH" && url.pathname.includes("/check-runs/"))
      this.checkUpdates.push(JSON.stringify(body));
    const [status, answer] = this.route(request.method ?? "GET", url, body);
    if (status === 404 && !url.pathname.includes("/contents/"))
      this.unknown.push(`${request.method} ${url.pathname}`);
    response.writeHead(status, { "content-type": "application/json; charset=utf-8" });
    response.end(JSON.stringify(answer));
  }

  private route(method: string, url: URL, body: unknown): [number, unknown] {
    const path = decodeURIComponent(url.pathname);
    let match: RegExpMatchArray | null;
    if (method === "POST" && /^\/app\/installations\/\d+\/access_tokens$/.test(path)) {
      return [201, { token: "ghs_bench", expires_at: new Date(Date.now() + 3_600_000).toISOString() }];
    }
    if (method === "POST" && path === "/graphql") return [200, this.graphqlBlobs(body)];
    if ((match = path.match(/^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)$/))) {
      const pull = this.pulls.get(Number(match[1]));
      if (!pull) return [404, { message: "Not Found" }];
      return [
        200,
        { number: Number(match[1]), state: "open", head: { sha: pull.head }, base: { sha: pull.base } },
      ];
    }
    if (method === "POST" && /\/check-runs$/.test(path))
      return [201, { id: this.nextId++, status: "in_progress" }];
    if (method === "PATCH" && (match = path.match(/\/check-runs\/(\d+)$/)))
      return [200, { id: Number(match[1]) }];
    if (path.includes("/contents/")) return [404, { message: "Not Found" }];
    if ((match = path.match(/\/compare\/([0-9a-f]+)\.\.\.([0-9a-f]+)$/)))
      return this.compare(match[1]!, match[2]!);
    if ((match = path.match(/\/git\/trees\/([0-9a-f]+)$/))) return this.tree(match[1]!);
    if (method === "GET" && /\/issues\/\d+\/comments$/.test(path)) return [200, []];
    if (method === "POST" && /\/issues\/\d+\/comments$/.test(path)) return [201, { id: this.nextId++ }];
    if (method === "PATCH" && (match = path.match(/\/issues\/comments\/(\d+)$/)))
      return [200, { id: Number(match[1]) }];
    return [404, { message: "Not Found" }];
  }

  private compare(base: string, head: string): [number, unknown] {
    const before = this.commits.get(base);
    const after = this.commits.get(head);
    if (!before || !after) return [404, { message: "Not Found" }];
    const paths = new Set([...Object.keys(before), ...Object.keys(after)]);
    const files = [...paths]
      .filter((path) => before[path] !== after[path])
      .slice(0, 300)
      .map((filename) => ({
        filename,
        status:
          before[filename] === undefined ? "added" : after[filename] === undefined ? "removed" : "modified",
      }));
    return [200, { merge_base_commit: { sha: base }, files }];
  }

  private tree(sha: string): [number, unknown] {
    const files = this.commits.get(sha);
    if (!files) return [404, { message: "Not Found" }];
    const tree = Object.entries(files).map(([path, text]) => ({
      path,
      mode: "100644",
      type: "blob",
      sha: blobSha(text),
      size: Buffer.byteLength(text),
    }));
    return [200, { sha, truncated: false, tree }];
  }

  private graphqlBlobs(body: unknown): unknown {
    const variables = (body as { variables?: Record<string, string> }).variables ?? {};
    const repository: Record<string, unknown> = {};
    for (const [name, oid] of Object.entries(variables)) {
      if (!/^o\d+$/.test(name)) continue;
      const text = this.blobs.get(oid);
      repository[`b${name.slice(1)}`] =
        text === undefined
          ? null
          : { text, isBinary: false, byteSize: Buffer.byteLength(text), isTruncated: false };
    }
    return { data: { repository } };
  }
}
