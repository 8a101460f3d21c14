/**
 * Geography: the change places components in a region the system did not use, or adds components that span
 * regions themselves (global tables, cross-region replicas), so the system runs in more than one region.
 * Regions named only by component names hint at it but never decide.
 */
import type { Component } from "../../graph/model.js";
import type { SystemReport } from "../types.js";
import { sourceOf } from "./sizes.js";
import type { TriggerEvidence, TriggerFact } from "./types.js";

export function geographyEvidence(system: SystemReport): TriggerEvidence {
  const evidence = { trigger: "geography" as const, facts: [] as TriggerFact[], covers: [] as string[] };
  const headRegions = regionsOf(system.head?.components ?? []);
  const baseRegions = regionsOf(system.base?.components ?? []);
  const added = system.delta.addedComponents;
  const newRegions = [...headRegions].filter((region) => !baseRegions.has(region));
  for (const component of added) {
    if (!component.regions?.length) continue;
    evidence.facts.push({
      system: system.system,
      component: component.name,
      ...sourceOf(component, "regions"),
      detail: `in ${component.regions.join(", ")}`,
      strength: "strong",
    });
  }
  if (headRegions.size === 0) return nameHints(system, evidence);
  const regionsText = [...headRegions].sort().join(", ");
  const covers = added
    .filter(
      (component) =>
        (component.regions?.length ?? 0) > 1 ||
        (component.regions ?? []).some((region) => newRegions.includes(region)),
    )
    .map((component) => component.name);
  if (headRegions.size > 1 && covers.length > 0) {
    const besides = [...headRegions].filter((region) => !newRegions.includes(region)).sort();
    const summary =
      newRegions.length > 0 && besides.length > 0
        ? `${newRegions.sort().join(", ")} beside ${besides.join(", ")}`
        : `runs in ${regionsText}`;
    return { ...evidence, covers, status: "met", summary };
  }
  if (headRegions.size === 1)
    return { ...evidence, status: "not-met", summary: `one region: ${regionsText}` };
  return {
    ...evidence,
    status: "not-met",
    summary: `already in ${regionsText}; the additions open no new region`,
  };
}

function regionsOf(components: readonly Component[]): Set<string> {
  return new Set(components.flatMap((component) => component.regions ?? []));
}

// Cloud region names (us-east-1, europe-west1, westeurope) and the short area words teams put in names.
const DIRECTION = "(?:north|south|east|west|central|northeast|northwest|southeast|southwest)";
const REGION_NAMES = [
  `(?:us|eu|ap|sa|ca|me|af|il|mx)-(?:gov-)?${DIRECTION}-\\d`,
  `(?:us|europe|asia|australia|northamerica|southamerica|me|africa)-${DIRECTION}\\d+`,
  `${DIRECTION}(?:us|europe|asia)\\d?`,
  `(?:uk|japan|korea|india|brazil|canada|france|germany|australia)${DIRECTION}`,
];
const REGION_NAME = new RegExp(`(?:^|[-_.])(${REGION_NAMES.join("|")})(?=$|[-_.])`);
const AREA_WORDS = new Set(["eu", "us", "uk", "emea", "apac", "amer", "latam", "asia", "europe", "america"]);

/** No region in the files: names such as `orders-eu` and `orders-us` are the only hint, and only a hint. */
function nameHints(
  system: SystemReport,
  evidence: Omit<TriggerEvidence, "status" | "summary">,
): TriggerEvidence {
  const facts = evidence.facts;
  for (const component of system.delta.addedComponents) {
    const area = regionInName(component.name);
    if (area)
      facts.push({
        system: system.system,
        component: component.name,
        ...component.location,
        detail: `the name says ${area}`,
        strength: "weak",
      });
  }
  const areas = new Set(facts.map((fact) => fact.detail));
  const summary =
    facts.length > 0
      ? `no region in the files; ${areas.size > 1 ? "names say several regions" : "a name says a region"}, which only hints at it`
      : "no region in the files";
  return { ...evidence, status: "unknown", summary };
}

export function regionInName(name: string): string | undefined {
  const lower = name.toLowerCase();
  return REGION_NAME.exec(lower)?.[1] ?? lower.split(/[-._/]+/).find((word) => AREA_WORDS.has(word));
}
