import type { Context, Probot } from "probot";
import type { CheckRunOutput } from "../report/check-run.js";
import { analyzePullRequest, type PullRequestAnalysis, type PullRequestTarget } from "./analyze-pr.js";
import { handleCommentCommands } from "./commands/handle.js";
import {
  CHECK_NAME,
  completeCheckRun,
  startCheckRun,
  type CheckConclusion,
  type CheckRunRef,
} from "./check-run.js";
import type { ChangeAnalyser, GraphsBuilder } from "./change-analysis.js";
import { describeError, type GitHubClient, type RepoRef } from "./client.js";
import {
  commentBody,
  listComments,
  stickyIn,
  upsertStickyComment,
  writtenByBot,
  type CommentMode,
  type IssueComment,
} from "./comment.js";
import { parseRecords } from "./declaration-records.js";
import { standingDeclarations } from "./justifications.js";
import { PermissionLookup } from "./permission.js";
import { loadAppConfig, type ConfigPluginClient } from "./config.js";
import { ConfigCache } from "./config-cache.js";
import { DeliveryDeduper } from "./delivery.js";
import { createFileCaches, newCounters, type FileCaches } from "./fetch-files.js";
import { currentPullRequest, findPullRequestByHead } from "./find-pull-request.js";
import { countRequests, type HookableClient } from "./request-count.js";
import { Leases } from "./store/lease.js";
import { MemoryStore } from "./store/memory.js";
import type { SharedStore } from "./store/store.js";
import { Backlog, CoalescingQueue, Pacer } from "./work-queue.js";

export const PULL_REQUEST_EVENTS = [
  "pull_request.opened",
  "pull_request.reopened",
  "pull_request.synchronize",
  "pull_request.ready_for_review",
  "pull_request.edited",
] as const;

/** Everything the app keeps between deliveries: in this process's memory, or shared by replicas through Redis. */
export interface AppState {
  store: SharedStore;
  deliveries: DeliveryDeduper;
  /** This process's analyses: a few at once, one at a time per pull request, a waiting one replaced by a newer. */
  analyses: CoalescingQueue<Run>;
  /**
   * A server answers GitHub as soon as a delivery is verified and claimed, and analyses afterwards (GitHub gives up
   * on a delivery after 10 s). A Lambda function (frozen once it answers) and an Actions step (its exit status is
   * the gate) work before answering.
   */
  background: boolean;
  /** What a server still owes the deliveries it answered; a shutdown waits for it. */
  backlog: Backlog;
  /** A server's sense of incoming load: while deliveries keep coming, answering them comes first. */
  pacer?: Pacer;
  /** Keeps replicas from analysing the same pull request at once. */
  leases: Leases;
  caches: FileCaches;
  /** Where fetched files are compared: a server's worker threads; by default this thread. */
  analyser?: ChangeAnalyser;
  /** Where the commands build a commit's graphs: the same worker threads; by default this thread. */
  graphBuilder?: GraphsBuilder;
  /** The configuration as comments read it (their command prefix), kept a minute per repository. */
  configs: ConfigCache;
  now: () => number;
  /** Told how each analysis ended; a workflow step uses it to fail when the gate fails. */
  onOutcome?: (outcome: AnalysisOutcome) => void;
}

/** How one analysis ended: the check run's conclusion, or `stale` when a newer head made it moot. */
export type AnalysisOutcome = CheckConclusion | "stale";

/**
 * Analyses at once in one process. Most of an analysis is waiting for GitHub; a few at once keep both cores busy
 * without letting a burst of pushes take all the memory.
 */
export const DEFAULT_CONCURRENCY = 4;
/**
 * Past this many answered deliveries, or pull requests waiting for an analysis, a server answers only once the work
 * is done (backpressure). A waiting delivery holds little (about 2 KB: its claim and a promise; its payload
 * and client are dropped once its analysis is queued), so the bound is the claims the memory store keeps (50,000):
 * half of them, so that claims of running deliveries are never pushed out by newer ones.
 */
const MAX_BACKLOG = 25_000;
const MAX_WAITING_ANALYSES = 500;

export function createAppState(
  overrides: Partial<Omit<AppState, "analyses">> & { concurrency?: number } = {},
): AppState {
  const { concurrency = DEFAULT_CONCURRENCY, ...rest } = overrides;
  const store = rest.store ?? new MemoryStore();
  const pacer = rest.pacer ?? (rest.background ? new Pacer() : undefined);
  const state: AppState = {
    store,
    deliveries: new DeliveryDeduper(store),
    analyses: new CoalescingQueue<Run>((run) => analyse(state, run), mergeRuns, concurrency, pacer),
    ...(pacer ? { pacer } : {}),
    background: false,
    backlog: new Backlog(),
    leases: new Leases(store),
    caches: createFileCaches(store),
    configs: new ConfigCache(),
    now: Date.now,
    ...rest,
  };
  return state;
}

/** A check run is made once per head, so that a second event for the same head updates it instead of adding one. */
const CHECK_RUN_TTL_MS = 30 * 24 * 60 * 60_000;

type Log = Context["log"];
type Analysed = Extract<PullRequestAnalysis, { kind: "analysed" }>;

interface Run {
  client: GitHubClient & ConfigPluginClient & HookableClient;
  deliveryId: string;
  log: Log;
  target: PullRequestTarget;
  /** A re-run asks for a new check run; other events reuse the one already made for this head. */
  newCheckRun: boolean;
  /** Roles already looked up in this delivery (a command's author), reused when reading justifications. */
  permissions?: PermissionLookup;
  /** Stands for several events of different heads: analyse the pull request's head as it is when the run starts. */
  followHead?: boolean;
}

/** Two events of one pull request waiting together: the newer stands for both, and for whichever head is current. */
function mergeRuns(waiting: Run, newer: Run): Run {
  const sameHead = waiting.target.headSha === newer.target.headSha;
  return {
    ...newer,
    newCheckRun: newer.newCheckRun || (sameHead && waiting.newCheckRun),
    followHead: newer.followHead === true || waiting.followHead === true || !sameHead,
  };
}

function quote(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, "\\$&");
}

function checkRunKey(repo: RepoRef, headSha: string): string {
  return `check-run:${repo.owner}/${repo.repo}@${headSha}`;
}

/** Completes the check; when GitHub needed a new run for it, later events for this head update that one. */
async function finish(
  state: AppState,
  run: Run,
  ref: CheckRunRef,
  conclusion: CheckConclusion,
  output: CheckRunOutput,
): Promise<CheckConclusion> {
  const id = await completeCheckRun(run.client, ref, conclusion, output, new Date(state.now()));
  if (id !== ref.checkRunId)
    await state.store.set(checkRunKey(ref, ref.headSha), String(id), CHECK_RUN_TTL_MS);
  return conclusion;
}

async function reportFailure(
  state: AppState,
  run: Run,
  ref: CheckRunRef,
  reason: string,
): Promise<AnalysisOutcome> {
  try {
    await finish(state, run, ref, "neutral", {
      title: "boxcutter could not analyse this pull request",
      summary: `The analysis stopped: ${quote(reason)}\n\nRe-run the check to try again.`,
      annotations: [],
    });
  } catch (error) {
    run.log.error({ err: error }, "could not complete the check run after a failure");
  }
  return "neutral";
}

/** Why the analysed head is no longer the pull request's: a push or force-push, closing it, deleting its branch. */
async function supersededBy(run: Run): Promise<string | undefined> {
  const { target } = run;
  const repo = { owner: target.owner, repo: target.repo };
  const current = await currentPullRequest(run.client, repo, target.number);
  if (!current.open) return "the pull request was closed (or its head branch deleted) while it was analysed";
  if (current.headSha === target.headSha) return undefined;
  return `the pull request's head moved to \`${current.headSha.slice(0, 7)}\` while it was analysed; that commit gets its own check`;
}

/** An analysis of a head that is no longer current writes no result: the newer head's analysis will. */
async function reportSuperseded(
  state: AppState,
  run: Run,
  ref: CheckRunRef,
  reason: string,
): Promise<AnalysisOutcome> {
  run.log.info({ pr: run.target.number, head: run.target.headSha, reason }, "superseded; no result written");
  await finish(state, run, ref, "neutral", {
    title: "Superseded",
    summary: `Not reported: ${reason}.`,
    annotations: [],
  });
  return "stale";
}

/** The comment is written before the check completes; if it cannot be, the check still carries the result. */
async function writeComment(
  run: Run,
  analysis: Analysed,
  startedAt: Date,
  mode: Exclude<CommentMode, "off">,
  listed: readonly IssueComment[] | undefined,
): Promise<string | undefined> {
  const { target } = run;
  const marker = {
    head: target.headSha,
    at: startedAt.toISOString(),
    fingerprint: analysis.commentFingerprint,
  };
  try {
    const decision = await upsertStickyComment(
      run.client,
      target,
      {
        marker,
        body: commentBody(marker, analysis.markdown, analysis.records),
        changed: analysis.report.changed,
      },
      writtenByBot,
      mode,
      listed,
    );
    run.log.info({ pr: target.number, comment: decision }, "comment");
    return undefined;
  } catch (error) {
    run.log.warn({ err: error, pr: target.number }, "could not write the comment");
    return `\n\nThe pull request comment could not be written (${quote(describeError(error))}); the next push or a re-run writes it.`;
  }
}

/** The whole flow for one head of one pull request; runs serialised per pull request. */
async function analyseAndReport(state: AppState, run: Run): Promise<AnalysisOutcome> {
  const { client, log, target } = run;
  const repo: RepoRef = { owner: target.owner, repo: target.repo };
  let earlyFailure: string | undefined;
  let pullRequest = { author: "", body: "" };
  try {
    const current = await currentPullRequest(client, repo, target.number);
    pullRequest = { author: current.author, body: current.body };
    // Events arrive out of order: of several merged ones, the last to arrive may carry the older head.
    if (run.followHead && current.open) target.headSha = current.headSha;
    if (!current.open || current.headSha !== target.headSha) {
      log.info(
        { pr: target.number, event: target.headSha, current: current.headSha },
        "stale event; nothing written",
      );
      return "stale";
    }
    target.baseSha = current.baseSha;
  } catch (error) {
    // Without the current state the event cannot be judged stale; the check still has to report.
    earlyFailure = describeError(error);
  }

  const startedAt = new Date(state.now());
  const checkKey = checkRunKey(repo, target.headSha);
  const known = run.newCheckRun ? undefined : await state.store.get(checkKey);
  let checkRunId = known === undefined ? undefined : Number(known);
  if (checkRunId === undefined) {
    checkRunId = await startCheckRun(client, repo, target.headSha, startedAt);
    await state.store.set(checkKey, String(checkRunId), CHECK_RUN_TTL_MS);
  }
  const ref: CheckRunRef = { ...repo, checkRunId, headSha: target.headSha };
  if (earlyFailure !== undefined) return reportFailure(state, run, ref, earlyFailure);

  try {
    const loaded = await loadAppConfig(client, repo);
    if (!loaded.ok) {
      return await finish(state, run, ref, "neutral", {
        title: "Invalid boxcutter configuration",
        summary: [
          `The configuration in \`${quote(loaded.source)}\` (default branch) could not be used:`,
          "",
          ...loaded.problems.map((problem) => `- ${quote(problem)}`),
          "",
          "Fix the file on the default branch and re-run this check.",
        ].join("\n"),
        annotations: [],
      });
    }
    const counters = newCounters();
    const config = loaded.config;
    let listed: IssueComment[] | undefined;
    const permissions = run.permissions ?? new PermissionLookup(client, repo);
    const analysis = await analyzePullRequest(client, target, {
      config,
      caches: state.caches,
      counters,
      now: state.now,
      ...(state.analyser ? { analyser: state.analyser } : {}),
      declarations: async () => {
        listed = await listComments(client, target);
        const records = parseRecords(stickyIn(listed)?.body);
        const sources = { pullRequest, comments: listed, config, permissions };
        return standingDeclarations(sources, records, target.headSha);
      },
    });
    // What the pull request cost in GitHub requests, and how much the blob cache saved.
    log.info({ pr: target.number, head: target.headSha, ...counters }, "fetched");
    let output = analysis.checkRun;
    if (analysis.kind === "analysed") {
      // A push during the analysis: the older result must not reach the pull request.
      const superseded = await supersededBy(run);
      if (superseded) return await reportSuperseded(state, run, ref, superseded);
      const mode = loaded.config.comment;
      const problem = mode === "off" ? undefined : await writeComment(run, analysis, startedAt, mode, listed);
      if (problem) output = { ...output, summary: output.summary + problem };
    }
    return await finish(state, run, ref, analysis.conclusion, output);
  } catch (error) {
    log.error({ err: error, pr: target.number }, "analysis failed");
    const superseded = await supersededBy(run).catch(() => undefined);
    if (superseded) return reportSuperseded(state, run, ref, superseded);
    return reportFailure(state, run, ref, describeError(error));
  }
}

/** One analysis under its pull request's lease (shared by replicas), and a log line of what it cost. */
async function analyse(state: AppState, run: Run): Promise<void> {
  const { owner, repo, number } = run.target;
  const startedAt = state.now();
  const { result: outcome, requests } = await countRequests(run.client, () =>
    state.leases.run(pullRequestKey(run.target), () => analyseAndReport(state, run)),
  );
  run.log.info(
    {
      delivery: run.deliveryId,
      repository: `${owner}/${repo}`,
      pr: number,
      head: run.target.headSha,
      outcome,
      githubRequests: requests,
      analysisMs: state.now() - startedAt,
    },
    "analysis finished",
  );
  state.onOutcome?.(outcome);
}

function pullRequestKey(target: PullRequestTarget): string {
  return `${target.owner}/${target.repo}#${target.number}`;
}

/** Queues an analysis; resolves once it (or a newer one of the same pull request standing for it) has run. */
function schedule(state: AppState, run: Run): Promise<void> {
  return state.analyses.push(pullRequestKey(run.target), run);
}

/**
 * Claims the delivery (a duplicate stops here), then answers GitHub and works afterwards (a server), or works first
 * (Lambda, Actions, or a server whose backlog is full). A failure after the answer is logged: the check run says
 * why, and the claim is released so that a redelivery runs again.
 */
async function dispatch(
  state: AppState,
  context: { id: string; log: Log },
  work: () => Promise<unknown>,
): Promise<void> {
  state.pacer?.arrived();
  const claimed = await state.deliveries.claim(context.id);
  if (!claimed) return;
  const full = state.backlog.size >= MAX_BACKLOG || state.analyses.size >= MAX_WAITING_ANALYSES;
  if (!state.background || full) {
    await claimed(work);
    return;
  }
  const { log } = context;
  state.backlog.add(
    claimed(work).then(
      () => undefined,
      (error: unknown) => log.error({ err: error }, "delivery failed after it was answered"),
    ),
  );
}

async function rerun(
  state: AppState,
  context: Context<"check_run.rerequested"> | Context<"check_suite.rerequested">,
  headSha: string,
  listed: { number: number; head: { sha: string } }[],
): Promise<void> {
  const repo = { owner: context.payload.repository.owner.login, repo: context.payload.repository.name };
  const client = context.octokit;
  await dispatch(state, context, async () => {
    const inPayload = listed.find((pr) => pr.head.sha === headSha);
    const number = inPayload?.number ?? (await findPullRequestByHead(client, repo, headSha))?.number;
    if (number === undefined) {
      context.log.info({ head: headSha }, "re-run for a commit with no open pull request; ignored");
      return;
    }
    await schedule(state, {
      client,
      deliveryId: context.id,
      log: context.log,
      target: { ...repo, number, headSha, baseSha: "" },
      newCheckRun: true,
    });
  });
}

export function registerHandlers(app: Probot, state: AppState): void {
  app.on([...PULL_REQUEST_EVENTS], async (context) => {
    const pr = context.payload.pull_request;
    await dispatch(state, context, () =>
      schedule(state, {
        client: context.octokit,
        deliveryId: context.id,
        log: context.log,
        target: {
          owner: context.payload.repository.owner.login,
          repo: context.payload.repository.name,
          number: pr.number,
          headSha: pr.head.sha,
          baseSha: pr.base.sha,
        },
        newCheckRun: false,
      }),
    );
  });

  app.on("issue_comment.created", async (context) => {
    await dispatch(state, context, () =>
      handleCommentCommands(
        context,
        {
          caches: state.caches,
          now: state.now,
          ...(state.graphBuilder ? { graphBuilder: state.graphBuilder } : {}),
        },
        (target, permissions) =>
          schedule(state, {
            client: context.octokit,
            deliveryId: context.id,
            log: context.log,
            target,
            newCheckRun: false,
            permissions,
          }),
        (client, repo) => state.configs.load(client, repo),
      ),
    );
  });

  app.on("check_run.rerequested", async (context) => {
    const checkRun = context.payload.check_run;
    if (checkRun.name !== CHECK_NAME) return;
    await rerun(state, context, checkRun.head_sha, checkRun.pull_requests);
  });

  app.on("check_suite.rerequested", async (context) => {
    const suite = context.payload.check_suite;
    await rerun(state, context, suite.head_sha, suite.pull_requests);
  });
}
