import type { GateConfig } from "../analysis/gate.js";
import { DEFAULT_VERDICT_CONFIG, type VerdictConfig } from "../analysis/verdict/types.js";
import { loadYamlDocuments } from "../formats/shared/yaml.js";
import { COMMENT_MODES, type CommentMode } from "./comment.js";
import { describeError, httpStatusOf, type GitHubClient, type RepoRef } from "./client.js";
import { validateVerdict } from "./verdict-config.js";
import { isPermissionLevel, REQUIRED_LEVELS, type PermissionLevel } from "./permission.js";

/** `.github/boxcutter.yml`, read from the default branch so that a pull request cannot relax its own gate. */
export const CONFIG_FILE = "boxcutter.yml";
export const CONFIG_PATH = `.github/${CONFIG_FILE}`;

/** How commands in pull request comments are written, and who may change what the check says through them. */
export interface CommandsConfig {
  /** The word a command line starts with, e.g. `/boxcutter help`. */
  prefix: string;
  /** The repository role `justify`, `unjustify` and `recheck` need (everyone may ask the others). */
  permission: Exclude<PermissionLevel, "none">;
}

export interface JustifyConfig {
  /** Whether the pull request's author may justify their own pull request (with the permission above). */
  allowAuthor: boolean;
}

export interface BoxcutterConfig {
  /** How the report reaches the pull request (see `CommentMode`); `off` reports through the check run only. */
  comment: CommentMode;
  /** Availability of one component, 0..1, used for the request-path availability figures. */
  availability: number;
  /** Wall-clock budget for fetching and analysing one pull request, in milliseconds. */
  timeBudgetMs: number;
  paths: {
    /** Globs of repository paths to leave out of the analysis (vendored charts, examples, test fixtures). */
    ignore: string[];
  };
  /** Limits that turn the check into a merge gate; absent (the default) means the check never fails. */
  gate?: GateConfig;
  commands: CommandsConfig;
  justify: JustifyConfig;
  /** Whether added distribution must be justified, and the size of one machine the triggers are judged by. */
  verdict: VerdictConfig;
}

/**
 * The time budget stays well under GitHub's 10-second webhook timeout, with room for the writes after the analysis:
 * on Lambda and in the Action the answer waits for the analysis (a server answers first and analyses after).
 */
export const DEFAULT_CONFIG: BoxcutterConfig = {
  comment: "update",
  availability: 0.999,
  timeBudgetMs: 6000,
  paths: { ignore: [] },
  commands: { prefix: "/boxcutter", permission: "write" },
  justify: { allowAuthor: true },
  verdict: DEFAULT_VERDICT_CONFIG,
};

export const TIME_BUDGET_RANGE = { min: 500, max: 60_000 } as const;
const MAX_IGNORE_PATTERNS = 200;

export type ConfigResult =
  { ok: true; config: BoxcutterConfig; source?: string } | { ok: false; problems: string[]; source: string };

type Validated = { config: BoxcutterConfig; problems: string[] };

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function validatePaths(value: unknown, problems: string[]): BoxcutterConfig["paths"] {
  if (!isRecord(value)) {
    problems.push(`paths: must be a mapping with an \`ignore\` list (found ${show(value)})`);
    return DEFAULT_CONFIG.paths;
  }
  for (const key of Object.keys(value)) {
    if (key !== "ignore") problems.push(`paths.${key}: unknown option (known: ignore)`);
  }
  const ignore = value.ignore ?? [];
  if (!Array.isArray(ignore) || ignore.some((pattern) => typeof pattern !== "string" || pattern === "")) {
    problems.push(`paths.ignore: must be a list of non-empty glob strings (found ${show(ignore)})`);
    return DEFAULT_CONFIG.paths;
  }
  if (ignore.length > MAX_IGNORE_PATTERNS) {
    problems.push(`paths.ignore: at most ${MAX_IGNORE_PATTERNS} patterns (found ${ignore.length})`);
    return DEFAULT_CONFIG.paths;
  }
  return { ignore: ignore as string[] };
}

const GATE_OPTIONS = ["maxAddedRoundTrips", "maxAddedComponents", "minAvailability", "mergeCandidates"];
const TOP_OPTIONS = [
  "comment",
  "availability",
  "timeBudgetMs",
  "paths",
  "gate",
  "commands",
  "justify",
  "verdict",
];

function wholeNumber(key: string, value: unknown, what: string, problems: string[]): number | undefined {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value;
  problems.push(`gate.${key}: must be a whole number of ${what}, 0 or more (found ${show(value)})`);
  return undefined;
}

function validateGate(value: unknown, problems: string[]): GateConfig | undefined {
  // `gate:` with nothing under it sets no limit.
  if (value === null) return undefined;
  if (!isRecord(value)) {
    problems.push(`gate: must be a mapping of limits (found ${show(value)})`);
    return undefined;
  }
  const gate: GateConfig = {};
  for (const [key, limit] of Object.entries(value)) {
    switch (key) {
      case "maxAddedRoundTrips": {
        const max = wholeNumber(key, limit, "round trips", problems);
        if (max !== undefined) gate.maxAddedRoundTrips = max;
        break;
      }
      case "maxAddedComponents": {
        const max = wholeNumber(key, limit, "components", problems);
        if (max !== undefined) gate.maxAddedComponents = max;
        break;
      }
      case "minAvailability":
        if (typeof limit === "number" && limit > 0 && limit <= 1) gate.minAvailability = limit;
        else
          problems.push(
            `gate.minAvailability: must be a number above 0 and at most 1, e.g. 0.995 (found ${show(limit)})`,
          );
        break;
      case "mergeCandidates":
        if (limit === "warn" || limit === "fail" || limit === "off") gate.mergeCandidates = limit;
        else problems.push(`gate.mergeCandidates: must be "warn", "fail" or "off" (found ${show(limit)})`);
        break;
      default:
        problems.push(`gate.${key}: unknown option (known: ${GATE_OPTIONS.join(", ")})`);
    }
  }
  return gate;
}

const PREFIX = /^[/!@]?[A-Za-z][\w-]{0,38}$/;

function validateCommands(value: unknown, problems: string[]): CommandsConfig {
  const commands = { ...DEFAULT_CONFIG.commands };
  if (value === null) return commands;
  if (!isRecord(value)) {
    problems.push(`commands: must be a mapping with \`prefix\` and \`permission\` (found ${show(value)})`);
    return commands;
  }
  for (const [key, option] of Object.entries(value)) {
    if (key === "prefix") {
      if (typeof option === "string" && PREFIX.test(option)) commands.prefix = option;
      else
        problems.push(
          `commands.prefix: must be one word, optionally after /, ! or @, e.g. "/boxcutter" (found ${show(option)})`,
        );
    } else if (key === "permission") {
      if (isPermissionLevel(option) && option !== "none") commands.permission = option;
      else
        problems.push(
          `commands.permission: must be one of ${REQUIRED_LEVELS.join(", ")} (found ${show(option)})`,
        );
    } else {
      problems.push(`commands.${key}: unknown option (known: prefix, permission)`);
    }
  }
  return commands;
}

function validateJustify(value: unknown, problems: string[]): JustifyConfig {
  const justify = { ...DEFAULT_CONFIG.justify };
  if (value === null) return justify;
  if (!isRecord(value)) {
    problems.push(`justify: must be a mapping with \`allowAuthor\` (found ${show(value)})`);
    return justify;
  }
  for (const [key, option] of Object.entries(value)) {
    if (key !== "allowAuthor") problems.push(`justify.${key}: unknown option (known: allowAuthor)`);
    else if (typeof option === "boolean") justify.allowAuthor = option;
    else problems.push(`justify.allowAuthor: must be true or false (found ${show(option)})`);
  }
  return justify;
}

/** Applies defaults and checks every option; a problem names the option, what is allowed and what was found. */
export function validateConfig(raw: unknown): Validated {
  const problems: string[] = [];
  const config: BoxcutterConfig = { ...DEFAULT_CONFIG, paths: { ...DEFAULT_CONFIG.paths } };
  if (raw === null || raw === undefined) return { config, problems };
  if (!isRecord(raw)) {
    return { config, problems: [`the file must be a mapping of options (found ${show(raw)})`] };
  }
  for (const [key, value] of Object.entries(raw)) {
    switch (key) {
      case "comment":
        if ((COMMENT_MODES as readonly unknown[]).includes(value)) config.comment = value as CommentMode;
        else problems.push(`comment: must be one of ${COMMENT_MODES.join(", ")} (found ${show(value)})`);
        break;
      case "availability":
        if (typeof value === "number" && value > 0 && value <= 1) config.availability = value;
        else
          problems.push(
            `availability: must be a number above 0 and at most 1, e.g. 0.999 (found ${show(value)})`,
          );
        break;
      case "timeBudgetMs":
        if (
          typeof value === "number" &&
          Number.isInteger(value) &&
          value >= TIME_BUDGET_RANGE.min &&
          value <= TIME_BUDGET_RANGE.max
        ) {
          config.timeBudgetMs = value;
        } else {
          problems.push(
            `timeBudgetMs: must be a whole number of milliseconds from ${TIME_BUDGET_RANGE.min} to ${TIME_BUDGET_RANGE.max} (found ${show(value)})`,
          );
        }
        break;
      case "paths":
        config.paths = validatePaths(value, problems);
        break;
      case "gate": {
        const gate = validateGate(value, problems);
        if (gate) config.gate = gate;
        break;
      }
      case "commands":
        config.commands = validateCommands(value, problems);
        break;
      case "justify":
        config.justify = validateJustify(value, problems);
        break;
      case "verdict":
        config.verdict = validateVerdict(value, problems, show);
        break;
      default:
        problems.push(`${key}: unknown option (known: ${TOP_OPTIONS.join(", ")})`);
    }
  }
  return { config, problems };
}

interface ConfigFile {
  owner: string;
  repo: string;
  path: string;
  config: unknown;
}

/** The config plugin Probot adds to its clients (the same one `context.config` uses, which hides the file names). */
export interface ConfigPluginClient {
  config: {
    get(options: RepoRef & { path: string }): Promise<{ config: unknown; files: ConfigFile[] }>;
  };
}

/**
 * Reads the configuration the way `context.config` does (the repository's default branch, then the owner's
 * `.github` repository, following `_extends`), keeping the file names so a problem can say where it is.
 */
export async function loadAppConfig(client: ConfigPluginClient, repo: RepoRef): Promise<ConfigResult> {
  let loaded: { config: unknown; files: ConfigFile[] };
  try {
    loaded = await client.config.get({ ...repo, path: CONFIG_PATH });
  } catch (error) {
    // Missing files are not errors for the plugin; anything thrown is unreadable YAML or a bad `_extends`.
    if (httpStatusOf(error) !== undefined && httpStatusOf(error) !== 404) throw error;
    return {
      ok: false,
      problems: [describeError(error)],
      source: `${repo.owner}/${repo.repo}:${CONFIG_PATH}`,
    };
  }
  const sources = loaded.files
    .filter((file) => file.config !== null && file.config !== undefined)
    .map((file) => `${file.owner}/${file.repo}:${file.path}`);
  const source = sources.join(", ") || undefined;
  const { config, problems } = validateConfig(sources.length > 0 ? loaded.config : null);
  if (problems.length > 0)
    return { ok: false, problems, source: source ?? `${repo.owner}/${repo.repo}:${CONFIG_PATH}` };
  return source === undefined ? { ok: true, config } : { ok: true, config, source };
}

/** For clients without Probot's config plugin (the command line): the repository's own file on its default branch. */
export async function loadRepoConfig(client: GitHubClient, repo: RepoRef): Promise<ConfigResult> {
  const source = `${repo.owner}/${repo.repo}:${CONFIG_PATH}`;
  let text: string;
  try {
    const response = await client.request("GET /repos/{owner}/{repo}/contents/{path}", {
      ...repo,
      path: CONFIG_PATH,
      mediaType: { format: "raw" },
    });
    text = typeof response.data === "string" ? response.data : "";
  } catch (error) {
    if (httpStatusOf(error) === 404) return { ok: true, config: DEFAULT_CONFIG };
    throw error;
  }
  const { documents, warnings } = loadYamlDocuments(text, CONFIG_PATH);
  if (warnings.length > 0) {
    return { ok: false, problems: warnings.map((w) => `line ${w.line ?? "?"}: ${w.message}`), source };
  }
  const { config, problems } = validateConfig(documents[0]?.value ?? null);
  return problems.length > 0 ? { ok: false, problems, source } : { ok: true, config, source };
}
