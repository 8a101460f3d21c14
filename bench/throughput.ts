/**
 * Webhook throughput: the app's server in its own process on loopback, signed `pull_request` deliveries sent over
 * HTTP by autocannon, GitHub answered by the fake in this process. Each delivery is a new push to its own pull
 * request (a new head commit changing one file), so the run measures the steady state of a busy installation:
 * the base tree and unchanged blobs come from the caches, the head tree and the changed blob are fetched.
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
}

const SECRET = "bench-webhook-secret";
const CONNECTIONS = 8;

interface Delivery {
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

/** One pull request per delivery, each at its own head commit, all on a repository of `files` files. */
function deliveries(github: FakeGitHub, files: number, count: number): Delivery[] {
  const repo = monorepo(files);
  const base = github.commit(repo.base);
  const [changing] = repo.changed;
  return Array.from({ length: count }, (_, index) => {
    const number = index + 1;
    const head = github.commit({ ...repo.head, [changing!]: `${repo.head[changing!]}# push ${number}\n` });
    github.pullRequest(number, base, head);
    const body = JSON.stringify(pullRequestEvent("synchronize", { number, head, base }));
    const signature = `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;
    return { body, signature };
  });
}

/** How long to send deliveries: for some seconds, or a fixed number of them (the smoke test's miniature). */
export type Load = { seconds: number } | { deliveries: number };

async function load(url: string, all: Delivery[], next: { index: number }, amount: Load) {
  return autocannon({
    url,
    method: "POST",
    connections: CONNECTIONS,
    ...("seconds" in amount ? { duration: amount.seconds } : { amount: amount.deliveries }),
    requests: [
      {
        setupRequest: (request) => {
          const delivery = all[next.index++ % all.length]!;
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

/** Measures one app; a timed run comes after a warm-up of one delivery per connection. */
async function throughputOf(
  scripts: Scripts,
  kind: ThroughputRow["app"],
  githubUrl: string,
  all: Delivery[],
  amount: Load,
): Promise<ThroughputRow> {
  const { child, url } = await startApp(scripts, kind, githubUrl);
  try {
    const next = { index: 0 };
    if ("seconds" in amount) await load(url, all, next, { deliveries: CONNECTIONS });
    const result = await load(url, all, next, amount);
    return {
      app: kind,
      deliveriesPerSecond: result["2xx"] / (result.duration || 1),
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      failed: result.non2xx + result.errors + result.timeouts,
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
      await throughputOf(scripts, "noop", githubUrl, all, amount),
      await throughputOf(scripts, "boxcutter", githubUrl, all, amount),
    ];
  } finally {
    await github.close();
  }
}
