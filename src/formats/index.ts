import { composeFormat } from "./compose/index.js";
import { kubernetesFormat } from "./kubernetes/index.js";
import { terraformFormat } from "./terraform/index.js";
import type { FormatExtractor } from "./types.js";

/** Every supported format, in the order their systems are reported. */
export const FORMATS: readonly FormatExtractor[] = [composeFormat, kubernetesFormat, terraformFormat];

export function isInfrastructurePath(path: string): boolean {
  return FORMATS.some((format) => format.claims(path));
}
