import type { ExtractionWarning } from "../../graph/model.js";
import type { ExtractOptions, Extraction, FormatExtractor, InputFile } from "../types.js";
import { claimsKubernetesPath } from "./claims.js";
import { buildSystems } from "./graph.js";
import { readHelm } from "./helm.js";
import { buildKustomizations, KUSTOMIZATION_FILE } from "./kustomize.js";
import { readFileDocuments, type FileDocuments, type KubeObject } from "./objects.js";
import { folderSystems, rootSystem } from "./systems.js";

const NOTHING: FileDocuments = { objects: [], others: [], warnings: [] };
// Cheap test before parsing: a manifest names its kind.
const MENTIONS_KIND = /\bkind\b|"kind"/;

export const kubernetesFormat: FormatExtractor = {
  id: "kubernetes",
  claims: claimsKubernetesPath,
  extract: async (files, options) => extractKubernetes(files, options),
};

function extractKubernetes(files: InputFile[], options: ExtractOptions): Extraction {
  const warnings: ExtractionWarning[] = [];
  const notes: string[] = [];
  try {
    const claimed = files
      .filter((file) => claimsKubernetesPath(file.path))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const helm = readHelm(claimed, files, { deadline: options.deadline });
    notes.push(...helm.notes);
    warnings.push(...helm.warnings);
    const manifests = new ManifestReader(files, helm.skipped, options.deadline, warnings);
    // Generators read env and config files of any name, so every file given is a candidate.
    const kustomize = buildKustomizations(
      new Map(files.filter((file) => !helm.skipped.has(file.path)).map((file) => [file.path, file])),
      (path) => manifests.documents(path),
    );
    warnings.push(...kustomize.warnings);
    const loose: KubeObject[] = [];
    for (const file of claimed) {
      if (kustomize.covered.has(file.path)) continue;
      loose.push(...manifests.documents(file.path).objects);
    }
    if (manifests.outOfTime) {
      const unread = manifests.unread(claimed);
      warnings.push({
        id: "kubernetes/deadline",
        file: unread[0]?.path ?? ".",
        message: `time budget spent: ${unread.length} Kubernetes file(s) not read`,
      });
    }
    const systems = [
      ...kustomize.roots.map((root) => rootSystem(root.folder, root.objects)),
      ...helm.charts
        .filter((chart) => chart.objects.length > 0)
        .map((chart) => rootSystem(chart.folder, chart.objects)),
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

/** Parses each manifest once, on first use, until the time budget is spent. */
class ManifestReader {
  private readonly files: Map<string, InputFile>;
  private readonly cache = new Map<string, FileDocuments>();
  /** Set once a file went unread because the time budget was spent. */
  outOfTime = false;

  constructor(
    files: InputFile[],
    private readonly helmFiles: ReadonlySet<string>,
    private readonly deadline: number,
    private readonly warnings: ExtractionWarning[],
  ) {
    this.files = new Map(files.map((file) => [file.path, file]));
  }

  documents(path: string): FileDocuments {
    const cached = this.cache.get(path);
    if (cached) return cached;
    const file = this.files.get(path);
    let documents = NOTHING;
    if (file && this.mayHoldManifests(file)) {
      if (Date.now() > this.deadline) this.outOfTime = true;
      else {
        documents = readFileDocuments(file);
        this.warnings.push(...documents.warnings);
      }
    }
    this.cache.set(path, documents);
    return documents;
  }

  /** The files of `claimed` that may hold manifests and were left unread. */
  unread(claimed: InputFile[]): InputFile[] {
    return claimed.filter((file) => this.cache.get(file.path) === NOTHING && this.mayHoldManifests(file));
  }

  // Helm templates are not YAML until rendered, and Kustomizations are read by the Kustomize builder.
  private mayHoldManifests(file: InputFile): boolean {
    return (
      !this.helmFiles.has(file.path) && !KUSTOMIZATION_FILE.test(file.path) && MENTIONS_KIND.test(file.text)
    );
  }
}
