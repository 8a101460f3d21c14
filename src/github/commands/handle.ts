import type { Context } from "probot";
import { parseBodyDeclarations } from "../../analysis/declarations.js";
import { askDelete, askExplain, askMerge } from "../../analysis/questions.js";
import type { SystemGraph } from "../../graph/model.js";
import { deleteMarkdown, explainMarkdown, mergeMarkdown } from "../../report/answers.js";
import { clip, codeSpan } from "../../report/escape.js";
import type { AnalyzeOptions, PullRequestTarget } from "../analyze-pr.js";
import { AnalysisStopped } from "../change-analysis.js";
import { describeError, type GitHubClient, type RepoRef } from "../client.js";
import { COMMENT_LIMIT } from "../comment.js";
import {
  CONFIG_PATH,
  DEFAULT_CONFIG,
  loadAppConfig,
  type BoxcutterConfig,
  type ConfigPluginClient,
  type ConfigResult,
} from "../config.js";
import { currentPullRequest } from "../find-pull-request.js";
import { commitGraphs } from "../head-graphs.js";
import { authorityOf, PermissionLookup } from "../permission.js";
import { commandLines, type CommandLine } from "./lines.js";
import { changesTheCheck, parseCommand, type Command } from "./parse.js";
import {
  bodyDeclarationsStand,
  failedReply,
  helpText,
  invalidReply,
  refusalReply,
  stoppedReply,
} from "./replies.js";

/** Runs the pull request's analysis and report again, with the roles already looked up in this delivery. */
export type Reanalyse = (target: PullRequestTarget, permissions: PermissionLookup) => Promise<void>;

interface Outcome {
  ok: boolean;
  /** Markdown answering the command; commands that change the check answer in the sticky comment instead. */
  reply?: string;
  reanalyse?: boolean;
}

/** What one comment's commands share: who asked, where, the configuration, and the head read at most once. */
interface Session {
  client: GitHubClient;
  repo: RepoRef;
  login: string;
  pullRequestAuthor: string;
  /** The pull request's description as the comment's event carries it. */
  pullRequestBody: string;
  config: BoxcutterConfig;
  permissions: PermissionLookup;
  systems: () => Promise<{ sha: string; systems: SystemGraph[] }>;
}

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= load());
}

/**
 * Answers a question about the head's graphs. Failing to build them (a worker stopped, GitHub unreachable, an
 * error in the analysis) is an answer too: the asker learns why instead of waiting on an `eyes` reaction for ever.
 */
async function atHead(
  session: Session,
  ask: (systems: SystemGraph[]) => { ok: boolean; markdown: string },
): Promise<Outcome> {
  let head: { sha: string; systems: SystemGraph[] };
  try {
    head = await session.systems();
  } catch (error) {
    const reply = error instanceof AnalysisStopped ? stoppedReply(error) : failedReply(describeError(error));
    return { ok: false, reply };
  }
  const { ok, markdown } = ask(head.systems);
  return { ok, reply: `At \`${head.sha.slice(0, 7)}\`:\n\n${markdown}` };
}

async function answer(session: Session, command: Command): Promise<Outcome> {
  const { config } = session;
  const availability = config.availability;
  switch (command.name) {
    case "help":
      return { ok: true, reply: helpText(config.commands.prefix, config.commands.permission) };
    case "invalid":
      return {
        ok: false,
        reply: invalidReply(command.problem, config.commands.prefix, config.commands.permission),
      };
    case "recheck":
    case "justify":
      return { ok: true, reanalyse: true };
    case "unjustify": {
      const inBody = parseBodyDeclarations(session.pullRequestBody, session.pullRequestAuthor);
      return {
        ok: true,
        reanalyse: true,
        ...(inBody.length > 0 ? { reply: bodyDeclarationsStand(inBody.map((d) => d.trigger)) } : {}),
      };
    }
    case "explain":
      return atHead(session, (systems) => {
        const result = askExplain(systems, command.component, availability);
        return { ok: result.kind === "answered", markdown: explainMarkdown(result) };
      });
    case "what-if merge":
      return atHead(session, (systems) => {
        const result = askMerge(systems, command.moved, command.into, availability);
        return { ok: result.kind === "answered", markdown: mergeMarkdown(result) };
      });
    case "what-if delete":
      return atHead(session, (systems) => {
        const result = askDelete(systems, command.component, availability);
        return { ok: result.kind === "answered", markdown: deleteMarkdown(result) };
      });
  }
}

/** The permission gate for commands that change the check: a refusal is an answer, not an error. */
async function gated(session: Session, line: CommandLine, command: Command): Promise<Outcome> {
  if (changesTheCheck(command)) {
    const rules = {
      permission: session.config.commands.permission,
      // Only a justification is refused to the pull request's own author; anyone with the role may re-check.
      allowAuthor: command.name === "justify" ? session.config.justify.allowAuthor : true,
    };
    const authority = await authorityOf(session.permissions, session.login, session.pullRequestAuthor, rules);
    if (!authority.allowed) {
      return {
        ok: false,
        reply: refusalReply(session.login, line.name, rules.permission, authority.level, authority.reason),
      };
    }
  }
  return answer(session, command);
}

async function react(
  client: GitHubClient,
  repo: RepoRef,
  commentId: number,
  content: "eyes" | "+1" | "confused",
) {
  await client.request("POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", {
    ...repo,
    comment_id: commentId,
    content,
  });
}

function replyBody(replies: { line: CommandLine; text: string }[], prefix: string): string {
  const sections = replies.map(({ line, text }) =>
    replies.length === 1
      ? text
      : `${codeSpan(`${prefix} ${line.name} ${line.args.join(" ")}`.trim())}\n\n${text}`,
  );
  return clip(sections.join("\n\n---\n\n"), COMMENT_LIMIT - 100);
}

type CommentContext = Context<"issue_comment.created">;

/** A comment on a pull request by a person, or nothing to do. */
function isPersonOnPullRequest(context: CommentContext): boolean {
  const { comment, issue } = context.payload;
  if (!issue.pull_request) return false;
  // Bots (this app included) never give commands: a reply quoting one must not run it again.
  return (
    comment.user?.type !== "Bot" &&
    !comment.performed_via_github_app &&
    !comment.user?.login.endsWith("[bot]")
  );
}

/** Reads the configuration; the app passes one that keeps it a while per repository. */
export type ConfigLoader = (client: ConfigPluginClient, repo: RepoRef) => Promise<ConfigResult>;

async function configFor(
  client: ConfigPluginClient,
  repo: RepoRef,
  load: ConfigLoader,
): Promise<{ config: BoxcutterConfig; problems: string[] }> {
  const loaded = await load(client, repo);
  return loaded.ok
    ? { config: loaded.config, problems: [] }
    : { config: DEFAULT_CONFIG, problems: loaded.problems };
}

/**
 * Answers the commands of one new pull request comment: `eyes` at once, then one reply with every answer and
 * `+1` (all answered) or `confused` (something refused or not understood). Commands that change the check
 * run the analysis again, which re-reads every justification from the pull request.
 */
export async function handleCommentCommands(
  context: CommentContext,
  options: Omit<AnalyzeOptions, "config">,
  reanalyse: Reanalyse,
  loadConfig: ConfigLoader = loadAppConfig,
): Promise<void> {
  if (!isPersonOnPullRequest(context)) return;
  const { comment, issue, repository } = context.payload;
  const client = context.octokit;
  const repo = { owner: repository.owner.login, repo: repository.name };
  const { config, problems } = await configFor(client, repo, loadConfig);
  const lines = commandLines(comment.body ?? "", config.commands.prefix);
  if (lines.length === 0) return;
  await react(client, repo, comment.id, "eyes");

  const head = once(async () => {
    const current = await currentPullRequest(client, repo, issue.number);
    return { sha: current.headSha, base: current.baseSha };
  });
  const session: Session = {
    client,
    repo,
    login: comment.user?.login ?? "",
    pullRequestAuthor: issue.user?.login ?? "",
    pullRequestBody: issue.body ?? "",
    config,
    permissions: new PermissionLookup(client, repo),
    systems: once(async () => {
      const { sha } = await head();
      const graphs = await commitGraphs(client, repo, sha, { ...options, config });
      return { sha, systems: graphs.systems };
    }),
  };

  const replies: { line: CommandLine; text: string }[] = [];
  let allOk = problems.length === 0;
  let rerun = false;
  if (problems.length > 0) {
    replies.push({
      line: lines[0]!,
      text: `\`${CONFIG_PATH}\` could not be used (the check run lists why), so these answers use the defaults.`,
    });
  }
  for (const line of lines) {
    const outcome = await gated(session, line, parseCommand(line));
    allOk &&= outcome.ok;
    rerun ||= outcome.reanalyse === true;
    if (outcome.reply) replies.push({ line, text: outcome.reply });
  }
  if (rerun) {
    const { sha, base } = await head();
    await reanalyse({ ...repo, number: issue.number, headSha: sha, baseSha: base }, session.permissions);
  }
  if (replies.length > 0) {
    await client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      ...repo,
      issue_number: issue.number,
      body: replyBody(replies, config.commands.prefix),
    });
  }
  await react(client, repo, comment.id, allOk ? "+1" : "confused");
}
