import { composeFormat } from "./compose/index.js";
import type { FormatExtractor } from "./types.js";

/** Every supported format, in the order their systems are reported. */
export const FORMATS: readonly FormatExtractor[] = [composeFormat];

export function isInfrastructurePath(path: string): boolean {
  return FORMATS.some((format) => format.claims(path));
}
