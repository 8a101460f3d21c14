import { describe, expect, it } from "vitest";
import { claimsKubernetesPath } from "./claims.js";

describe("claims", () => {
  it("claims YAML and JSON manifests and Kustomization files", () => {
    for (const path of [
      "k8s/api.yaml",
      "deploy/app.yml",
      "manifests/list.json",
      "base/kustomization.yaml",
      "overlays/prod/Kustomization",
      "charts/x/Chart.yaml",
      "charts/x/templates/_helpers.tpl",
    ]) {
      expect(claimsKubernetesPath(path), path).toBe(true);
    }
  });

  it("leaves compose files, package files, workflows and the app's own settings alone", () => {
    for (const path of [
      "docker-compose.yml",
      "deploy/docker-compose.prod.yaml",
      "compose.yaml",
      "compose.override.yml",
      "deploy/compose_dev.yaml",
      "docker-stack.yml",
      "package.json",
      "web/package-lock.json",
      "tsconfig.build.json",
      ".github/workflows/ci.yml",
      ".github/boxcutter.yml",
      "node_modules/x/manifest.yaml",
      "README.md",
      "main.tf",
      "emails/welcome.tpl",
      "node_modules/x/templates/_helpers.tpl",
    ]) {
      expect(claimsKubernetesPath(path), path).toBe(false);
    }
  });
});
