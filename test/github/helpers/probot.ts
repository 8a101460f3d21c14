import { generateKeyPairSync } from "node:crypto";
import { Writable } from "node:stream";
import { pino } from "pino";
import { Probot, ProbotOctokit, type Logger } from "probot";
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
  secret?: string;
  /** Where log records go; by default only fatal ones are written. */
  log?: Logger;
}

/** Retries and throttling are off so a mocked failure is seen once, unless a test turns retries on. */
export function testProbot(options: TestProbotOptions = {}): Probot {
  return new Probot({
    appId: APP_ID,
    privateKey: PRIVATE_KEY,
    ...(options.secret === undefined ? {} : { secret: options.secret }),
    ...(options.log === undefined ? { logLevel: "fatal" as const } : { log: options.log }),
    Octokit: ProbotOctokit.defaults((instanceOptions: object) => ({
      ...instanceOptions,
      retry: options.retry ? { enabled: true, retryAfterBaseValue: 1 } : { enabled: false },
      throttle: { enabled: false },
    })),
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
