import { evaluateGate, GATE_PASSED, type GateResult } from "../analysis/gate.js";
import type { ChangeReport } from "../analysis/types.js";
import { DEFAULT_READ_OPTIONS } from "../files/limits.js";
import { unreadPaths } from "../files/unread.js";
import { isInfrastructurePath } from "../formats/index.js";
import type { ExtractionWarning } from "../graph/model.js";
import { renderCheckRun, type CheckRunOutput } from "../report/check-run.js";
import { renderMarkdown } from "../report/markdown.js";
import { FULL_DETAIL } from "../report/markdown-blocks.js";
import { repositoryUrl } from "../report/source-links.js";
import { verdictSection } from "../report/verdict.js";
import { baseKeyOf, inProcessAnalyser, type ChangeAnalyser, type GraphsBuilder } from "./change-analysis.js";
import type { GitHubClient, PullRequestRef } from "./client.js";
import { compareCommits } from "./compare.js";
import { OUTPUT_TEXT_LIMIT, type CheckConclusion } from "./check-run.js";
import { REPORT_CHARS } from "./comment.js";
import type { BoxcutterConfig } from "./config.js";
import { commentFingerprint, gateSection, gateTitle } from "./gate.js";
import {
  listTree,
  loadBlobs,
  toInputFiles,
  type FetchCounters,
  type FileCaches,
  type TreeFile,
} from "./fetch-files.js";
import { pathMatcher } from "./globs.js";
import { componentKey } from "../analysis/declarations.js";
import { decideVerdict } from "../analysis/verdict/decide.js";
import { CODEOWNERS_PATHS, MAX_CODEOWNERS_BYTES } from "../analysis/verdict/codeowners.js";
import type { Verdict } from "../analysis/verdict/types.js";
import { formatRecords, type DeclarationRecord } from "./declaration-records.js";
import { recordsFor, type Standing } from "./justifications.js";

export interface PullRequestTarget extends PullRequestRef {
  headSha: string;
  baseSha: string;
}

export interface AnalyzeOptions {
  config: BoxcutterConfig;
  /** The declarations that stand, read only when an infrastructure file changed (see justifications.ts). */
  declarations?: () => Promise<Standing[]>;
  caches: FileCaches;
  counters?: FetchCounters;
  now?: () => number;
  /** Where the fetched files are compared; by default in this thread, with the base extractions in `caches`. */
  analyser?: ChangeAnalyser;
  /** Where one commit's graphs are built for the commands; by default in this thread. */
  graphBuilder?: GraphsBuilder;
}

export type PullRequestAnalysis =
  | {
      kind: "no-infrastructure-change";
      mergeBase: string;
      conclusion: CheckConclusion;
      checkRun: CheckRunOutput;
      gate: GateResult;
    }
  | {
      kind: "analysed";
      mergeBase: string;
      report: ChangeReport;
      /** The comment's Markdown: the gate's section, if any, then the report. */
      markdown: string;
      checkRun: CheckRunOutput;
      conclusion: CheckConclusion;
      /** Some files were not read (time budget, truncated tree): the check says which. */
      incomplete: boolean;
      gate: GateResult;
      /** The report's fingerprint, changed by the gate's verdict too, for the comment's marker. */
      commentFingerprint: string;
      verdict: Verdict;
      /** What the sticky comment remembers of the standing declarations. */
      records: DeclarationRecord[];
    };

/** The API address the client talks to (GitHub Enterprise Server has its own), for links to its web pages. */
function apiUrlOf(client: GitHubClient): string {
  const defaults = (client.request as { endpoint?: { DEFAULTS?: { baseUrl?: unknown } } }).endpoint?.DEFAULTS;
  return typeof defaults?.baseUrl === "string" ? defaults.baseUrl : "https://api.github.com";
}

/** Below this the engine could not extract anything useful; it still gets a moment to report what it skipped. */
export const MIN_ENGINE_BUDGET_MS = 250;
const INCOMPLETE_WARNINGS = new Set(["input/deadline", "github/tree-truncated", "input/too-many-files"]);

// Room kept for the notes put around the rendered check output (partial reading, unrecorded coverage).
const NOTES_ROOM = 1000;

/** A partial report must say so before anything else: its numbers leave out what was not read. */
function incompleteNote(warnings: ExtractionWarning[], budgetMs: number): string {
  const count = (id: string) => warnings.filter((w) => w.id === id).length;
  const reasons = [
    count("input/deadline") > 0 &&
      `${count("input/deadline")} infrastructure ${count("input/deadline") === 1 ? "file was" : "files were"} not read within the time budget (${budgetMs} ms, \`timeBudgetMs\` in \`.github/boxcutter.yml\`)`,
    count("github/tree-truncated") > 0 &&
      `${count("github/tree-truncated")} ${count("github/tree-truncated") === 1 ? "folder was" : "folders were"} not listed because the repository tree is too large`,
    count("input/too-many-files") > 0 && "there are more infrastructure files than boxcutter reads at once",
  ].filter((reason): reason is string => typeof reason === "string");
  return `**Partly analysed:** ${reasons.join("; ")}. The numbers below leave those files out; they are listed under Warnings.`;
}

function noInfrastructureChange(mergeBase: string, headSha: string): PullRequestAnalysis {
  return {
    kind: "no-infrastructure-change",
    mergeBase,
    conclusion: "success",
    gate: GATE_PASSED,
    checkRun: {
      title: "No architecture change",
      summary: `No infrastructure file (docker-compose, Kubernetes, Terraform) changed between \`${mergeBase.slice(0, 7)}\` and \`${headSha.slice(0, 7)}\`.`,
      annotations: [],
    },
  };
}

function sameFiles(base: TreeFile[], head: TreeFile[]): boolean {
  if (base.length !== head.length) return false;
  const shas = new Map(base.map((file) => [file.path, file.sha]));
  return head.every((file) => shas.get(file.path) === file.sha);
}

/** The same file cap as reading a local tree, so a monorepo of manifests cannot exhaust memory or the budget. */
export function capFiles(
  files: TreeFile[],
  side: string,
): { files: TreeFile[]; warnings: ExtractionWarning[] } {
  const { maxFiles } = DEFAULT_READ_OPTIONS;
  if (files.length <= maxFiles) return { files, warnings: [] };
  return {
    files: files.slice(0, maxFiles),
    warnings: [
      {
        id: "input/too-many-files",
        file: ".",
        message: `more than ${maxFiles} infrastructure files at ${side}; ${files.length - maxFiles} not analysed`,
      },
    ],
  };
}

function mergeWarnings(head: ExtractionWarning[], base: ExtractionWarning[]): ExtractionWarning[] {
  // Problems in the base tree are already merged; only what kept base files out of the comparison matters.
  const seen = new Set(head.map((w) => `${w.id}\u0000${w.file}`));
  const relevantBase = base.filter(
    (w) => INCOMPLETE_WARNINGS.has(w.id) && !seen.has(`${w.id}\u0000${w.file}`),
  );
  return [...head, ...relevantBase];
}

/** The paths the analysis reads: infrastructure files the configuration does not ignore. */
export function infrastructureSelector(config: BoxcutterConfig): (path: string) => boolean {
  const ignored = pathMatcher(config.paths.ignore);
  return (path) => isInfrastructurePath(path) && !ignored(path);
}

/**
 * What a justification covered when it was given is remembered in the sticky comment; with `comment: off` there is
 * none, so the check says that each justification is weighed against whatever stands at each head.
 */
const UNRECORDED_COVERAGE =
  "\n\nWith `comment: off` boxcutter keeps no record of what a justification covered when it was given: each one " +
  "is read again at every head and covers whatever the pull request adds there, including components added " +
  "after it was given. Turn the comment on (`comment: update`) to have later additions shown as not covered.";

/**
 * Fetches the infrastructure files a pull request touches, at its merge base and head, and analyses them. Shared by
 * the app and `boxcutter pr`. Requests: one comparison, then (only when an infrastructure file changed) one tree per
 * side unless cached, and one GraphQL request per batch of blobs not yet cached.
 */
export async function analyzePullRequest(
  client: GitHubClient,
  target: PullRequestTarget,
  options: AnalyzeOptions,
): Promise<PullRequestAnalysis> {
  const now = options.now ?? Date.now;
  const deadline = now() + options.config.timeBudgetMs;
  const repo = { owner: target.owner, repo: target.repo };
  const select = infrastructureSelector(options.config);

  const comparison = await compareCommits(client, repo, target.baseSha, target.headSha);
  const { mergeBase } = comparison;
  if (comparison.changedPaths && !comparison.changedPaths.some(select)) {
    return noInfrastructureChange(mergeBase, target.headSha);
  }

  const fetchOptions = { caches: options.caches, deadline, select, now, counters: options.counters };
  const [baseTree, headTree] = await Promise.all([
    listTree(client, repo, mergeBase, fetchOptions),
    listTree(client, repo, target.headSha, fetchOptions),
  ]);
  const baseSelection = capFiles(
    baseTree.files.filter((file) => select(file.path)),
    "the merge base",
  );
  const headSelection = capFiles(
    headTree.files.filter((file) => select(file.path)),
    "the head",
  );
  const baseFiles = baseSelection.files;
  const headFiles = headSelection.files;
  if (!comparison.changedPaths && sameFiles(baseFiles, headFiles) && headTree.warnings.length === 0) {
    return noInfrastructureChange(mergeBase, target.headSha);
  }

  // CODEOWNERS as the base branch had it where this pull request forked: a change cannot give itself owners.
  const ownersFile = CODEOWNERS_PATHS.map((path) => baseTree.files.find((file) => file.path === path)).find(
    (file) => file !== undefined && (file.size ?? 0) <= MAX_CODEOWNERS_BYTES,
  );
  const ownersFiles = ownersFile ? [ownersFile] : [];
  const contents = await loadBlobs(client, repo, [...headFiles, ...baseFiles, ...ownersFiles], fetchOptions);
  const base = toInputFiles(baseFiles, contents);
  const head = toInputFiles(headFiles, contents);
  const codeowners = toInputFiles(ownersFiles, contents).files[0];

  const analyse = options.analyser ?? inProcessAnalyser(options.caches.extractions);
  const analysed = await analyse({
    base: base.files,
    head: head.files,
    options: {
      componentAvailability: options.config.availability,
      timeBudgetMs: Math.max(MIN_ENGINE_BUDGET_MS, deadline - now()),
    },
    headUnread: unreadPaths(head.warnings),
    ...(base.warnings.length === 0 ? { baseKey: baseKeyOf(baseFiles) } : {}),
  });
  const warnings = mergeWarnings(
    [...headTree.warnings, ...headSelection.warnings, ...head.warnings],
    [...baseTree.warnings, ...baseSelection.warnings, ...base.warnings],
  );
  const report: ChangeReport = { ...analysed, warnings: [...warnings, ...analysed.warnings] };
  const incomplete = warnings.some((w) => INCOMPLETE_WARNINGS.has(w.id));

  const gate = evaluateGate(report, options.config.gate);
  const standing = options.declarations ? await options.declarations() : [];
  const verdict = decideVerdict(
    report,
    codeowners ? { codeowners: { path: codeowners.path, text: codeowners.text } } : {},
    standing.map((entry) => entry.declaration),
    options.config.verdict,
  );
  const mode = options.config.verdict.unjustified;
  const unjustified = verdict.verdict === "unjustified" && mode === "fail";
  const advisory = verdict.verdict === "unjustified" && mode === "warn";
  const records = recordsFor(
    standing,
    verdict.systems.flatMap((system) => system.additions.map((a) => componentKey(a.system, a.component))),
  );
  const prelude = gateSection(gate);
  const links = {
    repository: repositoryUrl(apiUrlOf(client), target.owner, target.repo),
    head: target.headSha,
    base: mergeBase,
  };
  const judged = { verdict, links, ...(prelude === "" ? {} : { prelude }) };
  const markdown = renderMarkdown(report, { mode: "diff", maxChars: REPORT_CHARS, ...judged });
  const checkRun = renderCheckRun(report, {
    maxChars: OUTPUT_TEXT_LIMIT - NOTES_ROOM,
    markdown,
    ...judged,
  });
  const note = incomplete ? `${incompleteNote(warnings, options.config.timeBudgetMs)}\n\n` : "";
  const unrecorded = options.config.comment === "off" && standing.length > 0 ? UNRECORDED_COVERAGE : "";
  return {
    kind: "analysed",
    mergeBase,
    report,
    markdown,
    checkRun: {
      ...checkRun,
      // A limit exceeded by the files that were read stays exceeded: partial reading never hides a failure.
      title: gateTitle(gate) ?? (incomplete ? `Partly analysed: ${checkRun.title}` : checkRun.title),
      summary: `${note}${checkRun.summary}${unrecorded}`,
    },
    conclusion: gate.failed || unjustified ? "failure" : incomplete || advisory ? "neutral" : "success",
    incomplete,
    gate,
    // The verdict's facts and declarations are in the comment too: when they change, so must the comment.
    commentFingerprint: commentFingerprint(
      report.fingerprint,
      prelude + verdict.line + verdictSection(verdict, FULL_DETAIL) + formatRecords(records),
    ),
    verdict,
    records,
  };
}
