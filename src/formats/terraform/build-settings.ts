import type { TfNode } from "./modules.js";
import { kindOf, type NodeIndex, type NodeReference } from "./nodes.js";
import { isNamingOrIdentity } from "./not-calls.js";
import type { ComponentRecord, Owners } from "./owners.js";

/**
 * Build-time configuration: a build project's environment (`aws_codebuild_project` `environment_variable`) is baked
 * into what it builds, as front ends bake their API's URL and back ends a table name into the image. The project
 * builds a workload when it names the workload's definition (the task definition family it registers) or pushes to
 * the image repository the workload runs from; every component its environment references is called by that
 * workload, except the stores the build reads its sources from or writes its artifacts to (the project's `source`
 * and `artifacts`, a pipeline's stages and artifact store): those are the build's material, not the workload's.
 * Build projects are tooling, not components: the call belongs to what they build.
 */

const BUILD_PROJECTS = new Set(["aws_codebuild_project"]);
const PIPELINES = new Set(["aws_codepipeline"]);
const MATERIAL_BLOCKS = new Set(["source", "secondary_sources", "artifacts", "secondary_artifacts", "cache"]);
const IMAGE_REPOSITORIES = new Set([
  "aws_ecr_repository",
  "google_artifact_registry_repository",
  "azurerm_container_registry",
]);

export interface BuildSetting {
  workload: ComponentRecord;
  callee: ComponentRecord;
  project: TfNode;
  reference: NodeReference;
}

export function buildSettings(
  index: NodeIndex,
  owners: Owners,
  expand: (node: TfNode) => ComponentRecord[],
): BuildSetting[] {
  const found: BuildSetting[] = [];
  const material = buildMaterial(index);
  for (const project of index.nodes) {
    if (!BUILD_PROJECTS.has(project.type)) continue;
    const settings = index
      .referencesUnder(project, ["environment"])
      .filter((reference) => reference.path.includes("environment_variable"));
    const workloads = builtWorkloads(index, owners, settings);
    for (const reference of settings) {
      if (isNamingOrIdentity(reference) || kindOf(reference.node)?.role === "definition") continue;
      if (material.has(reference.node)) continue;
      for (const callee of expand(reference.node)) {
        for (const workload of workloads)
          if (workload !== callee) found.push({ workload, callee, project, reference });
      }
    }
  }
  return found;
}

/** Workloads whose definition a build project names, or that run images from a repository it pushes to. */
function builtWorkloads(index: NodeIndex, owners: Owners, settings: NodeReference[]): ComponentRecord[] {
  const named = settings.flatMap((reference) =>
    kindOf(reference.node)?.role === "definition" ? owners.ownersOf(reference.node) : [],
  );
  const runners = settings
    .filter((reference) => IMAGE_REPOSITORIES.has(reference.node.type))
    .flatMap((reference) => index.referrersOf(reference.node))
    .flatMap((reference) => owners.ownersOf(reference.from));
  return [...new Set([...named, ...runners])].filter((record) => record.kind === "service");
}

/** Nodes build tooling reads sources from or writes artifacts to. */
function buildMaterial(index: NodeIndex): Set<TfNode> {
  const material = new Set<TfNode>();
  for (const node of index.nodes) {
    for (const reference of index.referencesOf(node)) {
      if (PIPELINES.has(node.type)) material.add(reference.node);
      else if (BUILD_PROJECTS.has(node.type) && MATERIAL_BLOCKS.has(reference.path[0] ?? ""))
        material.add(reference.node);
    }
  }
  return material;
}
