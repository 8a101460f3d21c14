import type { Component, SystemGraph } from "../../graph/model.js";
import { edgeKindOf } from "../shared/edges.js";
import { evidenceAt } from "../shared/evidence.js";
import { allAttributes, traversalsIn, type Block, type Expr, type ParsedFile } from "./ast.js";
import type { Delegation } from "./calls.js";

type Traversal = Extract<Expr, { type: "traversal" }>;

/** A reference that may read another root's output, made by `caller` in block `address`. */
export interface ComponentRead {
  caller: Component;
  address: string;
  file: ParsedFile;
  traversal: Traversal;
  /** Set when the block is a policy granting several components at once what it names. */
  grant?: string;
}

// What a policy grants on: a document statement's `resources`, a role assignment's `scope`. Its principals and
// conditions name who may act, not what is called.
const GRANTED = /^(resources?|scope)$/;

/**
 * Every reference a component's own block in `files` makes, and every reference a block acting for components
 * makes (a policy on what it grants, a rendered template), once per component it acts for.
 */
export function* componentReads(
  system: SystemGraph,
  files: readonly ParsedFile[],
  delegations: ReadonlyMap<string, Delegation> = new Map(),
): Generator<ComponentRead> {
  for (const file of files) {
    for (const block of file.body.blocks) {
      const address = blockAddress(block);
      if (address === undefined) continue;
      const own = componentNamed(system, address);
      const delegation = own ? undefined : delegations.get(address);
      const callers = own
        ? [own]
        : (delegation?.components ?? []).flatMap((name) => componentNamed(system, name) ?? []);
      const grant = delegation?.grant && callers.length > 1 ? address : undefined;
      for (const { attribute: found } of allAttributes(block.body)) {
        if (delegation?.grant && !GRANTED.test(found.name)) continue;
        for (const traversal of traversalsIn(found.expr))
          for (const caller of callers)
            yield { caller, address, file, traversal, ...(grant ? { grant } : {}) };
      }
    }
  }
}

function blockAddress(block: Block): string | undefined {
  const [type, name] = block.labels;
  if (block.type === "module") return type === undefined ? undefined : `module.${type}`;
  if (type === undefined || name === undefined) return undefined;
  if (block.type === "resource") return `${type}.${name}`;
  return block.type === "data" ? `data.${type}.${name}` : undefined;
}

export function componentNamed(system: SystemGraph, address: string): Component | undefined {
  return (
    system.components.find((component) => component.name === address) ??
    system.components.find((component) => component.aliases?.includes(address))
  );
}

interface Pending {
  system: SystemGraph;
  read: ComponentRead;
  callee: Component;
  detail: string;
  rule: string;
}

/**
 * Calls read across roots. A policy granting several components at once calls for those of them that reach the
 * callee in their own configuration as well (a template naming the worker function), as inside one root; when none
 * does, for all of them. So the grants wait until every other read is known.
 */
export class CrossRootCalls {
  private readonly grants: Pending[] = [];

  add(system: SystemGraph, read: ComponentRead, callee: Component, detail: string, rule: string): void {
    if (read.grant === undefined)
      addCall(system, read.caller, callee, read.file.path, read.traversal.line, detail, rule);
    else this.grants.push({ system, read, callee, detail, rule });
  }

  flush(): void {
    const edges = new Map<SystemGraph, Set<string>>();
    const reaches = ({ system, read, callee }: Pending) => {
      let keys = edges.get(system);
      if (!keys)
        edges.set(system, (keys = new Set(system.edges.map((edge) => `${edge.from}\u0000${edge.to}`))));
      return keys.has(`${read.caller.name}\u0000${callee.name}`);
    };
    const groups = new Map<string, Pending[]>();
    for (const pending of this.grants) {
      const key = [pending.system.id, pending.read.grant, pending.callee.name].join("\u0000");
      const group = groups.get(key) ?? [];
      group.push(pending);
      groups.set(key, group);
    }
    for (const group of groups.values()) {
      const reaching = group.filter(reaches);
      for (const { system, read, callee, detail, rule } of reaching.length > 0 ? reaching : group)
        addCall(system, read.caller, callee, read.file.path, read.traversal.line, detail, rule);
    }
    this.grants.length = 0;
  }
}

export function addCall(
  system: SystemGraph,
  from: Component,
  to: Component,
  file: string,
  line: number,
  detail: string,
  rule: string,
) {
  const evidence = evidenceAt({ file, line }, rule, detail);
  const edge = system.edges.find((candidate) => candidate.from === from.name && candidate.to === to.name);
  if (edge) {
    if (!edge.evidence.some((known) => known.file === file && known.line === line))
      edge.evidence.push(evidence);
    return;
  }
  system.edges.push({
    from: from.name,
    to: to.name,
    kind: edgeKindOf(from.kind, to.kind),
    evidence: [evidence],
  });
}
