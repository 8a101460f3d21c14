import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import { DEFAULT_RESILIENCE, resilientOctokitOptions } from "../github/octokit.js";
import { analyzePullRequest, type PullRequestAnalysis } from "../github/analyze-pr.js";
import { completeCheckRun, startCheckRun } from "../github/check-run.js";
import { describeError, httpStatusOf, type PullRequestRef } from "../github/client.js";
import {
  commentBody,
  upsertStickyComment,
  writtenByBot,
  type CommentMode,
  type CommentOwnership,
} from "../github/comment.js";
import { loadRepoConfig } from "../github/config.js";
import { createFileCaches } from "../github/fetch-files.js";
import { currentPullRequest } from "../github/find-pull-request.js";
import { gateLines } from "../github/gate.js";
import type { Standing } from "../github/justifications.js";
import { plainText } from "../report/escape.js";
import type { CliCommand, CliIo } from "./main.js";
import {
  COMMON_USAGE,
  UsageError,
  parseCommandArgs,
  renderReport,
  type CommonArgs,
  type OutputFormat,
} from "./output.js";

const USAGE = `usage: boxcutter pr <owner>/<repo>#<number> [--post] [options]

Fetches a pull request's infrastructure files from GitHub (at its merge base and head) and prints
the report the GitHub App would post. The token comes from GITHUB_TOKEN (or GH_TOKEN); public
repositories also work without one, within GitHub's anonymous rate limit. GITHUB_API_URL points
at GitHub Enterprise Server. Server errors and lost connections are retried 3 times, 1, 4 and 9 s
apart (BOXCUTTER_GITHUB_RETRIES=0 fails at once); rate limits are waited out when under a minute.

  --post                          also write the sticky comment and, where the token may, the check run
  --declare "<trigger> <reason>"  judge the change as if the pull request body said so (repeatable; not
                                  with --post: write it in the body, where every analysis reads it)
  --gate                          exit 1 when the check would fail (the verdict, or a limit under \`gate\`)
${COMMON_USAGE}

Only GitHub App tokens (such as the GITHUB_TOKEN of GitHub Actions with \`checks: write\`) can
write check runs; with a personal token --post writes the comment and says so.

The verdict and the limits of .github/boxcutter.yml lead the report (on stderr with --format
json|mermaid). Declarations in the pull request's body and comments are not read here (their authors'
roles need a token with admin rights): pass them with --declare.

Exit status: 0 report printed, 1 GitHub could not be read or written or, with --gate, the check
would fail, 2 usage error.`;

const TARGET = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)#(\d+)$/;
const TARGET_URL = /^https:\/\/[^/]+\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)\/pull\/(\d+)\/?$/;

export function parseTarget(text: string): PullRequestRef {
  const match = TARGET.exec(text) ?? TARGET_URL.exec(text);
  if (!match) throw new UsageError(`expected <owner>/<repo>#<number> (or a pull request URL), got '${text}'`);
  return { owner: match[1]!, repo: match[2]!, number: Number(match[3]) };
}

/** With a personal token the comment is the user's, so their own earlier comment is the sticky one. */
async function ownership(client: Octokit): Promise<CommentOwnership> {
  try {
    const { data } = await client.rest.users.getAuthenticated();
    return (comment) => writtenByBot(comment) || comment.user?.login === data.login;
  } catch {
    // App and Actions tokens cannot read /user; their comments are a bot's.
    return writtenByBot;
  }
}

async function post(
  client: Octokit,
  pr: PullRequestRef,
  headSha: string,
  analysis: PullRequestAnalysis,
  commentMode: CommentMode,
  io: CliIo,
): Promise<number> {
  const repo = { owner: pr.owner, repo: pr.repo };
  if (analysis.kind === "analysed" && commentMode !== "off") {
    const marker = { head: headSha, at: new Date().toISOString(), fingerprint: analysis.commentFingerprint };
    const body = commentBody(marker, analysis.markdown);
    try {
      const decision = await upsertStickyComment(
        client,
        pr,
        { marker, body, changed: analysis.report.changed },
        await ownership(client),
        commentMode,
      );
      io.stderr(
        decision.action === "skip"
          ? `comment left as is (${decision.reason})\n`
          : `comment ${decision.action}d\n`,
      );
    } catch (error) {
      io.stderr(`boxcutter pr: could not write the comment: ${describeError(error)}\n`);
      return 1;
    }
  }
  try {
    const checkRunId = await startCheckRun(client, repo, headSha, new Date());
    await completeCheckRun(
      client,
      { ...repo, checkRunId, headSha },
      analysis.conclusion,
      analysis.checkRun,
      new Date(),
    );
    io.stderr("check run written\n");
  } catch (error) {
    const status = httpStatusOf(error);
    if (status === 403 || status === 404) {
      io.stderr(
        "check run not written: this token may not write check runs. Only GitHub App installation tokens can " +
          "(for example the GITHUB_TOKEN of GitHub Actions with `permissions: checks: write`); personal access " +
          "tokens cannot.\n",
      );
    } else {
      io.stderr(`boxcutter pr: could not write the check run: ${describeError(error)}\n`);
      return 1;
    }
  }
  return 0;
}

export const prCommand: CliCommand = {
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const postRequested = args.includes("--post");
    // Set by the check below, which runs before any use.
    let target!: PullRequestRef;
    const parsed = parseCommandArgs(
      "pr",
      USAGE,
      args.filter((arg) => arg !== "--post"),
      io,
      (parsed) => {
        if (parsed.git !== undefined || parsed.repo !== undefined)
          throw new UsageError("--git and --repo do not apply to pr");
        if (parsed.positionals.length !== 1)
          throw new UsageError(`expected one pull request, got ${parsed.positionals.length}`);
        target = parseTarget(parsed.positionals[0]!);
        if (postRequested && !(io.env.GITHUB_TOKEN || io.env.GH_TOKEN))
          throw new UsageError("--post needs GITHUB_TOKEN");
        if (postRequested && (parsed.declarations ?? []).length > 0)
          throw new UsageError(
            "--declare is not posted: write `boxcutter: <trigger> <reason>` in the pull request body, where every analysis reads it",
          );
      },
    );
    if (typeof parsed === "number") return parsed;

    const token = io.env.GITHUB_TOKEN || io.env.GH_TOKEN;
    const client = cliClient(token, io);
    const repo = { owner: target.owner, repo: target.repo };
    try {
      const pr = await currentPullRequest(client, repo, target.number);
      const loaded = await loadRepoConfig(client, repo);
      if (!loaded.ok) {
        io.stderr(
          `boxcutter pr: invalid configuration in ${loaded.source}:\n${loaded.problems.map((p) => `  - ${p}\n`).join("")}`,
        );
        return 1;
      }
      const config =
        parsed.componentAvailability === undefined
          ? loaded.config
          : { ...loaded.config, availability: parsed.componentAvailability };
      const analysis = await analyzePullRequest(
        client,
        { ...target, headSha: pr.headSha, baseSha: pr.baseSha },
        { config, caches: createFileCaches(), declarations: async () => declared(parsed, pr.headSha) },
      );
      printAnalysis(analysis, parsed.format, io);
      const posted = postRequested ? await post(client, target, pr.headSha, analysis, config.comment, io) : 0;
      return posted !== 0 ? posted : parsed.gate && analysis.conclusion === "failure" ? 1 : 0;
    } catch (error) {
      io.stderr(`boxcutter pr: ${describeError(error)}\n${token ? "" : tokenHint(error)}`);
      return 1;
    }
  },
};

/** `--declare` stands at the head under review, like a line of the pull request body. */
function declared(parsed: CommonArgs, headSha: string): Standing[] {
  return (parsed.declarations ?? []).map((declaration, index) => ({
    key: `cli-${index}`,
    declaration: { ...declaration, headSha },
  }));
}

/** The comment the app would post; JSON and Mermaid stay parseable on stdout, the verdict goes to stderr. */
function printAnalysis(analysis: PullRequestAnalysis, format: OutputFormat, io: CliIo): void {
  if (analysis.kind !== "analysed") {
    io.stdout(`${analysis.checkRun.summary}\n`);
    return;
  }
  if (format === "markdown") {
    io.stdout(analysis.markdown.endsWith("\n") ? analysis.markdown : `${analysis.markdown}\n`);
    return;
  }
  io.stdout(
    renderReport(analysis.report, format, "diff", { verdict: analysis.verdict, gate: analysis.gate }),
  );
  io.stderr(`${plainText(analysis.verdict.line)}\n`);
  for (const line of gateLines(analysis.gate)) io.stderr(`${line}\n`);
}

/** The app's policy (timeouts, retries of 5xx and lost connections, rate limits of up to a minute waited out). */
const RetryingOctokit = Octokit.plugin(retry, throttling);
/** 1, 4 and 9 s apart: a person waits at the terminal, so one more try than the app makes. */
const DEFAULT_RETRIES = 3;

function cliClient(token: string | undefined, io: CliIo): Octokit {
  const retries = Number(io.env.BOXCUTTER_GITHUB_RETRIES ?? DEFAULT_RETRIES);
  const options = resilientOctokitOptions(
    {
      ...(token ? { auth: token } : {}),
      ...(io.env.GITHUB_API_URL ? { baseUrl: io.env.GITHUB_API_URL } : {}),
      userAgent: "boxcutter-cli",
    },
    { ...DEFAULT_RESILIENCE, retries: Number.isInteger(retries) && retries >= 0 ? retries : DEFAULT_RETRIES },
    (message) => io.stderr(`${message}\n`),
  );
  return new RetryingOctokit(options);
}

/** Without a token, GitHub hides private repositories (404) and allows 60 requests an hour (403, 429). */
function tokenHint(error: unknown): string {
  const status = httpStatusOf(error);
  if (status !== 401 && status !== 403 && status !== 404 && status !== 429) return "";
  return (
    "No token was given: set GITHUB_TOKEN (or GH_TOKEN) to one that can read the repository; without one " +
    "GitHub shows public repositories only, at 60 requests an hour.\n"
  );
}
