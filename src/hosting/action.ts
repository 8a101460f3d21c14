/**
 * The app inside a GitHub Actions job: the workflow's token instead of an App's key, and the one event that started
 * the job (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH) instead of a webhook server. Same handlers, same check run and
 * comment; the step fails when the gate fails, so the workflow's own status can gate merges too.
 */
import { readFile } from "node:fs/promises";
import { Probot, type Logger, type ProbotOctokit } from "probot";
import { createAppState, type AnalysisOutcome } from "../github/handlers.js";
import { resilientOctokit } from "../github/probot-octokit.js";
import { createBoxcutterApp } from "../index.js";

type WebhookEvent = Parameters<Probot["receive"]>[0];

export interface ActionOptions {
  /** Tests turn off retries and throttling through their own Octokit class. */
  Octokit?: typeof ProbotOctokit;
  log?: Logger;
  /** Where workflow commands (`::error::`) go; the runner reads them from stdout. */
  write?: (line: string) => void;
}

const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

/** A workflow command's message: newlines and `%` are encoded as the runner expects. */
function commandText(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function logLevel(env: NodeJS.ProcessEnv): LogLevel {
  const wanted = env.LOG_LEVEL;
  if ((LOG_LEVELS as readonly string[]).includes(wanted ?? "")) return wanted as LogLevel;
  return env.RUNNER_DEBUG === "1" ? "debug" : "info";
}

/** The `github-token` input (as the runner passes it), else GITHUB_TOKEN from the step's env. */
function tokenOf(env: NodeJS.ProcessEnv): string | undefined {
  return env["INPUT_GITHUB-TOKEN"]?.trim() || env.GITHUB_TOKEN?.trim() || undefined;
}

async function readEvent(env: NodeJS.ProcessEnv): Promise<WebhookEvent> {
  const name = env.GITHUB_EVENT_NAME;
  const path = env.GITHUB_EVENT_PATH;
  if (!name || !path) {
    throw new Error(
      "GITHUB_EVENT_NAME and GITHUB_EVENT_PATH are unset: run boxcutter's action in a workflow job.",
    );
  }
  let payload: unknown;
  try {
    payload = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new Error(
      `could not read the event payload ${path}: ${error instanceof Error ? error.message : error}`,
    );
  }
  // A re-run of the job is a new attempt at the same event: give it its own delivery id.
  const id = `${env.GITHUB_RUN_ID ?? "local"}.${env.GITHUB_RUN_ATTEMPT ?? "1"}`;
  // pull_request_target carries the same payload with a token that may write on fork pull requests; boxcutter
  // reads files through the API and runs nothing from them, so it is handled as pull_request.
  const handledAs = name === "pull_request_target" ? "pull_request" : name;
  return { id, name: handledAs, payload } as WebhookEvent;
}

/** Runs the app on the job's event; resolves to the step's exit status. */
export async function runAction(env: NodeJS.ProcessEnv, options: ActionOptions = {}): Promise<number> {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const fail = (message: string): number => {
    write(`::error title=boxcutter::${commandText(message)}`);
    return 1;
  };
  const githubToken = tokenOf(env);
  if (!githubToken) {
    return fail(
      "No token: pass `github-token: ${{ github.token }}` (the default) and grant the job `checks: write`, " +
        "`pull-requests: write` and `contents: read`.",
    );
  }
  let event: WebhookEvent;
  try {
    event = await readEvent(env);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }

  const outcomes: AnalysisOutcome[] = [];
  const probot = new Probot({
    githubToken,
    ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {}),
    Octokit: options.Octokit ?? resilientOctokit(),
    ...(options.log ? { log: options.log } : { logLevel: logLevel(env) }),
  });
  await probot.load(createBoxcutterApp(createAppState({ onOutcome: (outcome) => outcomes.push(outcome) })));
  try {
    await probot.receive(event);
  } catch (error) {
    return fail(`could not analyse this event: ${describeAll(error)}`);
  }
  if (outcomes.includes("failure")) {
    return fail(
      "The boxcutter gate failed: the check run says why (a limit exceeded, or distribution no trigger justifies).",
    );
  }
  if (outcomes.includes("neutral")) {
    write("::warning title=boxcutter::The analysis could not finish; the check run says why.");
  }
  return 0;
}

/** Probot gathers handler errors into an AggregateError; name each one. */
function describeAll(error: unknown): string {
  const errors = error instanceof AggregateError ? error.errors : [error];
  return errors.map((item) => (item instanceof Error ? item.message : String(item))).join("; ");
}
