import type { ExtractionWarning } from "../../graph/model.js";
import type { ExtractOptions, Extraction, FormatExtractor, InputFile } from "../types.js";
import { claimsKubernetesPath } from "./claims.js";
import { buildSystems } from "./graph.js";
import { findHelmFiles } from "./helm.js";
import { buildKustomizations, KUSTOMIZATION_FILE } from "./kustomize.js";
import { readFileDocuments, type FileDocuments, type KubeObject } from "./objects.js";
import { folderSystems, kustomizeSystem } from "./systems.js";

const NOTHING: FileDocuments = { objects: [], others: [], warnings: [] };
// Cheap test before parsing: a manifest names its kind.
const MENTIONS_KIND = /\bkind\b|"kind"/;

export const kubernetesFormat: FormatExtractor = {
  id: "kubernetes",
  claims: claimsKubernetesPath,
  extract: async (files, options) => extractKubernetes(files, options),
};

export function extractKubernetes(files: InputFile[], options: ExtractOptions): Extraction {
  const warnings: ExtractionWarning[] = [];
  const notes: string[] = [];
  try {
    const claimed = files
      .filter((file) => claimsKubernetesPath(file.path))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const helm = findHelmFiles(claimed);
    notes.push(...helm.notes);
    const fileMap = new Map(files.map((file) => [file.path, file]));
    const cache = new Map<string, FileDocuments>();
    let outOfTime = false;
    const documentsOf = (path: string): FileDocuments => {
      const cached = cache.get(path);
      if (cached) return cached;
      const file = fileMap.get(path);
      let documents = NOTHING;
      if (
        file &&
        !helm.skipped.has(path) &&
        !KUSTOMIZATION_FILE.test(path) &&
        MENTIONS_KIND.test(file.text)
      ) {
        if (Date.now() > options.deadline) outOfTime = true;
        else {
          documents = readFileDocuments(file);
          warnings.push(...documents.warnings);
        }
      }
      cache.set(path, documents);
      return documents;
    };

    // Generators read env and config files of any name, so every file given is a candidate.
    const kustomize = buildKustomizations(
      new Map(files.filter((file) => !helm.skipped.has(file.path)).map((file) => [file.path, file])),
      documentsOf,
    );
    warnings.push(...kustomize.warnings);
    const loose: KubeObject[] = [];
    for (const file of claimed) {
      if (kustomize.covered.has(file.path)) continue;
      loose.push(...documentsOf(file.path).objects);
    }
    if (outOfTime) {
      const unread = claimed.filter(
        (file) =>
          cache.get(file.path) === NOTHING &&
          MENTIONS_KIND.test(file.text) &&
          !helm.skipped.has(file.path) &&
          !KUSTOMIZATION_FILE.test(file.path),
      );
      warnings.push({
        id: "kubernetes/deadline",
        file: unread[0]?.path ?? ".",
        message: `time budget spent: ${unread.length} Kubernetes file(s) not read`,
      });
    }
    const systems = [
      ...kustomize.roots.map((root) => kustomizeSystem(root.folder, root.objects)),
      ...folderSystems(loose),
    ];
    return { systems: buildSystems(systems, warnings, notes), warnings, notes };
  } catch (error) {
    // A defect here must not stop the other formats: report it like bad input.
    warnings.push({
      id: "kubernetes/internal-error",
      file: ".",
      message: `Kubernetes extraction failed: ${error instanceof Error ? error.message : String(error)}`,
    });
    return { systems: [], warnings, notes };
  }
}
