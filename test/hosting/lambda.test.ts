import { sign } from "@octokit/webhooks-methods";
import { describe, expect, it } from "vitest";
import { createAppState } from "../../src/github/handlers.js";
import { createLambdaHandler, type LambdaHttpEvent } from "../../src/hosting/lambda.js";
import { createBoxcutterApp } from "../../src/index.js";
import { useGitHubMock } from "../github/helpers/github-mock.js";
import { INSTALLATION_ID, pullRequestEvent } from "../github/helpers/payloads.js";
import { testProbot } from "../github/helpers/probot.js";
import { addsDatabase, BASE, firstRun, HEAD, mockAppRun } from "../github/helpers/scenario.js";

const SECRET = "a-real-webhook-secret";

const mock = useGitHubMock();

function handler() {
  return createLambdaHandler({
    probot: testProbot({ secret: SECRET }),
    app: createBoxcutterApp(createAppState()),
  });
}

/** A function URL event as AWS sends it: header names in lower case, the body maybe base64. */
async function webhookEvent(
  options: { base64?: boolean; signature?: string } = {},
): Promise<LambdaHttpEvent> {
  const body = JSON.stringify(pullRequestEvent("opened", { head: HEAD, base: BASE }));
  return {
    headers: {
      "content-type": "application/json",
      "X-GitHub-Delivery": "d-1",
      "x-github-event": "pull_request",
      "x-hub-signature-256": options.signature ?? (await sign(SECRET, body)),
    },
    body: options.base64 ? Buffer.from(body).toString("base64") : body,
    isBase64Encoded: options.base64 ?? false,
  };
}

describe("the AWS Lambda handler", () => {
  it.each([false, true])("verifies and handles a signed delivery (base64 body: %s)", async (base64) => {
    mock.installationToken(INSTALLATION_ID);
    mockAppRun(mock, firstRun(addsDatabase("compose.yaml")));

    const result = await handler()(await webhookEvent({ base64 }));

    expect(result.statusCode).toBe(200);
    const [comment] = mock.bodiesOf("POST", /comments$/) as { body: string }[];
    expect(comment!.body).toContain("`db`");
    // A datastore no trigger justifies: the verdict fails the check.
    const [completed] = mock.bodiesOf("PATCH", /check-runs/) as { conclusion: string }[];
    expect(completed!.conclusion).toBe("failure");
  });

  it("refuses a delivery whose signature does not match, before calling GitHub", async () => {
    const result = await handler()(await webhookEvent({ signature: await sign("another-secret", "{}") }));
    expect(result).toMatchObject({ statusCode: 401, body: expect.stringContaining("signature") });
    expect(mock.requests).toEqual([]);
  });

  it("answers 400 to a request that is not a webhook", async () => {
    const result = await handler()({ headers: { "content-type": "text/plain" }, body: "hello" });
    expect(result).toMatchObject({ statusCode: 400, body: expect.stringContaining("X-GitHub-Delivery") });
    expect(mock.requests).toEqual([]);
  });

  it("answers 500 when the app fails the delivery, so it can be redelivered", async () => {
    const failing = createLambdaHandler({
      probot: testProbot({ secret: SECRET }),
      app: (app) => {
        app.on("pull_request", async () => {
          throw new Error("GitHub answered 502");
        });
      },
    });

    const result = await failing(await webhookEvent());

    expect(result).toMatchObject({ statusCode: 500, body: expect.stringContaining("delivery failed") });
  });
});
