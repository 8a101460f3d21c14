import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { sign } from "@octokit/webhooks-methods";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pullRequestEvent, sha } from "./helpers/payloads.js";
import { APP_ID, PRIVATE_KEY } from "./helpers/probot.js";

/**
 * The app's real server (`npm start`), as a separate process: only deliveries signed with the webhook secret get
 * past it. It runs from an empty directory, so no `.env` can change what it is given, and never reaches GitHub:
 * every delivery here is refused, or is a `ping` the app does not act on.
 */

const ROOT = join(import.meta.dirname, "../..");
const SERVER = join(ROOT, "src/server.ts");
const TSX = pathToFileURL(join(ROOT, "node_modules/tsx/dist/loader.mjs")).href;
const SECRET = "the-real-webhook-secret";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startServer(env: Record<string, string>, cwd: string): Started {
  const child = spawn(process.execPath, ["--import", TSX, SERVER], {
    cwd,
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "info", LOG_FORMAT: "json", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, output: () => output, exited };
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const giveUp = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > giveUp) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("webhook signatures at the app's server", () => {
  const cwd = mkdtempSync(join(tmpdir(), "boxcutter-server-"));
  let server: Started;
  let url: string;
  const body = JSON.stringify(pullRequestEvent("opened", { head: sha("head"), base: sha("base") }));

  beforeAll(async () => {
    const port = await freePort();
    server = startServer(
      {
        NODE_ENV: "production",
        APP_ID: String(APP_ID),
        PRIVATE_KEY,
        WEBHOOK_SECRET: SECRET,
        HOST: "127.0.0.1",
        PORT: String(port),
      },
      cwd,
    );
    url = `http://127.0.0.1:${port}/api/github/webhooks`;
    await until(() => server.output().includes("Listening on"), 30_000);
  }, 40_000);

  afterAll(async () => {
    server?.child.kill();
    await server?.exited;
    rmSync(cwd, { recursive: true, force: true });
  });

  async function post(event: string, payload: string, signature?: string) {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "x-github-event": event,
      "x-github-delivery": `delivery-${Math.random()}`,
    };
    if (signature !== undefined) headers["x-hub-signature-256"] = signature;
    return (await fetch(url, { method: "POST", headers, body: payload })).status;
  }

  it("refuses a delivery without a signature", async () => {
    expect(await post("pull_request", body)).toBe(400);
  });

  it("refuses a delivery signed with another secret", async () => {
    expect(await post("pull_request", body, await sign("not-the-secret", body))).toBe(400);
  });

  it("refuses a malformed signature and a signed body that was changed on the way", async () => {
    expect(await post("pull_request", body, "sha256=not-hex")).toBe(400);
    const tampered = body.replace('"opened"', '"closed"');
    expect(await post("pull_request", tampered, await sign(SECRET, body))).toBe(400);
  });

  it("accepts a delivery signed with the secret", async () => {
    const ping = JSON.stringify({ zen: "Keep it logically awesome.", hook_id: 1 });
    expect(await post("ping", ping, await sign(SECRET, ping))).toBe(200);
    // Refused deliveries reached no handler: nothing was logged about an analysis.
    expect(server.output()).not.toContain("analysis finished");
  });
});

describe("starting the app's server", () => {
  it("exits in production when WEBHOOK_SECRET is unset, before serving anything", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "boxcutter-server-"));
    try {
      const started = startServer(
        { NODE_ENV: "production", APP_ID: String(APP_ID), PRIVATE_KEY, PORT: String(await freePort()) },
        cwd,
      );
      const code = await started.exited;
      expect(code).not.toBe(0);
      expect(started.output()).toContain("WEBHOOK_SECRET is unset");
      expect(started.output()).not.toContain("Listening on");
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 40_000);
});
