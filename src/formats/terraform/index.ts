import { posix } from "node:path";
import type { ExtractionWarning, SystemGraph } from "../../graph/model.js";
import type { Extraction, ExtractOptions, FormatExtractor, InputFile } from "../types.js";
import type { ParsedFile } from "./ast.js";
import { azdProjects } from "./azd.js";
import { claimsTerraformPath, isTerraformPath, isTerragruntPath } from "./claims.js";
import { parseJsonSyntax } from "./json-syntax.js";
import { isLocalSource, moduleSource, resolveSource } from "./modules.js";
import { parseNative } from "./parser.js";
import { addRemoteStateCalls } from "./remote-state.js";
import { addSharedNameCalls } from "./shared-names.js";
import { buildSystem, type RootAnalysis } from "./system.js";
import { addTerragruntCalls } from "./terragrunt.js";

/**
 * Terraform: every folder of `.tf` / `.tf.json` files is a module; each root module (a folder no other folder
 * calls as a local module, except its own examples and tests below it) is one system `terraform:<folder>`.
 */
export const terraformFormat: FormatExtractor = {
  id: "terraform",
  claims: claimsTerraformPath,
  extract: extractTerraform,
};

async function extractTerraform(files: InputFile[], options: ExtractOptions): Promise<Extraction> {
  const warnings: ExtractionWarning[] = [];
  const parsed: ParsedFile[] = [];
  const candidates = files
    .filter((file) => isTerraformPath(file.path) || isTerragruntPath(file.path))
    .sort((a, b) => a.path.localeCompare(b.path));
  for (const [position, file] of candidates.entries()) {
    if (Date.now() > options.deadline) {
      warnings.push(deadlineWarning(file.path, candidates.length - position));
      break;
    }
    const result = await parseFile(file, options.deadline, warnings);
    if (result === "cancelled") {
      warnings.push(deadlineWarning(file.path, candidates.length - position));
      break;
    }
    if (result) parsed.push(result);
  }
  const filesByFolder = new Map<string, ParsedFile[]>();
  const configurations = parsed.filter((file) => isTerragruntPath(file.path));
  for (const file of parsed.filter((parsedFile) => !isTerragruntPath(parsedFile.path))) {
    const folder = folderOf(file.path);
    filesByFolder.set(folder, [...(filesByFolder.get(folder) ?? []), file]);
  }
  const projects = azdProjects(files, warnings);
  const systems: SystemGraph[] = [];
  const analyses = new Map<string, RootAnalysis>();
  for (const root of rootFolders(filesByFolder)) {
    if (Date.now() > options.deadline) {
      warnings.push({
        id: "terraform/deadline",
        file: root,
        message: `Time budget ran out: Terraform root ${root} and the ones after it were not analysed.`,
      });
      break;
    }
    const analysis = buildSystem(root, filesByFolder, warnings, projects);
    systems.push(analysis.system);
    analyses.set(analysis.system.id, analysis);
  }
  addRemoteStateCalls(systems, filesByFolder, analyses);
  addTerragruntCalls(systems, filesByFolder, configurations, analyses);
  addSharedNameCalls(systems, analyses);
  return { systems, warnings, notes: [] };
}

async function parseFile(
  file: InputFile,
  deadline: number,
  warnings: ExtractionWarning[],
): Promise<ParsedFile | "cancelled" | undefined> {
  if (file.path.endsWith(".tf.json")) {
    const result = parseJsonSyntax(file.text);
    if (result.status === "parsed") return { path: file.path, body: result.body };
    warnings.push(
      result.status === "too-deep"
        ? {
            id: "terraform/too-deep",
            file: file.path,
            line: result.line,
            message: `Terraform JSON ${result.message}; the file was skipped.`,
          }
        : {
            id: "terraform/invalid-json",
            file: file.path,
            line: result.line,
            message: `Invalid Terraform JSON: ${result.message}`,
          },
    );
    return undefined;
  }
  let result;
  try {
    result = await parseNative(file.text, deadline);
  } catch (error) {
    warnings.push({
      id: "terraform/parser-unavailable",
      file: file.path,
      message: `The HCL parser could not run (${error instanceof Error ? error.message : String(error)}); the file was skipped.`,
    });
    return undefined;
  }
  if (result.status === "cancelled") return "cancelled";
  if (result.firstError) {
    const { line, unclosed } = result.firstError;
    warnings.push({
      id: "terraform/invalid-hcl",
      file: file.path,
      line,
      message: unclosed
        ? `Invalid HCL: \`{\` opened at line ${line} is never closed; the blocks around it were still read.`
        : `Invalid HCL at line ${line}; the blocks around the error were still read.`,
    });
  }
  if (result.tooDeepAt !== undefined) {
    warnings.push({
      id: "terraform/too-deep",
      file: file.path,
      line: result.tooDeepAt,
      message: "Expressions nest too deep; the innermost parts were not read.",
    });
  }
  return { path: file.path, body: result.body };
}

function deadlineWarning(file: string, left: number): ExtractionWarning {
  return {
    id: "terraform/deadline",
    file,
    message: `Time budget ran out: ${left} Terraform file(s) from here on were not read.`,
  };
}

function folderOf(path: string): string {
  const folder = posix.dirname(path);
  return folder === "" ? "." : folder;
}

/** Folders not called as a local module, except by examples or tests inside them. */
function rootFolders(filesByFolder: ReadonlyMap<string, ParsedFile[]>): string[] {
  const called = new Set<string>();
  for (const [folder, files] of filesByFolder) {
    for (const file of files) {
      for (const block of file.body.blocks) {
        if (block.type !== "module") continue;
        const source = moduleSource(block);
        if (source === undefined || !isLocalSource(source)) continue;
        const target = resolveSource(folder, source);
        if (target === undefined || target === folder) continue;
        const callerInside = target === "." || folder.startsWith(`${target}/`);
        if (!callerInside) called.add(target);
      }
    }
  }
  return [...filesByFolder.keys()].filter((folder) => !called.has(folder)).sort();
}
