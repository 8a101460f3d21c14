/**
 * The app behind an AWS Lambda function URL or API Gateway route: each invocation is one webhook delivery, verified
 * against WEBHOOK_SECRET before anything runs, then handled by the same app as Probot's server. The answer waits for
 * the analysis, since a frozen function would stop it halfway.
 */
import { createProbot, type ApplicationFunction, type Probot } from "probot";
import { resilientOctokit } from "../github/probot-octokit.js";
import { appFromEnvironment } from "../index.js";

/** The part of a function URL, API Gateway v1 or v2 event that carries a webhook. */
export interface LambdaHttpEvent {
  headers?: Record<string, string | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
}

export interface LambdaHttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export interface LambdaOptions {
  /** Tests pass their own; by default one is built from the environment (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET). */
  probot?: Probot;
  app?: ApplicationFunction;
  env?: NodeJS.ProcessEnv;
}

type Handler = (event: LambdaHttpEvent) => Promise<LambdaHttpResult>;

function answer(statusCode: number, body: Record<string, unknown>): LambdaHttpResult {
  return { statusCode, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

function lowerCaseHeaders(headers: LambdaHttpEvent["headers"]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (typeof value === "string") result[name.toLowerCase()] = value;
  }
  return result;
}

function statusOf(error: unknown): number | undefined {
  const errors = error instanceof AggregateError ? error.errors : [error];
  for (const item of errors) {
    const status = (item as { status?: unknown } | null)?.status;
    if (typeof status === "number") return status;
  }
  return undefined;
}

/** Builds the handler; the app loads once per warm function, on the first invocation. */
export function createLambdaHandler(options: LambdaOptions = {}): Handler {
  let ready: Promise<Probot> | undefined;
  const load = async (): Promise<Probot> => {
    const probot =
      options.probot ??
      createProbot({ env: options.env ?? process.env, overrides: { Octokit: resilientOctokit() } });
    // A frozen function would stop a background analysis halfway: each one ends before the answer.
    await probot.load(options.app ?? appFromEnvironment({ background: false }));
    return probot;
  };
  return async (event) => {
    ready ??= load().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    const probot = await ready;
    const headers = lowerCaseHeaders(event.headers);
    const id = headers["x-github-delivery"];
    const name = headers["x-github-event"];
    const signature = headers["x-hub-signature-256"];
    if (!id || !name || !signature) {
      return answer(400, {
        error: "not a GitHub webhook: X-GitHub-Delivery, X-GitHub-Event and X-Hub-Signature-256 are required",
      });
    }
    const payload = Buffer.from(event.body ?? "", event.isBase64Encoded ? "base64" : "utf8").toString("utf8");
    try {
      await probot.webhooks.verifyAndReceive({ id, name, payload, signature } as Parameters<
        Probot["webhooks"]["verifyAndReceive"]
      >[0]);
    } catch (error) {
      const status = statusOf(error);
      if (status === 400) {
        const badSignature = /signature/i.test(String((error as Error).message));
        return answer(badSignature ? 401 : 400, {
          error: badSignature ? "signature does not match" : "invalid payload",
        });
      }
      probot.log.error({ err: error, delivery: id }, "delivery failed");
      return answer(500, { error: "delivery failed; see the function's log" });
    }
    return answer(200, { ok: true });
  };
}
