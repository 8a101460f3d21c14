import type { InputFile } from "../types.js";

// Helm/Go-template actions; a bare `{{` inside a ConfigMap (alert templates, `{{ $labels.x }}`) is data, not a chart.
const TEMPLATE_ACTION =
  /\{\{-?\s*(?:\.Values|\.Release|\.Chart|\.Capabilities|\.Files|\.Template|include\b|template\b|if\b|else\b|end\b|range\b|with\b|define\b|toYaml\b|tpl\b|required\b|default\b|printf\b|quote\b|\/\*)/;

export interface HelmSkip {
  skipped: Set<string>;
  notes: string[];
}

export function dirname(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "." : path.slice(0, slash);
}

function isUnder(path: string, folder: string): boolean {
  return folder === "." || path.startsWith(`${folder}/`);
}

/** Files that are Helm charts or loose templates: we never render them, and say so once per chart or folder. */
export function findHelmFiles(files: InputFile[]): HelmSkip {
  const charts = files
    .filter((file) => /(^|\/)Chart\.ya?ml$/.test(file.path))
    .map((file) => dirname(file.path))
    .sort((a, b) => a.length - b.length);
  // Subcharts belong to their parent chart's note.
  const topCharts = charts.filter(
    (chart, index) => !charts.slice(0, index).some((parent) => parent !== chart && isUnder(chart, parent)),
  );
  const skipped = new Set<string>();
  const notes: string[] = [];
  for (const chart of [...new Set(topCharts)]) {
    notes.push(`Helm chart ${chart} skipped: boxcutter does not render templates`);
  }
  const templateFolders = new Set<string>();
  for (const file of files) {
    const chart = topCharts.find((folder) => isUnder(file.path, folder));
    if (chart !== undefined) {
      skipped.add(file.path);
    } else if (file.text.includes("{{") && TEMPLATE_ACTION.test(file.text)) {
      skipped.add(file.path);
      templateFolders.add(dirname(file.path));
    }
  }
  for (const folder of [...templateFolders].sort()) {
    notes.push(`Templates in ${folder} skipped: boxcutter does not render templates`);
  }
  return { skipped, notes };
}
