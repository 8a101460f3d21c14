/**
 * Independent deploys: the added component belongs to a different team than the components that call it, so the
 * two ship on their own cadences. Ownership comes from the base branch's CODEOWNERS: the owners of the file that
 * defines a component, or of its build context when it is built from one. Without CODEOWNERS, a separate build
 * context or an image built elsewhere is a hint, never a decision.
 */
import type { Component, SystemGraph } from "../../graph/model.js";
import type { SystemReport } from "../types.js";
import { directoryRule, ownerRule, type CodeOwners, type OwnerRule } from "./codeowners.js";
import { sourceOf } from "./sizes.js";
import { nameList } from "./names.js";
import type { TriggerEvidence, TriggerFact } from "./types.js";

interface Owned {
  owners: string[];
  rule: OwnerRule;
  path: string;
}

export function independentDeploysEvidence(
  system: SystemReport,
  codeowners: CodeOwners | undefined,
): TriggerEvidence {
  const evidence = {
    trigger: "independent-deploys" as const,
    facts: [] as TriggerFact[],
    covers: [] as string[],
  };
  const head = system.head;
  const added = system.delta.addedComponents.filter((component) => component.kind !== "external");
  if (!head || added.length === 0) return { ...evidence, status: "not-met", summary: "adds no component" };
  if (!codeowners) return buildHints(system, head, added, evidence);
  const byName = new Map(head.components.map((component) => [component.name, component]));
  const partners = partnerIndex(head);
  const judged: string[] = [];
  for (const component of added) {
    const own = ownersOf(component, codeowners);
    const neighbours = partners(component.name)
      .map((name) => byName.get(name))
      .filter((partner): partner is Component => partner !== undefined);
    const owned = neighbours.map((partner) => ({ partner, owned: ownersOf(partner, codeowners) }));
    if (!own || owned.length === 0 || owned.some(({ owned }) => !owned)) continue;
    judged.push(component.name);
    const separate = owned.every(({ owned: other }) => disjoint(own.owners, other!.owners));
    const partnersText = owned.map(({ partner, owned: other }) => `\`${partner.name}\` ${ownerText(other!)}`);
    evidence.facts.push({
      system: system.system,
      component: component.name,
      file: codeowners.file,
      line: own.rule.line,
      detail: `${ownerText(own)}; ${separate ? "its partners" : "shared with"} ${partnersText.join(", ")}`,
      strength: "strong",
    });
    if (separate) evidence.covers.push(component.name);
  }
  if (evidence.covers.length > 0) {
    const names = nameList(evidence.covers);
    return {
      ...evidence,
      status: "met",
      summary: `${names} owned apart from ${evidence.covers.length === 1 ? "its" : "their"} callers (${codeowners.file})`,
    };
  }
  if (judged.length > 0)
    return {
      ...evidence,
      status: "not-met",
      summary: `the additions share owners with their callers (${codeowners.file})`,
    };
  return {
    ...evidence,
    status: "unknown",
    summary: `${codeowners.file} names no owner for the additions or their callers`,
  };
}

/**
 * Each component's partners: callers first; a component nobody calls yet is judged against what it calls. The
 * edges are indexed once, so a system with thousands of additions is not walked once per addition.
 */
function partnerIndex(system: SystemGraph): (name: string) => string[] {
  const callers = new Map<string, string[]>();
  const callees = new Map<string, string[]>();
  for (const edge of system.edges) {
    listOf(callers, edge.to).push(edge.from);
    listOf(callees, edge.from).push(edge.to);
  }
  return (name) =>
    [...new Set(callers.get(name) ?? callees.get(name) ?? [])].filter((partner) => partner !== name);
}

function listOf(lists: Map<string, string[]>, key: string): string[] {
  let list = lists.get(key);
  if (!list) lists.set(key, (list = []));
  return list;
}

/** The owners of a component's build context when it has one (that is its code), else of its defining file. */
function ownersOf(component: Component, codeowners: CodeOwners): Owned | undefined {
  const context = buildContext(component);
  const path = context ?? component.location.file;
  const rule = context !== undefined ? directoryRule(codeowners, context) : ownerRule(codeowners, path);
  if (!rule || rule.owners.length === 0) return undefined;
  return { owners: rule.owners.map((owner) => owner.toLowerCase()), rule, path };
}

function buildContext(component: Component): string | undefined {
  const build = component.attributes?.build;
  return typeof build === "string" && !/^[a-z][a-z0-9+.-]*:\/\//i.test(build) && !build.startsWith("git@")
    ? build
    : undefined;
}

function disjoint(a: readonly string[], b: readonly string[]): boolean {
  return a.every((owner) => !b.includes(owner));
}

function ownerText(owned: Owned): string {
  return `${owned.path} owned by ${owned.owners.join(" ")} (line ${owned.rule.line})`;
}

/** Without CODEOWNERS: an addition built from its own context, or from an image built elsewhere, only hints. */
function buildHints(
  system: SystemReport,
  head: SystemGraph,
  added: readonly Component[],
  evidence: Omit<TriggerEvidence, "status" | "summary">,
): TriggerEvidence {
  const partners = partnerIndex(head);
  const byName = new Map<string, Component>();
  for (const component of head.components)
    if (!byName.has(component.name)) byName.set(component.name, component);
  for (const component of added) {
    if (component.kind !== "service") continue;
    const build = component.attributes?.build;
    const callerContexts = partners(component.name)
      .map((name) => byName.get(name)?.attributes?.build)
      .filter((value) => typeof value === "string");
    let detail: string | undefined;
    if (typeof build === "string" && buildContext(component) === undefined)
      detail = `built from another repository (${build})`;
    else if (typeof build === "string" && callerContexts.length > 0 && !callerContexts.includes(build))
      detail = `built from its own context ${build}`;
    else if (build === undefined && component.image && callerContexts.length > 0)
      detail = `runs an image built elsewhere (${component.image})`;
    if (detail)
      evidence.facts.push({
        system: system.system,
        component: component.name,
        ...sourceOf(component, "build"),
        detail,
        strength: "weak",
      });
  }
  const summary =
    evidence.facts.length > 0
      ? "no CODEOWNERS to tell the teams apart; separate builds only hint at it"
      : "no CODEOWNERS to tell the teams apart";
  return { ...evidence, status: "unknown", summary };
}
