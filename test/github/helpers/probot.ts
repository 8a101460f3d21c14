import { generateKeyPairSync } from "node:crypto";
import Bottleneck from "bottleneck";
import { Writable } from "node:stream";
import { pino } from "pino";
import { Probot, ProbotOctokit, type Logger } from "probot";
import { resilientOctokitOptions, type ResilienceOptions } from "../../../src/github/octokit.js";
import { createBoxcutterApp } from "../../../src/index.js";
import { createAppState, type AppState } from "../../../src/github/handlers.js";

/** A throwaway key: Probot signs a JWT with it to ask (the mocked) GitHub for installation tokens. */
export const PRIVATE_KEY = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
}).privateKey;

export const APP_ID = 4242;

export interface TestApp {
  probot: Probot;
  state: AppState;
}

export interface TestProbotOptions {
  retry?: boolean;
  /** The app's own timeouts, retries and rate-limit policy, in place of `retry` (see {@link FAST_RESILIENCE}). */
  resilience?: ResilienceOptions;
  secret?: string;
  /** Where log records go; by default only fatal ones are written. */
  log?: Logger;
}

/** The app's policy with every wait shrunk: a backoff "second" is a millisecond, a timeout 300 ms. */
export const FAST_RESILIENCE: ResilienceOptions = {
  retries: 2,
  retryBaseMs: 1,
  timeoutMs: 300,
  rateLimitRetries: 2,
  maxWaitS: 60,
  secondMs: 1,
};

/** Octokit spaces writes one to three seconds apart; tests keep the limiters but not the pauses. */
function quickLimiters() {
  const group = (maxConcurrent: number) => new Bottleneck.Group({ maxConcurrent });
  return { global: group(10), auth: group(1), search: group(1), write: group(1), notifications: group(1) };
}

function testOctokit(options: TestProbotOptions): typeof ProbotOctokit {
  const { resilience } = options;
  if (resilience) {
    return ProbotOctokit.defaults((instanceOptions: Record<string, unknown>) => {
      const configured = resilientOctokitOptions(instanceOptions, resilience);
      return { ...configured, throttle: { ...(configured.throttle as object), ...quickLimiters() } };
    });
  }
  return ProbotOctokit.defaults((instanceOptions: object) => ({
    ...instanceOptions,
    retry: options.retry ? { enabled: true, retryAfterBaseValue: 1 } : { enabled: false },
    throttle: { enabled: false },
  }));
}

/** Retries and throttling are off so a mocked failure is seen once, unless a test turns them on. */
export function testProbot(options: TestProbotOptions = {}): Probot {
  return new Probot({
    appId: APP_ID,
    privateKey: PRIVATE_KEY,
    ...(options.secret === undefined ? {} : { secret: options.secret }),
    ...(options.log === undefined ? { logLevel: "fatal" as const } : { log: options.log }),
    Octokit: testOctokit(options),
  });
}

export async function createTestApp(
  options: Omit<TestProbotOptions, "secret"> & { state?: Partial<AppState> } = {},
): Promise<TestApp> {
  const { state: overrides, ...probotOptions } = options;
  const state = createAppState(overrides);
  const probot = testProbot(probotOptions);
  await probot.load(createBoxcutterApp(state));
  return { probot, state };
}

/** A logger keeping every record (every level, as parsed JSON) for inspection. */
export function recordingLog(records: Record<string, unknown>[]): Logger {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) records.push(JSON.parse(line));
      done();
    },
  });
  return pino({ level: "trace" }, sink);
}
