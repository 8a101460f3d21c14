import { posix } from "node:path";
import type { Component, SystemGraph } from "../../graph/model.js";
import {
  allAttributes,
  attribute,
  blocksOf,
  traversalsIn,
  traversalText,
  type Block,
  type Expr,
  type ParsedFile,
} from "./ast.js";
import { addCall, componentNamed, componentReads, CrossRootCalls } from "./cross-root.js";
import { keyName, literal, outputTargets, standInFor } from "./remote-state.js";
import { RESOURCE_KINDS } from "./resource-kinds.js";
import type { RootAnalysis } from "./system.js";

const RULE = "terraform/terragrunt-input";

/** A Terragrunt configuration: the module folder it applies, and its inputs read from other configurations. */
interface Wrapper {
  file: string;
  source?: string;
  /** Input name -> the configuration folder whose output it is, and that output's name. */
  inputs: Map<string, { from: string; output: string; line: number }>;
}

/**
 * Calls across root modules that Terragrunt wires: `inputs = { function_url = dependency.api.outputs.function_url }`
 * in a `terragrunt.hcl` whose `terraform { source }` is module folder A hands A's `var.function_url` the output of
 * the module folder B that the `dependency "api"` configuration applies. A component of A reading that variable
 * calls what B's output references, through a stand-in resolving to B's component, as remote state does.
 */
export function addTerragruntCalls(
  systems: readonly SystemGraph[],
  filesByFolder: ReadonlyMap<string, ParsedFile[]>,
  configurations: readonly ParsedFile[],
  analyses: ReadonlyMap<string, RootAnalysis> = new Map(),
): void {
  const byRoot = new Map(systems.map((system) => [system.id.slice("terraform:".length), system]));
  const wrappers = new Map(
    configurations.map((file) => [posix.dirname(file.path), wrapperOf(file, filesByFolder)] as const),
  );
  const roots = { byRoot, wrappers, filesByFolder, analyses };
  const calls = new CrossRootCalls();
  for (const wrapper of wrappers.values()) {
    const system = wrapper.source === undefined ? undefined : byRoot.get(wrapper.source);
    if (!system) continue;
    const files = filesByFolder.get(wrapper.source!) ?? [];
    for (const read of componentReads(system, files, analyses.get(system.id)?.delegations)) {
      const filled = filledFromOtherRoot(read.traversal, system, wrapper, roots);
      if (!filled) continue;
      for (const callee of filled.targets)
        calls.add(
          system,
          read,
          standInFor(system, filled.other, callee),
          `${read.address}: ${filled.detail}`,
          RULE,
        );
    }
    grantsToOtherRoots(system, files, wrapper, roots);
    wiringAcrossRoots(system, files, wrapper, roots);
  }
  calls.flush();
}

type Traversal = Extract<Expr, { type: "traversal" }>;

/** What another root's output, handed by Terragrunt to the variable a reference reads, names there. */
interface FilledInput {
  other: SystemGraph;
  targets: Component[];
  /** The variable and the Terragrunt input that fills it. */
  detail: string;
}

/** The other root's components the output filling `var.<name>` names; undefined unless another root fills it. */
function filledFromOtherRoot(
  traversal: Traversal,
  system: SystemGraph,
  wrapper: Wrapper,
  { byRoot, wrappers, filesByFolder }: Roots,
): FilledInput | undefined {
  const step = traversal.root === "var" ? traversal.steps[0] : undefined;
  const input = step && "name" in step ? wrapper.inputs.get(step.name) : undefined;
  const root = input && wrappers.get(input.from)?.source;
  const other = root === undefined ? undefined : byRoot.get(root);
  if (!input || !other || other === system) return undefined;
  return {
    other,
    targets: outputTargets({ root: root!, system: other }, input.output, filesByFolder),
    detail: `${traversalText(traversal)} (${wrapper.file}:${input.line})`,
  };
}

interface Roots {
  byRoot: ReadonlyMap<string, SystemGraph>;
  wrappers: ReadonlyMap<string, Wrapper>;
  filesByFolder: ReadonlyMap<string, ParsedFile[]>;
  analyses: ReadonlyMap<string, RootAnalysis>;
}

// Arguments naming the role a policy is attached to.
const ROLE_ARGUMENTS = new Set(["role", "roles", "role_name"]);

/**
 * A policy attached to a role named by a variable Terragrunt fills from another configuration's output
 * (`role = var.api_role_name`, given `dependency.api.outputs.function_name`): the component of that other root the
 * output names runs as the role, so it calls what the policy grants on here. The call is drawn in its root.
 */
function grantsToOtherRoots(
  system: SystemGraph,
  files: readonly ParsedFile[],
  wrapper: Wrapper,
  roots: Roots,
): void {
  const grants = roots.analyses.get(system.id)?.foreignGrants ?? new Map<string, string[]>();
  for (const file of files) {
    for (const block of blocksOf(file.body, "resource")) {
      const granted = grants.get(`${block.labels[0]}.${block.labels[1]}`) ?? [];
      if (granted.length === 0) continue;
      for (const found of block.body.attributes.filter((entry) => ROLE_ARGUMENTS.has(entry.name))) {
        for (const traversal of traversalsIn(found.expr)) {
          const filled = filledFromOtherRoot(traversal, system, wrapper, roots);
          if (!filled) continue;
          const { other } = filled;
          const detail = `${block.labels[0]}.${block.labels[1]}: ${filled.detail}`;
          for (const caller of filled.targets)
            for (const name of granted) {
              const callee = componentNamed(system, name);
              if (callee)
                addCall(
                  other,
                  caller,
                  standInFor(other, system, callee),
                  file.path,
                  traversal.line,
                  detail,
                  RULE,
                );
            }
        }
      }
    }
  }
}

/**
 * Wiring one end of which is a variable Terragrunt fills from another configuration's output: an SNS subscription's
 * `topic_arn = var.topic_arn` (given `dependency.sns.outputs.topic_arn`) makes that other root's topic call the
 * subscriber here, drawn in the topic's root; an API Gateway integration's `uri = var.invoke_arn` makes the API here
 * call the other root's function. Terraform applies the wiring as if both ends were in one root.
 */
function wiringAcrossRoots(
  system: SystemGraph,
  files: readonly ParsedFile[],
  wrapper: Wrapper,
  roots: Roots,
): void {
  for (const file of files) {
    for (const block of blocksOf(file.body, "resource")) {
      const kind = RESOURCE_KINDS[block.labels[0] ?? ""];
      if (kind?.role !== "wiring" || !kind.from || !kind.to || !kind.rule) continue;
      const address = `${block.labels[0]}.${block.labels[1]}`;
      const sources = wiringEnds(system, block, kind.from, wrapper, roots);
      const targets = wiringEnds(system, block, kind.to, wrapper, roots);
      for (const source of sources)
        for (const target of targets) {
          const remote = source.detail ?? target.detail;
          if (remote === undefined || (source.detail && target.detail)) continue;
          const detail = `${address}: ${remote}`;
          const [home, other] = [source.system, target.system];
          const callee = home === other ? target.component : standInFor(home, other, target.component);
          addCall(home, source.component, callee, file.path, source.line ?? target.line!, detail, kind.rule);
        }
    }
  }
}

interface WiringEnd {
  system: SystemGraph;
  component: Component;
  /** For an end in another root: the variable and the Terragrunt input that fills it. */
  detail?: string;
  line?: number;
}

/** The components the arguments `names` of a wiring block name: here, or in the root whose output fills a variable. */
function wiringEnds(
  system: SystemGraph,
  block: Block,
  names: readonly string[],
  wrapper: Wrapper,
  roots: Roots,
): WiringEnd[] {
  return traversalsUnder(block, names).flatMap((traversal): WiringEnd[] => {
    const step = traversal.steps[0];
    const name = step && "name" in step ? step.name : undefined;
    if (name === undefined) return [];
    if (traversal.root !== "var") {
      const component = componentNamed(system, `${traversal.root}.${name}`);
      return component ? [{ system, component }] : [];
    }
    const filled = filledFromOtherRoot(traversal, system, wrapper, roots);
    if (!filled) return [];
    const { other, detail } = filled;
    return filled.targets.map((component) => ({ system: other, component, detail, line: traversal.line }));
  });
}

/** References written in the arguments (or nested blocks) `names` of a block. */
function traversalsUnder(block: Block, names: readonly string[]): Traversal[] {
  return allAttributes(block.body)
    .filter(({ path, attribute: found }) => names.includes(path[0] ?? found.name))
    .flatMap(({ attribute: found }) => traversalsIn(found.expr));
}

function wrapperOf(file: ParsedFile, filesByFolder: ReadonlyMap<string, ParsedFile[]>): Wrapper {
  const folder = posix.dirname(file.path);
  const source = blocksOf(file.body, "terraform")
    .map((block) => leadingText(attribute(block.body, "source")?.expr))
    .find((value) => value !== undefined);
  const dependencies = new Map<string, string>();
  for (const block of blocksOf(file.body, "dependency")) {
    const path = literal(attribute(block.body, "config_path")?.expr);
    if (block.labels[0] !== undefined && path !== undefined)
      dependencies.set(block.labels[0], posix.normalize(posix.join(folder, path)));
  }
  const inputs = new Map<string, { from: string; output: string; line: number }>();
  const written = attribute(file.body, "inputs")?.expr;
  for (const item of written?.type === "object" ? written.items : []) {
    const name = keyName(item.key);
    const value = item.value.type === "traversal" ? item.value : undefined;
    const steps = value?.steps.map((step) => ("name" in step ? step.name : undefined)) ?? [];
    const from = value?.root === "dependency" ? dependencies.get(steps[0] ?? "") : undefined;
    if (name !== undefined && from !== undefined && steps[1] === "outputs" && steps[2] !== undefined)
      inputs.set(name, { from, output: steps[2], line: value!.line });
  }
  return { file: file.path, source: sourceFolder(folder, source, filesByFolder), inputs };
}

/**
 * The module folder a `terraform { source }` names in this tree: a relative path (`../../modules//api`), or the
 * `//sub/folder` of a repository address when that folder is in the tree (a configuration pinning this very
 * repository's module at a version). Anything else is applied from elsewhere and has no folder here.
 */
function sourceFolder(
  folder: string,
  source: string | undefined,
  filesByFolder: ReadonlyMap<string, ParsedFile[]>,
): string | undefined {
  if (source === undefined) return undefined;
  const withoutRef = source.replace(/\?.*$/, "");
  if (withoutRef.startsWith("./") || withoutRef.startsWith("../")) {
    const path = posix.normalize(posix.join(folder, withoutRef.replace("//", "/")));
    return filesByFolder.has(path) ? path : undefined;
  }
  // The `//` that is no scheme's `://` opens the folder inside the repository.
  const subfolder = /(?<!:)\/\//.exec(withoutRef);
  const inRepository = subfolder ? withoutRef.slice(subfolder.index + 2).replace(/\/$/, "") : "";
  const path = inRepository ? posix.normalize(inRepository) : undefined;
  return path !== undefined && filesByFolder.has(path) ? path : undefined;
}

/** A string's text up to its first interpolation: a source's `?ref=${get_env("VERSION")}` is cut off anyway. */
function leadingText(expr: Expr | undefined): string | undefined {
  if (expr?.type !== "template") return literal(expr);
  let text = "";
  for (const part of expr.parts) {
    const value = literal(part);
    if (value === undefined) break;
    text += value;
  }
  return text || undefined;
}
