/**
 * Webhook throughput: the app's server in its own process on loopback, signed `pull_request` deliveries sent over
 * HTTP by autocannon, GitHub answered by the fake in this process. Each delivery is a new push (a new head commit
 * changing one file) to one of 50 open pull requests, so the run measures the steady state of a busy
 * installation: the base tree and unchanged blobs come from the caches, the head tree and the changed blob are
 * fetched. The server answers before it analyses, so two rates are reported: deliveries answered per second, and
 * analyses completed per second from the start of the load until the last answered delivery was worked off.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { createServer } from "node:net";
import autocannon from "autocannon";
import { pullRequestEvent } from "../test/github/helpers/payloads.js";
import { FakeGitHub } from "./fake-github.js";
import { monorepo } from "./monorepo.js";
import type { Scripts } from "./processes.js";

export interface ThroughputRow {
  app: "boxcutter" | "noop";
  deliveriesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  failed: number;
  /** Deliveries answered in the timed run. */
  deliveries: number;
  /** Analyses that wrote a result (the app only), and how many per second of load plus drain. */
  analyses?: number;
  /** Analyses overtaken by a newer push to their pull request before they could write (work done, not shown). */
  superseded?: number;
  analysesPerSecond?: number;
  /** How long the work answered for took to finish after the load stopped. */
  drainMs?: number;
}

const SECRET = "bench-webhook-secret";
const CONNECTIONS = 8;
/** Open pull requests the pushes go to: pushes to a busy one wait and are analysed together. */
const PULL_REQUESTS = 50;

interface Delivery {
  number: number;
  base: string;
  head: string;
  body: string;
  signature: string;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startApp(
  scripts: Scripts,
  kind: ThroughputRow["app"],
  githubUrl: string,
): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...scripts.appServer, kind, githubUrl, String(port)], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, NODE_ENV: "production", WEBHOOK_SECRET: SECRET, LOG_LEVEL: "warn" },
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("listening")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`the ${kind} app server exited with ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}/api/github/webhooks` };
}

/** Pushes to the open pull requests in turn, each a new head commit, all on a repository of `files` files. */
function deliveries(github: FakeGitHub, files: number, count: number): Delivery[] {
  const repo = monorepo(files);
  const base = github.commit(repo.base);
  const [changing] = repo.changed;
  return Array.from({ length: count }, (_, index) => {
    const number = (index % PULL_REQUESTS) + 1;
    const head = github.commit({ ...repo.head, [changing!]: `${repo.head[changing!]}# push ${index}\n` });
    const body = JSON.stringify(pullRequestEvent("synchronize", { number, head, base }));
    const signature = `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;
    return { number, base, head, body, signature };
  });
}

/** How long to send deliveries: for some seconds, or a fixed number of them (the smoke test's miniature). */
export type Load = { seconds: number } | { deliveries: number };

async function load(github: FakeGitHub, url: string, all: Delivery[], next: { index: number }, amount: Load) {
  return autocannon({
    url,
    method: "POST",
    connections: CONNECTIONS,
    ...("seconds" in amount ? { duration: amount.seconds } : { amount: amount.deliveries }),
    requests: [
      {
        setupRequest: (request) => {
          const delivery = all[next.index++ % all.length]!;
          // The push happens, then GitHub sends its webhook.
          github.pullRequest(delivery.number, delivery.base, delivery.head);
          return {
            ...request,
            body: delivery.body,
            headers: {
              "content-type": "application/json",
              "x-github-event": "pull_request",
              "x-github-delivery": randomUUID(),
              "x-hub-signature-256": delivery.signature,
            },
          };
        },
      },
    ],
  });
}

/** Waits until the server has worked off every delivery it answered (the no-op app has nothing to work off). */
async function drained(url: string): Promise<void> {
  const response = await fetch(new URL("/bench/drained", url));
  if (!response.ok) throw new Error(`the app server could not report its backlog: ${response.status}`);
}

/** Measures one app; a timed run comes after a warm-up of one delivery per connection, worked off first. */
async function throughputOf(
  scripts: Scripts,
  kind: ThroughputRow["app"],
  github: FakeGitHub,
  githubUrl: string,
  all: Delivery[],
  amount: Load,
): Promise<ThroughputRow> {
  const { child, url } = await startApp(scripts, kind, githubUrl);
  try {
    const next = { index: 0 };
    if ("seconds" in amount) await load(github, url, all, next, { deliveries: CONNECTIONS });
    await drained(url);
    github.checkUpdates.length = 0;
    const started = performance.now();
    const result = await load(github, url, all, next, amount);
    const loaded = performance.now();
    await drained(url);
    const finished = performance.now();
    const row: ThroughputRow = {
      app: kind,
      deliveriesPerSecond: result["2xx"] / (result.duration || 1),
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      failed: result.non2xx + result.errors + result.timeouts,
      deliveries: result["2xx"],
    };
    if (kind === "noop") return row;
    // A result is a completed check run with the verdict; a run overtaken by a push ends as "Superseded".
    const analyses = github.checkUpdates.filter((update) =>
      /"conclusion":"(success|failure)"/.test(update),
    ).length;
    return {
      ...row,
      analyses,
      superseded: github.checkUpdates.filter((update) => update.includes('"title":"Superseded"')).length,
      analysesPerSecond: analyses / ((finished - started) / 1000),
      drainMs: finished - loaded,
    };
  } finally {
    child.kill();
  }
}

/** The no-op app and boxcutter on the same server, the same deliveries and the same fake GitHub. */
export async function throughput(scripts: Scripts, files: number, amount: Load): Promise<ThroughputRow[]> {
  const github = new FakeGitHub();
  const githubUrl = await github.listen();
  try {
    const all = deliveries(github, files, 5000);
    return [
      await throughputOf(scripts, "noop", github, githubUrl, all, amount),
      await throughputOf(scripts, "boxcutter", github, githubUrl, all, amount),
    ];
  } finally {
    await github.close();
  }
}
