import type { SystemReport } from "../types.js";
import type { CodeOwners } from "./codeowners.js";
import { computeEvidence } from "./compute.js";
import { geographyEvidence } from "./geography.js";
import { independentDeploysEvidence } from "./independent-deploys.js";
import type { TriggerEvidence, VerdictConfig } from "./types.js";
import { workingSetEvidence } from "./working-set.js";

/** The evidence for each trigger in one system, in the order of `TRIGGERS`. */
export function systemEvidence(
  system: SystemReport,
  codeowners: CodeOwners | undefined,
  config: VerdictConfig,
): TriggerEvidence[] {
  return [
    workingSetEvidence(system, config.ceilings),
    computeEvidence(system, config.ceilings),
    geographyEvidence(system),
    independentDeploysEvidence(system, codeowners),
  ];
}
