/**
 * The verdict and the gate on the command line: CODEOWNERS and `.github/boxcutter.yml` are read from the base
 * tree (as the app reads them from the base branch), declarations come from `--declare`.
 */
import { evaluateGate } from "../analysis/gate.js";
import type { ChangeReport } from "../analysis/types.js";
import { CODEOWNERS_PATHS } from "../analysis/verdict/codeowners.js";
import { decideVerdict } from "../analysis/verdict/decide.js";
import type { InputFile } from "../formats/types.js";
import { loadYamlDocuments } from "../formats/shared/yaml.js";
import { CONFIG_PATH, DEFAULT_CONFIG, validateConfig, type BoxcutterConfig } from "../github/config.js";
import { gateLines, gateSection } from "../github/gate.js";
import type { CliIo } from "./main.js";
import type { CommonArgs, Judged } from "./output.js";

/** The repository files the verdict reads besides the infrastructure. */
export const REPOSITORY_FACT_PATHS: readonly string[] = [...CODEOWNERS_PATHS, CONFIG_PATH];

export function isRepositoryFact(path: string): boolean {
  return REPOSITORY_FACT_PATHS.includes(path);
}

function configOf(files: readonly InputFile[]): { config: BoxcutterConfig; problems: string[] } {
  const file = files.find((candidate) => candidate.path === CONFIG_PATH);
  if (!file) return { config: DEFAULT_CONFIG, problems: [] };
  const { documents, warnings } = loadYamlDocuments(file.text, CONFIG_PATH);
  if (warnings.length > 0)
    return { config: DEFAULT_CONFIG, problems: warnings.map((w) => `line ${w.line ?? "?"}: ${w.message}`) };
  return validateConfig(documents[0]?.value ?? null);
}

/** Judges the change by the base tree's configuration and owners; configuration problems go to stderr. */
export function judge(
  report: ChangeReport,
  baseFacts: readonly InputFile[],
  parsed: CommonArgs,
  io: CliIo,
): Judged {
  const { config, problems } = configOf(baseFacts);
  for (const problem of problems) io.stderr(`boxcutter: ${CONFIG_PATH} in the base tree: ${problem}\n`);
  const owners = CODEOWNERS_PATHS.map((path) => baseFacts.find((file) => file.path === path)).find(Boolean);
  const facts = owners ? { codeowners: { path: owners.path, text: owners.text } } : {};
  const verdict = decideVerdict(report, facts, parsed.declarations ?? [], config.verdict);
  const gate = evaluateGate(report, config.gate, { verdict, unjustified: config.verdict.unjustified });
  // The report shows the gate's limits as the pull request comment does; the verdict has its own section there.
  return { verdict, gate, prelude: gateSection(evaluateGate(report, config.gate)) };
}

/** With `--gate`, the gate's lines go to stderr and a failed gate exits 1. */
export function gateExit(judged: Judged, parsed: CommonArgs, io: CliIo): number {
  if (!parsed.gate || !judged.gate) return 0;
  for (const line of gateLines(judged.gate)) io.stderr(`${line}\n`);
  return judged.gate.failed ? 1 : 0;
}
