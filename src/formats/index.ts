import { claimsComposePath } from "./compose/files.js";
import { claimsKubernetesPath } from "./kubernetes/claims.js";
import { claimsTerraformPath } from "./terraform/claims.js";
import type { Extraction, FormatExtractor } from "./types.js";

/**
 * A format listed by its path test, its extractor imported with the first tree holding a file it claims: a
 * command over a tree without that format's files (an empty folder, a Terraform-only repository) does not load
 * its parsers and rules at start-up. Given no file it claims, an extractor finds nothing.
 */
function onDemand(
  id: string,
  claims: (path: string) => boolean,
  load: () => Promise<FormatExtractor>,
): FormatExtractor {
  return {
    id,
    claims,
    extract: async (files, options): Promise<Extraction> =>
      files.some((file) => claims(file.path))
        ? (await load()).extract(files, options)
        : { systems: [], warnings: [], notes: [] },
  };
}

/** Every supported format, in the order their systems are reported. */
export const FORMATS: readonly FormatExtractor[] = [
  onDemand("compose", claimsComposePath, async () => (await import("./compose/index.js")).composeFormat),
  onDemand(
    "kubernetes",
    claimsKubernetesPath,
    async () => (await import("./kubernetes/index.js")).kubernetesFormat,
  ),
  onDemand(
    "terraform",
    claimsTerraformPath,
    async () => (await import("./terraform/index.js")).terraformFormat,
  ),
];

export function isInfrastructurePath(path: string): boolean {
  return FORMATS.some((format) => format.claims(path));
}
