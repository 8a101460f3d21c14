import { posix } from "node:path";
import type { ExtractionWarning } from "../../graph/model.js";
import { attribute, childrenOf, traversalText, type Block, type Expr, type ParsedFile } from "./ast.js";
import { evaluate } from "./evaluate.js";

/**
 * Terraform modules as scopes: a root folder with the local modules it calls, each call a child scope whose
 * addresses are prefixed `module.<name>.`. References are resolved across scopes (variables to the arguments of
 * the call, `module.x.output` to the output's expression), so a call through a module lands on the resource.
 */

export type Traversal = Extract<Expr, { type: "traversal" }>;

export interface TfNode {
  /** Full address, e.g. `module.api.aws_ecs_service.this`. */
  address: string;
  mode: "resource" | "data" | "module";
  /** Resource type with a `data.` prefix for data sources; `module` for module calls. */
  type: string;
  name: string;
  block: Block;
  file: string;
  scope: ModuleScope;
}

export interface ModuleScope {
  folder: string;
  prefix: string;
  nodes: Map<string, TfNode>;
  locals: Map<string, Expr>;
  variables: Map<string, Block>;
  outputs: Map<string, Expr>;
  providers: (Block & { file: string })[];
  /** `moved` blocks: full old address -> full new address (resources or whole module calls). */
  moved: Map<string, string>;
  children: Map<string, ModuleScope>;
  parent?: ModuleScope;
  call?: TfNode;
}

const MAX_MODULE_DEPTH = 8;

export function isLocalSource(source: string): boolean {
  return source.startsWith("./") || source.startsWith("../") || source === "." || source === "..";
}

export function moduleSource(block: Block): string | undefined {
  const source = attribute(block.body, "source")?.expr;
  return source?.type === "literal" && typeof source.value === "string" ? source.value : undefined;
}

/** The repository folder a local source points at, or undefined when it leaves the repository. */
export function resolveSource(folder: string, source: string): string | undefined {
  const joined = posix.normalize(posix.join(folder, source.split("//", 1)[0] ?? source)).replace(/\/+$/, "");
  if (joined.startsWith("..") || joined.startsWith("/")) return undefined;
  return joined === "" ? "." : joined;
}

export function buildScope(
  folder: string,
  filesByFolder: ReadonlyMap<string, ParsedFile[]>,
  warnings: ExtractionWarning[],
  parent?: ModuleScope,
  call?: TfNode,
  stack: string[] = [],
): ModuleScope {
  const scope: ModuleScope = {
    folder,
    prefix: call ? `${call.address}.` : "",
    nodes: new Map(),
    locals: new Map(),
    variables: new Map(),
    outputs: new Map(),
    providers: [],
    moved: new Map(),
    children: new Map(),
    ...(parent ? { parent } : {}),
    ...(call ? { call } : {}),
  };
  for (const file of filesByFolder.get(folder) ?? []) {
    for (const block of file.body.blocks) addBlock(scope, block, file.path);
  }
  for (const node of scope.nodes.values()) {
    if (node.mode !== "module") continue;
    const source = moduleSource(node.block);
    if (source === undefined || !isLocalSource(source)) continue;
    const target = resolveSource(folder, source);
    if (target === undefined) {
      warnings.push({
        id: "terraform/outside-repository",
        file: node.file,
        line: attribute(node.block.body, "source")?.line ?? node.block.line,
        message: `Module "${node.name}" points at ${source}, outside the repository; it is not read and is shown as one opaque component.`,
      });
      continue;
    }
    if (!filesByFolder.has(target)) {
      warnings.push({
        id: "terraform/missing-module",
        file: node.file,
        line: node.block.line,
        message: `Module "${node.name}" points at ${source}, which has no .tf files in this tree; it is shown as one opaque component.`,
      });
      continue;
    }
    if (stack.includes(target) || stack.length >= MAX_MODULE_DEPTH) {
      warnings.push({
        id: "terraform/module-cycle",
        file: node.file,
        line: node.block.line,
        message: `Module "${node.name}" (${source}) calls itself or nests too deep; it was not followed.`,
      });
      continue;
    }
    scope.children.set(
      node.name,
      buildScope(target, filesByFolder, warnings, scope, node, [...stack, folder]),
    );
  }
  return scope;
}

function addBlock(scope: ModuleScope, block: Block, file: string): void {
  const [first, second] = block.labels;
  switch (block.type) {
    case "resource":
    case "data":
      if (first !== undefined && second !== undefined) {
        const type = block.type === "data" ? `data.${first}` : first;
        const key = `${type}.${second}`;
        scope.nodes.set(key, {
          address: scope.prefix + key,
          mode: block.type === "data" ? "data" : "resource",
          type,
          name: second,
          block,
          file,
          scope,
        });
      }
      return;
    case "module":
      if (first !== undefined) {
        const key = `module.${first}`;
        scope.nodes.set(key, {
          address: scope.prefix + key,
          mode: "module",
          type: "module",
          name: first,
          block,
          file,
          scope,
        });
      }
      return;
    case "locals":
      for (const local of block.body.attributes) scope.locals.set(local.name, local.expr);
      return;
    case "variable":
      if (first !== undefined) scope.variables.set(first, block);
      return;
    case "output": {
      const value = attribute(block.body, "value");
      if (first !== undefined && value) scope.outputs.set(first, value.expr);
      return;
    }
    case "provider":
      scope.providers.push({ ...block, file });
      return;
    case "moved": {
      const from = attribute(block.body, "from")?.expr;
      const to = attribute(block.body, "to")?.expr;
      if (from?.type === "traversal" && to?.type === "traversal")
        scope.moved.set(scope.prefix + traversalText(from), scope.prefix + traversalText(to));
      return;
    }
  }
}

/**
 * The addresses `address` had before the `moved` blocks of its scope and the scopes above it: a moved resource
 * keeps its old address, and a resource inside a moved module call keeps its old prefix.
 */
export function formerAddresses(address: string, scope: ModuleScope): string[] {
  const former: string[] = [];
  for (let at: ModuleScope | undefined = scope; at; at = at.parent) {
    for (const [from, to] of at.moved) {
      if (address === to) former.push(from);
      else if (address.startsWith(`${to}.`)) former.push(from + address.slice(to.length));
    }
  }
  return former;
}

export function* allScopes(scope: ModuleScope): Generator<ModuleScope> {
  yield scope;
  for (const child of scope.children.values()) yield* allScopes(child);
}

export interface Reference {
  node: TfNode;
  /** The traversal as written where the reference was found (for evidence). */
  traversal: Traversal;
  /** Attribute names after the node's address (`["address"]` for `aws_db_instance.main.address`). */
  attributes: string[];
}

const MAX_EXPANSIONS = 5000;

/** Every resource, data source and opaque module `expr` points at, through locals, variables and module outputs. */
export function resolveReferences(expr: Expr, scope: ModuleScope): Reference[] {
  const found: Reference[] = [];
  const seen = new Set<string>();
  let budget = MAX_EXPANSIONS;
  const visit = (current: Expr, at: ModuleScope, origin: Traversal | undefined): void => {
    for (const traversal of liveTraversals(current, at)) {
      if (--budget < 0) return;
      const shown = origin ?? traversal;
      const names = traversal.steps.flatMap((step) => ("name" in step ? [step.name] : []));
      const [first, second] = names;
      const follow = (key: string, next: Expr, nextScope: ModuleScope): void => {
        const id = `${nextScope.prefix}|${key}`;
        if (seen.has(id)) return;
        seen.add(id);
        visit(next, nextScope, shown);
      };
      if (traversal.root === "var" && first !== undefined) {
        const argument = at.call ? attribute(at.call.block.body, first) : undefined;
        if (argument && at.parent) {
          const { expr: part, path } = narrow(argument.expr, names.slice(1));
          follow(["var", first, ...path].join("."), part, at.parent);
        }
        continue;
      }
      if (traversal.root === "local" && first !== undefined) {
        const local = at.locals.get(first);
        if (local) {
          const { expr: part, path } = narrow(local, names.slice(1));
          follow(["local", first, ...path].join("."), part, at);
        }
        continue;
      }
      if (traversal.root === "module" && first !== undefined) {
        const child = at.children.get(first);
        if (child) {
          const outputs =
            second !== undefined && child.outputs.has(second) ? [second] : [...child.outputs.keys()];
          for (const output of outputs) follow(`output.${output}`, child.outputs.get(output)!, child);
          continue;
        }
        const node = at.nodes.get(`module.${first}`);
        if (node) found.push({ node, traversal: shown, attributes: names.slice(1) });
        continue;
      }
      const key = traversal.root === "data" ? `data.${first}.${second}` : `${traversal.root}.${first}`;
      const node = at.nodes.get(key);
      if (node)
        found.push({ node, traversal: shown, attributes: names.slice(traversal.root === "data" ? 2 : 1) });
    }
  };
  visit(expr, scope, undefined);
  return found;
}

/**
 * The part of an object literal an attribute path reads (`local.lambda.worker.environment` reads only the
 * `worker` entry's `environment`), with the keys it went through; anything not an object literal with that key is
 * read whole.
 */
function narrow(expr: Expr, names: string[]): { expr: Expr; path: string[] } {
  let current = expr;
  const path: string[] = [];
  for (const name of names) {
    if (current.type !== "object") break;
    const item = current.items.find((entry) => entry.key.type === "literal" && entry.key.value === name);
    if (!item) break;
    current = item.value;
    path.push(name);
  }
  return { expr: current, path };
}

/** Traversals of `expr` that take effect: a conditional whose test is decided adds only the branch it takes. */
function liveTraversals(expr: Expr, scope: ModuleScope): Traversal[] {
  const found: Traversal[] = [];
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.type === "traversal") found.push(current);
    const taken = current.type === "conditional" ? decide(current.condition, scope) : undefined;
    if (current.type === "conditional" && taken !== undefined)
      stack.push(current.condition, taken ? current.then : current.else);
    else stack.push(...childrenOf(current));
  }
  return found;
}

/**
 * The value of a conditional's test, when the files decide it. Besides literal evaluation, a test of whether an
 * optional input was given (`var.api_url == ""`, `var.table != null`) is decided when the module call passes a
 * reference to another resource or module output: the input is given, so the fallback branch is not taken.
 */
function decide(condition: Expr, scope: ModuleScope): boolean | undefined {
  const value = evaluate(condition, scope);
  if (typeof value === "boolean") return value;
  if (condition.type !== "binary" || (condition.op !== "==" && condition.op !== "!=")) return undefined;
  const { left, right } = condition;
  const input = isEmptyLiteral(left) ? right : isEmptyLiteral(right) ? left : undefined;
  if (!input || !isGivenAsReference(input, scope)) return undefined;
  return condition.op === "!=";
}

function isEmptyLiteral(expr: Expr): boolean {
  return expr.type === "literal" && (expr.value === "" || expr.value === null);
}

const NOT_REFERENCES = new Set(["var", "local", "each", "count", "path", "terraform", "self"]);

function isGivenAsReference(expr: Expr, scope: ModuleScope): boolean {
  if (expr.type !== "traversal" || expr.root !== "var" || expr.steps.length !== 1) return false;
  const step = expr.steps[0]!;
  if (!("name" in step) || !scope.call) return false;
  const argument = attribute(scope.call.block.body, step.name)?.expr;
  return argument?.type === "traversal" && !NOT_REFERENCES.has(argument.root);
}
