/** Path-only test for files that may hold Kubernetes manifests, Kustomizations or Helm chart markers. */

const MANIFEST_EXTENSION = /\.(ya?ml|json)$/i;

// Well-known files that share the extensions but are never manifests; compose files belong to the compose format.
const NOT_MANIFEST_NAME = [
  /^package(-lock)?\.json$/i,
  /^npm-shrinkwrap\.json$/i,
  /^(ts|js)config.*\.json$/i,
  /^((docker-)?compose|docker-stack)([._-].*)?\.ya?ml$/i,
  /^\.?(eslintrc|prettierrc|babelrc|stylelintrc|markdownlint|yamllint|pre-commit-config|golangci|goreleaser|codecov|mkdocs)(\..*)?$/i,
  /^(composer|renovate|lerna|nx|turbo|deno|vercel|firebase|angular)\.json$/i,
  /^(pnpm-lock|yarn-lock)\.ya?ml$/i,
];

const NOT_MANIFEST_FOLDER =
  /(^|\/)(node_modules|\.git|\.github\/workflows|\.github\/ISSUE_TEMPLATE|\.vscode|\.idea|vendor)\//;

export function claimsKubernetesPath(path: string): boolean {
  const name = path.slice(path.lastIndexOf("/") + 1);
  // `Kustomization` files, and env files a configMapGenerator may read.
  if (name === "Kustomization" || /\.env$/.test(name)) return true;
  // A chart's named templates (`templates/_helpers.tpl`).
  if (name.endsWith(".tpl") && path.includes("templates/")) return !NOT_MANIFEST_FOLDER.test(path);
  if (!MANIFEST_EXTENSION.test(name)) return false;
  if (path === ".github/boxcutter.yml" || path === ".github/boxcutter.yaml") return false;
  if (NOT_MANIFEST_FOLDER.test(path)) return false;
  return !NOT_MANIFEST_NAME.some((pattern) => pattern.test(name));
}
