import { parseArgs } from "node:util";
import type { ParseArgsConfig } from "node:util";
import { warningKey } from "../analysis/analyze.js";
import { parseJustification, type Declaration } from "../analysis/declarations.js";
import type { GateResult } from "../analysis/gate.js";
import type { AnalysisOptions, ChangeReport } from "../analysis/types.js";
import type { Verdict } from "../analysis/verdict/types.js";
import type { ExtractionWarning } from "../graph/model.js";
import { toJsonReport } from "../report/json.js";
import { renderMarkdown } from "../report/markdown.js";
import { escapeMermaidComment } from "../report/escape.js";
import { renderMermaid } from "../report/mermaid.js";
import { argumentError } from "./arg-errors.js";
import type { CliIo } from "./main.js";

export const OUTPUT_FORMATS = ["markdown", "json", "mermaid"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Bad arguments: the command prints the message and its usage and exits 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

export const COMMON_OPTIONS = {
  format: { type: "string", default: "markdown" },
  availability: { type: "string" },
  "time-budget": { type: "string" },
  git: { type: "string" },
  repo: { type: "string" },
  declare: { type: "string", multiple: true },
  gate: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const satisfies ParseArgsConfig["options"];

export const COMMON_USAGE = `  --format markdown|json|mermaid  output format (default markdown)
  --availability <a>              availability of one component, in (0, 1] (default 0.999)
  --time-budget <ms>              stop reading files after this long and say what was left out (default 8000)
  -h, --help                      show this help`;

export interface CommonArgs {
  positionals: string[];
  format: OutputFormat;
  componentAvailability?: number;
  timeBudgetMs?: number;
  git?: string;
  repo?: string;
  /** `--declare "<trigger> <reason>"`, as the pull request body would say it. */
  declarations?: Declaration[];
  /** `--gate`: exit 1 when the gate fails. */
  gate?: boolean;
  help: boolean;
}

export function parseCommonArgs(args: string[]): CommonArgs {
  let parsed;
  try {
    parsed = parseArgs({ args, options: COMMON_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw argumentError(error, Object.keys(COMMON_OPTIONS));
  }
  const { values, positionals } = parsed;
  const format = values.format;
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`unknown format '${format}'; use one of ${OUTPUT_FORMATS.join(", ")}`);
  }
  const result: CommonArgs = {
    positionals,
    format: format as OutputFormat,
    declarations: (values.declare ?? []).map(parseDeclare),
    gate: values.gate,
    help: values.help,
  };
  if (values.availability !== undefined)
    result.componentAvailability = parseAvailability(values.availability);
  if (values["time-budget"] !== undefined) result.timeBudgetMs = parseTimeBudget(values["time-budget"]);
  if (values.git !== undefined) result.git = values.git;
  if (values.repo !== undefined) result.repo = values.repo;
  return result;
}

/**
 * Parses a command's arguments, then `check` (which throws UsageError for a bad combination). Help and usage
 * errors are printed here; the command gets its exit status instead of the arguments.
 */
export function parseCommandArgs(
  command: string,
  usage: string,
  args: string[],
  io: CliIo,
  check: (parsed: CommonArgs) => void,
): CommonArgs | number {
  try {
    const parsed = parseCommonArgs(args);
    if (parsed.help) {
      io.stdout(`${usage}\n`);
      return 0;
    }
    check(parsed);
    return parsed;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`boxcutter ${command}: ${error.message}\n\n${usage}\n`);
    return 2;
  }
}

/** A tree comes from folders or, with `--git`, from revisions: never both, and `--repo` only with `--git`. */
export function checkTreeSource(parsed: CommonArgs, folders: 1 | 2, gitForm: string): void {
  if (folders === 1) refuseJudgement(parsed);
  const wanted = folders === 1 ? "one folder" : "two folders";
  if (parsed.git !== undefined) {
    if (parsed.positionals.length > 0) {
      throw new UsageError(
        `give either --git ${gitForm} or ${folders === 1 ? "a folder" : wanted}, not both`,
      );
    }
    return;
  }
  if (parsed.repo !== undefined) throw new UsageError("--repo only applies with --git");
  if (parsed.positionals.length !== folders) {
    throw new UsageError(`expected ${wanted}, got ${parsed.positionals.length}`);
  }
}

/** One tree has no change to justify or gate: saying so beats ignoring the flag. */
function refuseJudgement(parsed: CommonArgs): void {
  const given = [
    ...((parsed.declarations ?? []).length > 0 ? ["--declare"] : []),
    ...(parsed.gate ? ["--gate"] : []),
  ];
  if (given.length === 0) return;
  throw new UsageError(
    `${given.join(" and ")} ${given.length === 1 ? "judges" : "judge"} a change, and one tree has none: use ${given.length === 1 ? "it" : "them"} with boxcutter diff or boxcutter pr`,
  );
}

export function analysisOptions(parsed: CommonArgs): Partial<AnalysisOptions> {
  const options: Partial<AnalysisOptions> = {};
  if (parsed.componentAvailability !== undefined)
    options.componentAvailability = parsed.componentAvailability;
  if (parsed.timeBudgetMs !== undefined) options.timeBudgetMs = parsed.timeBudgetMs;
  return options;
}

function parseDeclare(text: string): Declaration {
  const parsed = parseJustification(text);
  if (!parsed.ok) throw new UsageError(`--declare expects "<trigger> <reason>": ${parsed.problem}`);
  return { trigger: parsed.trigger, reason: parsed.reason, author: "command line", source: "cli" };
}

/** Large monorepos on a busy machine need more than the app's budget; a whole number of milliseconds. */
function parseTimeBudget(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value <= 0) {
    throw new UsageError(
      `--time-budget must be a positive number of milliseconds such as 30000, got '${text}'`,
    );
  }
  return value;
}

function parseAvailability(text: string): number {
  const value = Number(text.trim().endsWith("%") ? Number(text.trim().slice(0, -1)) / 100 : text);
  if (text.trim() === "" || !Number.isFinite(value) || value <= 0 || value > 1) {
    throw new UsageError(`--availability must be a number in (0, 1] such as 0.999 or 99.9%, got '${text}'`);
  }
  return value;
}

/** The verdict and the gate, when the command judged the change; the prelude goes under the verdict's line. */
export interface Judged {
  verdict?: Verdict;
  gate?: GateResult;
  prelude?: string;
}

export function renderReport(
  report: ChangeReport,
  format: OutputFormat,
  mode: "diff" | "graph",
  judged: Judged = {},
): string {
  if (format === "json") return `${JSON.stringify(toJsonReport(report, judged), null, 2)}\n`;
  if (format === "mermaid") {
    const diagrams = report.systems
      .filter((system) => system.head)
      .map((system) => `%% ${escapeMermaidComment(system.system)}\n${renderMermaid(system).trimEnd()}\n`);
    return diagrams.join("\n");
  }
  const markdown = renderMarkdown(report, {
    mode,
    ...(judged.verdict ? { verdict: judged.verdict } : {}),
    ...(judged.prelude ? { prelude: judged.prelude } : {}),
  });
  return markdown.endsWith("\n") ? markdown : `${markdown}\n`;
}

/** Problems the file readers met join the extractors' warnings, once each. */
function withWarnings(report: ChangeReport, warnings: readonly ExtractionWarning[]): ChangeReport {
  const seen = new Set(report.warnings.map(warningKey));
  const extra = warnings.filter((warning) => {
    const key = warningKey(warning);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return extra.length === 0 ? report : { ...report, warnings: [...extra, ...report.warnings] };
}

/** Prints a tree command's report in the chosen format, with the problems its file readers met. */
export function printReport(
  io: CliIo,
  parsed: CommonArgs,
  mode: "diff" | "graph",
  report: ChangeReport,
  readerWarnings: readonly ExtractionWarning[],
  judged: Judged = {},
): void {
  io.stdout(renderReport(withWarnings(report, readerWarnings), parsed.format, mode, judged));
}

/** Reads from git; outside a repository the message says how to name one. */
export async function fromGit<T>(repoDir: string, read: (repoDir: string) => Promise<T>): Promise<T> {
  try {
    return await read(repoDir);
  } catch (error) {
    if (error instanceof Error && /not a git repository/i.test(error.message)) {
      throw new Error(
        `${repoDir} is not inside a git repository: run boxcutter in one, or name it with --repo <dir>`,
      );
    }
    throw error;
  }
}
