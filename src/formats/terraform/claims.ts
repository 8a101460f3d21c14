/**
 * Path-only tests for the files the Terraform format reads: `.tf`, `.tf.json`, Azure Developer CLI projects and
 * Terragrunt configurations.
 */

export function isTerraformPath(path: string): boolean {
  return path.endsWith(".tf") || path.endsWith(".tf.json");
}

export function isAzdProjectPath(path: string): boolean {
  return /(^|\/)azure\.ya?ml$/.test(path);
}

/** Terragrunt's configuration, which passes one root module's outputs to another's variables. */
export function isTerragruntPath(path: string): boolean {
  return /(^|\/)terragrunt\.hcl$/.test(path);
}

export function claimsTerraformPath(path: string): boolean {
  return isTerraformPath(path) || isAzdProjectPath(path) || isTerragruntPath(path);
}
