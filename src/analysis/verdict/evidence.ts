import type { SystemReport } from "../types.js";
import { TRIGGERS } from "../declarations.js";
import type { RepositoryFacts } from "./facts.js";
import type { TriggerEvidence, VerdictConfig } from "./types.js";

/** The evidence for each trigger in one system, in the order of `TRIGGERS`. */
export function systemEvidence(
  system: SystemReport,
  facts: RepositoryFacts,
  config: VerdictConfig,
): TriggerEvidence[] {
  void system;
  void facts;
  void config;
  return TRIGGERS.map((trigger) => ({ trigger, status: "unknown", summary: "not judged yet", facts: [] }));
}
