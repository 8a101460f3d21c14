import type { AddressInfo } from "node:net";
import nock from "nock";
import { Probot, Server } from "probot";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createBoxcutterApp } from "../../src/index.js";
import { createAppState } from "../../src/github/handlers.js";
import { APP_ID, PRIVATE_KEY } from "../github/helpers/probot.js";

let server: Server | undefined;

afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** Probot's own server (what `npm start` and the container run) with the app loaded, on a free port. */
async function startServer(): Promise<string> {
  nock.enableNetConnect("127.0.0.1");
  server = new Server({
    Probot: Probot.defaults({ appId: APP_ID, privateKey: PRIVATE_KEY, secret: "a-secret" }),
    log: pino({ level: "silent" }),
    host: "127.0.0.1",
    port: 0,
  });
  await server.load(createBoxcutterApp(createAppState()));
  const http = await server.start();
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

describe("GET /health", () => {
  it("answers 200 with the package version on Probot's server, and only to GET and HEAD", async () => {
    const base = await startServer();
    const response = await fetch(`${base}/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; version: string };
    const { version } = (await import("../../package.json", { with: { type: "json" } })).default;
    expect(body).toEqual({ status: "ok", version });

    const refused = await fetch(`${base}/health`, { method: "DELETE" });
    expect(refused.status).toBe(405);
    expect(refused.headers.get("allow")).toBe("GET, HEAD");
  });
});
