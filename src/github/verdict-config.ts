/** The `verdict` options of `.github/boxcutter.yml`: what an unjustified change does, and one machine's size. */
import { DEFAULT_VERDICT_CONFIG, type Ceilings, type VerdictConfig } from "../analysis/verdict/types.js";

const GIB = 1024 ** 3;
const OPTIONS = ["unjustified", "budgetRoundTrips", "ceilings"];
const CEILINGS = ["memoryGiB", "storageTiB", "vcpus"];
/** Past this a ceiling is a typo, not a machine. */
const MAX_CEILING = 1_000_000;

type Show = (value: unknown) => string;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function validateVerdict(value: unknown, problems: string[], show: Show): VerdictConfig {
  const verdict: VerdictConfig = {
    ...DEFAULT_VERDICT_CONFIG,
    ceilings: { ...DEFAULT_VERDICT_CONFIG.ceilings },
  };
  if (value === null) return verdict;
  if (!isRecord(value)) {
    problems.push(
      `verdict: must be a mapping with ${OPTIONS.map((o) => `\`${o}\``).join(", ")} (found ${show(value)})`,
    );
    return verdict;
  }
  for (const [key, option] of Object.entries(value)) {
    switch (key) {
      case "unjustified":
        if (option === "fail" || option === "warn" || option === "off") verdict.unjustified = option;
        else problems.push(`verdict.unjustified: must be "fail", "warn" or "off" (found ${show(option)})`);
        break;
      case "budgetRoundTrips":
        if (typeof option === "number" && Number.isInteger(option) && option >= 0)
          verdict.budgetRoundTrips = option;
        else
          problems.push(
            `verdict.budgetRoundTrips: must be a whole number of round trips, 0 or more (found ${show(option)})`,
          );
        break;
      case "ceilings":
        verdict.ceilings = validateCeilings(option, problems, show);
        break;
      default:
        problems.push(`verdict.${key}: unknown option (known: ${OPTIONS.join(", ")})`);
    }
  }
  return verdict;
}

function validateCeilings(value: unknown, problems: string[], show: Show): Ceilings {
  const ceilings = { ...DEFAULT_VERDICT_CONFIG.ceilings };
  if (value === null) return ceilings;
  if (!isRecord(value)) {
    problems.push(`verdict.ceilings: must be a mapping with ${CEILINGS.join(", ")} (found ${show(value)})`);
    return ceilings;
  }
  for (const [key, option] of Object.entries(value)) {
    if (!CEILINGS.includes(key)) {
      problems.push(`verdict.ceilings.${key}: unknown option (known: ${CEILINGS.join(", ")})`);
      continue;
    }
    if (typeof option !== "number" || !(option > 0) || option > MAX_CEILING) {
      problems.push(`verdict.ceilings.${key}: must be a number above 0 (found ${show(option)})`);
      continue;
    }
    if (key === "memoryGiB") ceilings.memoryBytes = option * GIB;
    else if (key === "storageTiB") ceilings.storageBytes = option * 1024 * GIB;
    else ceilings.vcpus = option;
  }
  return ceilings;
}
