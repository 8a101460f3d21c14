import { posix } from "node:path";
import type { Component, SystemGraph } from "../../graph/model.js";
import {
  allAttributes,
  attribute,
  blocksOf,
  traversalsIn,
  traversalText,
  type Expr,
  type ParsedFile,
} from "./ast.js";
import { componentNamed, componentReads, CrossRootCalls } from "./cross-root.js";
import type { RootAnalysis } from "./system.js";

const RULE = "terraform/remote-state";

/**
 * Calls across root modules through `data "terraform_remote_state"`: a component here reading
 * `data.terraform_remote_state.queue.outputs.queue_url` calls what that output of the other root references. The
 * other root is found by the state it writes: the `local` backend's `path`, or the `key` / `prefix` of the same
 * backend type in its `terraform { backend ... }` block. The call goes to a stand-in resolving to the component of
 * the other root's system (`terraform/remote-state`), so request paths continue there.
 */
export function addRemoteStateCalls(
  systems: readonly SystemGraph[],
  filesByFolder: ReadonlyMap<string, ParsedFile[]>,
  analyses: ReadonlyMap<string, RootAnalysis> = new Map(),
): void {
  const byRoot = new Map(systems.map((system) => [system.id.slice("terraform:".length), system]));
  const stateOwners = backendStates(byRoot, filesByFolder);
  const calls = new CrossRootCalls();
  for (const [root, system] of byRoot) {
    const files = filesByFolder.get(root) ?? [];
    const sources = remoteStates(root, files, stateOwners, byRoot);
    if (sources.size === 0) continue;
    for (const read of componentReads(system, files, analyses.get(system.id)?.delegations)) {
      const output = remoteOutput(read.traversal);
      const target = output && sources.get(output.source);
      if (!output || !target) continue;
      for (const callee of outputTargets(target, output.output, filesByFolder)) {
        const standIn = standInFor(system, target.system, callee);
        calls.add(system, read, standIn, `${read.address}: ${traversalText(read.traversal)}`, RULE);
      }
    }
  }
  calls.flush();
}

export interface RemoteRoot {
  root: string;
  system: SystemGraph;
}

/** `<backend>|<key>` -> the root that writes that state. */
function backendStates(
  byRoot: ReadonlyMap<string, SystemGraph>,
  filesByFolder: ReadonlyMap<string, ParsedFile[]>,
): Map<string, RemoteRoot> {
  const owners = new Map<string, RemoteRoot>();
  for (const [root, system] of byRoot) {
    for (const file of filesByFolder.get(root) ?? []) {
      for (const settings of blocksOf(file.body, "terraform")) {
        for (const backend of blocksOf(settings.body, "backend")) {
          const type = backend.labels[0] ?? "";
          for (const name of ["key", "prefix", "path"]) {
            const value = literal(attribute(backend.body, name)?.expr);
            if (value !== undefined) owners.set(`${type}|${value}`, { root, system });
          }
        }
      }
    }
  }
  return owners;
}

/** The remote-state data sources of one root: their name -> the root whose outputs they read. */
function remoteStates(
  root: string,
  files: readonly ParsedFile[],
  owners: ReadonlyMap<string, RemoteRoot>,
  byRoot: ReadonlyMap<string, SystemGraph>,
): Map<string, RemoteRoot> {
  const found = new Map<string, RemoteRoot>();
  for (const file of files) {
    for (const block of blocksOf(file.body, "data")) {
      if (block.labels[0] !== "terraform_remote_state" || block.labels[1] === undefined) continue;
      const backend = literal(attribute(block.body, "backend")?.expr) ?? "local";
      const config = attribute(block.body, "config")?.expr;
      const setting = (name: string) =>
        config?.type === "object"
          ? literal(config.items.find((item) => keyName(item.key) === name)?.value)
          : undefined;
      let owner: RemoteRoot | undefined;
      const path = setting("path");
      if (backend === "local" && path !== undefined) {
        const normalized = posix.normalize(posix.join(root, posix.dirname(path)));
        const folder = normalized === "" ? "." : normalized;
        const system = byRoot.get(folder);
        if (system) owner = { root: folder, system };
      } else {
        const key = setting("key") ?? setting("prefix");
        if (key !== undefined) owner = owners.get(`${backend}|${key}`);
      }
      if (owner && owner.root !== root) found.set(block.labels[1], owner);
    }
  }
  return found;
}

function remoteOutput(
  traversal: Extract<Expr, { type: "traversal" }>,
): { source: string; output: string } | undefined {
  if (traversal.root !== "data") return undefined;
  const names = traversal.steps.map((step) => ("name" in step ? step.name : undefined));
  if (names[0] !== "terraform_remote_state" || names[2] !== "outputs") return undefined;
  const [source, output] = [names[1], names[3]];
  return source !== undefined && output !== undefined ? { source, output } : undefined;
}

/** Components of the other root that its output `name` references. */
export function outputTargets(
  target: RemoteRoot,
  name: string,
  filesByFolder: ReadonlyMap<string, ParsedFile[]>,
): Component[] {
  const files = filesByFolder.get(target.root) ?? [];
  const found = new Set<Component>();
  // An output may name a hop (a function URL, an alias): what that resource references stands behind it.
  const visit = (expr: Expr, hops: number): void => {
    for (const traversal of traversalsIn(expr)) {
      const names = traversal.steps.flatMap((step) => ("name" in step ? [step.name] : []));
      const address = traversal.root === "module" ? `module.${names[0]}` : `${traversal.root}.${names[0]}`;
      const component = componentNamed(target.system, address);
      if (component) found.add(component);
      else if (hops > 0)
        for (const block of resourceBlocks(files, traversal.root, names[0]))
          for (const { attribute: inner } of allAttributes(block.body)) visit(inner.expr, hops - 1);
    }
  };
  for (const file of files) {
    for (const output of blocksOf(file.body, "output")) {
      const value = output.labels[0] === name ? attribute(output.body, "value")?.expr : undefined;
      if (value) visit(value, 1);
    }
  }
  return [...found];
}

function resourceBlocks(files: readonly ParsedFile[], type: string, name: string | undefined) {
  return files.flatMap((file) =>
    blocksOf(file.body, "resource").filter((block) => block.labels[0] === type && block.labels[1] === name),
  );
}

/** The component called `address`, or answering to it (a merged definition, a module's sole component). */
export function standInFor(system: SystemGraph, other: SystemGraph, target: Component): Component {
  const existing = system.components.find(
    (component) =>
      component.resolvesTo?.system === other.id && component.resolvesTo.component === target.name,
  );
  if (existing) return existing;
  let name = target.name;
  for (let index = 2; system.components.some((component) => component.name === name); index++)
    name = `${target.name}-${index}`;
  const standIn: Component = {
    name,
    kind: target.kind,
    system: system.id,
    location: target.location,
    attributes: { system: other.id },
    resolvesTo: { system: other.id, component: target.name },
  };
  system.components.push(standIn);
  return standIn;
}

/** An object key as written: `path = ...` (a bare name) or `"path" = ...`. */
export function keyName(expr: Expr): string | undefined {
  return expr.type === "traversal" && expr.steps.length === 0 ? expr.root : literal(expr);
}

export function literal(expr: Expr | undefined): string | undefined {
  if (expr?.type === "literal" && typeof expr.value === "string") return expr.value;
  if (expr?.type === "template" && expr.parts.length === 1) return literal(expr.parts[0]);
  return undefined;
}
