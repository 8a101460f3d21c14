/** Path-only tests for the files the Terraform format reads: `.tf`, `.tf.json` and Azure Developer CLI projects. */

export function isTerraformPath(path: string): boolean {
  return path.endsWith(".tf") || path.endsWith(".tf.json");
}

export function isAzdProjectPath(path: string): boolean {
  return /(^|\/)azure\.ya?ml$/.test(path);
}

export function claimsTerraformPath(path: string): boolean {
  return isTerraformPath(path) || isAzdProjectPath(path);
}
