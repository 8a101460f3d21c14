import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sign } from "@octokit/webhooks-methods";
import nock from "nock";
import { createNodeMiddleware, Probot } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DeliveryDeduper } from "../../src/github/delivery.js";
import { createAppState } from "../../src/github/handlers.js";
import boxcutterApp, { assertWebhookSecret, createBoxcutterApp } from "../../src/index.js";
import { GitHubMock } from "./helpers/github-mock.js";
import { INSTALLATION_ID, pullRequestEvent, sha } from "./helpers/payloads.js";
import { APP_ID, PRIVATE_KEY, testProbot } from "./helpers/probot.js";
import {
  mockCheckCreate,
  mockCheckUpdates,
  mockCompare,
  mockNoConfig,
  mockPull,
} from "./helpers/scenario.js";

const SECRET = "a-real-webhook-secret";

/** Counts deliveries that reached the app's handlers. */
class CountingDeduper extends DeliveryDeduper {
  calls = 0;
  override claim(id: string): ReturnType<DeliveryDeduper["claim"]> {
    this.calls++;
    return super.claim(id);
  }
}

let mock: GitHubMock;
let server: Server;
let url: string;
let deliveries: CountingDeduper;

beforeEach(async () => {
  mock = new GitHubMock();
  nock.enableNetConnect("127.0.0.1");
  deliveries = new CountingDeduper();
  const probot = testProbot({ secret: SECRET });
  const middleware = await createNodeMiddleware(createBoxcutterApp(createAppState({ deliveries })), {
    probot,
  });
  server = createServer((req, res) => {
    void middleware(req, res, () => res.writeHead(404).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  mock.verifyAndDispose();
});

function post(body: string, signature: string, delivery: string) {
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": "pull_request",
      "x-github-delivery": delivery,
      "x-hub-signature-256": signature,
    },
    body,
  });
}

describe("the webhook server", () => {
  const head = sha("head");
  const base = sha("base");
  const body = JSON.stringify(pullRequestEvent("opened", { head, base }));

  it("rejects a delivery with a bad signature before any handler runs", async () => {
    const forged = await sign("not-the-secret", body);
    const response = await post(body, forged, "forged-1");
    expect(response.status).toBe(400);
    expect(deliveries.calls).toBe(0);
    expect(mock.requests).toEqual([]);
  });

  it("runs the app for a correctly signed delivery", async () => {
    mock.installationToken(INSTALLATION_ID);
    mockPull(mock, 7, head, base);
    mockCheckCreate(mock, 5);
    mockNoConfig(mock);
    mockCompare(mock, base, head, ["docs/index.md"]);
    mockCheckUpdates(mock, 5);

    const response = await post(body, await sign(SECRET, body), "signed-1");

    expect(response.status).toBe(200);
    expect(deliveries.calls).toBe(1);
    expect((mock.bodiesOf("PATCH", /check-runs\/5/)[0] as { conclusion: string }).conclusion).toBe("success");
  });
});

describe("starting in production", () => {
  it("refuses Probot's default `development` secret or none, and accepts a real one", () => {
    expect(() => assertWebhookSecret({ NODE_ENV: "production" })).toThrow(/WEBHOOK_SECRET/);
    expect(() => assertWebhookSecret({ NODE_ENV: "production", WEBHOOK_SECRET: "development" })).toThrow(
      /WEBHOOK_SECRET/,
    );
    expect(() => assertWebhookSecret({ NODE_ENV: "production", WEBHOOK_SECRET: SECRET })).not.toThrow();
    expect(() => assertWebhookSecret({ NODE_ENV: "development" })).not.toThrow();
  });

  it("fails the app's load, so `probot run` exits instead of serving", async () => {
    const saved = { NODE_ENV: process.env.NODE_ENV, WEBHOOK_SECRET: process.env.WEBHOOK_SECRET };
    process.env.NODE_ENV = "production";
    delete process.env.WEBHOOK_SECRET;
    try {
      const probot = new Probot({ appId: APP_ID, privateKey: PRIVATE_KEY, logLevel: "fatal" });
      await expect(probot.load(boxcutterApp)).rejects.toThrow(/WEBHOOK_SECRET/);
    } finally {
      process.env.NODE_ENV = saved.NODE_ENV;
      if (saved.WEBHOOK_SECRET === undefined) delete process.env.WEBHOOK_SECRET;
      else process.env.WEBHOOK_SECRET = saved.WEBHOOK_SECRET;
    }
  });
});
