import type { ExtractionWarning } from "../../graph/model.js";
import { redactText } from "../../graph/redact.js";
import type { InputFile } from "../types.js";
import { BudgetError } from "./go-template/errors.js";
import { renderTemplate, TemplateSet, UNRENDERED_MARK, type Unrendered } from "./go-template/execute.js";
import { parseTemplate, type Node } from "./go-template/parse.js";
import { fieldOf, type Dict } from "./go-template/values.js";
import {
  chartFolders,
  folderOf,
  isUnder,
  loadCharts,
  pathInChart,
  topChartFolders,
  type Chart,
} from "./helm-charts.js";
import { chartContext } from "./helm-context.js";
import { readFileDocuments, type KubeObject } from "./objects.js";

// Helm/Go-template actions; a bare `{{` inside a ConfigMap (alert templates, `{{ $labels.x }}`) is data, not a chart.
const TEMPLATE_ACTION =
  /\{\{-?\s*(?:\.Values|\.Release|\.Chart|\.Capabilities|\.Files|\.Template|include\b|template\b|if\b|else\b|end\b|range\b|with\b|define\b|toYaml\b|tpl\b|required\b|default\b|printf\b|quote\b|\/\*)/;

/** The Kubernetes objects one chart renders to, as an install with the chart's own values would apply them. */
export interface RenderedChart {
  folder: string;
  objects: KubeObject[];
}

export interface HelmReading {
  /** Files the manifest reader must leave alone: chart files and loose templates. */
  skipped: Set<string>;
  charts: RenderedChart[];
  notes: string[];
  warnings: ExtractionWarning[];
}

export interface HelmOptions {
  deadline: number;
  /** Values a release passes to the chart in a folder, over its values.yaml. */
  overrides?: ReadonlyMap<string, Dict>;
  /** Release names given to the chart in a folder; the chart's name otherwise. */
  releaseNames?: ReadonlyMap<string, string>;
}

/**
 * Renders every chart among `claimed`; files using template actions outside any chart are skipped with a note.
 * `all` holds every file read, as a chart's `.Files` may name any of them (a proxy's configuration).
 */
export function readHelm(claimed: InputFile[], all: InputFile[], options: HelmOptions): HelmReading {
  const tops = topChartFolders(chartFolders(claimed));
  const reading: HelmReading = { skipped: new Set(), charts: [], notes: [], warnings: [] };
  const looseFolders = new Set<string>();
  for (const file of claimed) {
    if (tops.some((folder) => isUnder(file.path, folder))) reading.skipped.add(file.path);
    else if (file.text.includes("{{") && TEMPLATE_ACTION.test(file.text)) {
      reading.skipped.add(file.path);
      looseFolders.add(folderOf(file.path));
    }
  }
  const tree = loadCharts(all, tops, options.overrides);
  reading.notes.push(...tree.notes);
  for (const chart of tree.charts) {
    const releaseName = options.releaseNames?.get(chart.folder) ?? chart.name;
    const objects = renderChart(chart, releaseName, options.deadline, reading);
    reading.charts.push({
      folder: chart.folder,
      objects: withKnownNames(chart.folder, objects, reading.notes),
    });
  }
  for (const folder of [...looseFolders].sort()) {
    reading.notes.push(
      `Templates in ${folder} skipped: boxcutter renders templates only inside a Helm chart`,
    );
  }
  return reading;
}

interface Job {
  chart: Chart;
  file: InputFile;
  nodes: Node[];
  data: Dict;
}

function renderChart(top: Chart, releaseName: string, deadline: number, reading: HelmReading): KubeObject[] {
  const set = new TemplateSet();
  const jobs: Job[] = [];
  collectJobs(top, top.name, releaseName, set, jobs);
  const objects: KubeObject[] = [];
  for (const job of jobs) {
    if (Date.now() > deadline) {
      reading.warnings.push({
        id: "kubernetes/helm-budget",
        file: job.file.path,
        message: `time budget spent: chart ${top.folder} not fully rendered`,
      });
      break;
    }
    try {
      const rendered = renderTemplate(set, job.nodes, job.data);
      objects.push(
        ...readRendered(
          job.file.path,
          rendered.text,
          rendered.lines,
          rendered.unrendered,
          set.unrendered,
          reading.warnings,
        ),
      );
    } catch (error) {
      // A call stack run out by nesting is a budget spent too.
      if (!(error instanceof BudgetError) && !(error instanceof RangeError)) throw error;
      reading.warnings.push({
        id: "kubernetes/helm-budget",
        file: job.file.path,
        line: error instanceof BudgetError ? error.line : undefined,
        message: `chart ${top.folder} not fully rendered: ${error.message}`,
      });
      break;
    }
  }
  return objects.filter((object) => !isTestHook(object));
}

const RENDERED = /\.(ya?ml|json|tpl)$/i;

/** Every template of the chart and its subcharts, with its data; defines are shared, as Helm shares them. */
function collectJobs(chart: Chart, path: string, releaseName: string, set: TemplateSet, jobs: Job[]): void {
  for (const file of chart.templates) {
    const parsed = parseTemplate(file.text);
    set.addDefines(parsed.defines);
    const templateName = `${path}/${pathInChart(chart, file.path)}`;
    set.addDefines(new Map([[templateName, parsed.nodes]]));
    const base = file.path.slice(file.path.lastIndexOf("/") + 1);
    if (chart.library || base.startsWith("_") || !RENDERED.test(base)) continue;
    jobs.push({
      chart,
      file,
      nodes: parsed.nodes,
      data: chartContext(chart, releaseName, templateName, `${path}/templates`),
    });
  }
  for (const sub of chart.subcharts) collectJobs(sub, `${path}/charts/${sub.name}`, releaseName, set, jobs);
}

/**
 * Reads a rendered template as manifests. A document holding output that could not be rendered is blanked out
 * (its lines kept, so line numbers still match) and reported at the template line that failed.
 */
function readRendered(
  path: string,
  text: string,
  lines: number[],
  mine: Unrendered[],
  all: Unrendered[],
  warnings: ExtractionWarning[],
): KubeObject[] {
  const cleaned =
    mine.length === 0 && !text.includes(UNRENDERED_MARK) ? text : blankPoisoned(path, text, all, warnings);
  const templateLine = (line: number): number => lines[line - 1] ?? line;
  const documents = readFileDocuments({ path, text: cleaned });
  warnings.push(
    ...documents.warnings.map((warning) =>
      warning.line === undefined ? warning : { ...warning, line: templateLine(warning.line) },
    ),
  );
  return documents.objects.map((object) => ({
    ...object,
    line: templateLine(object.line),
    lineOf: (at) => templateLine(object.lineOf(at)),
    lineBelow: (at, below) => templateLine(object.lineOf(at) + below),
  }));
}

function blankPoisoned(path: string, text: string, all: Unrendered[], warnings: ExtractionWarning[]): string {
  const documents: string[][] = [[]];
  for (const line of text.split("\n")) {
    if (/^---(\s|$)/.test(line)) documents.push([]);
    (documents[documents.length - 1] as string[]).push(line);
  }
  return documents
    .map((document) => {
      const joined = document.join("\n");
      const at = joined.indexOf(UNRENDERED_MARK);
      if (at < 0) return joined;
      const index = Number.parseInt(joined.slice(at + UNRENDERED_MARK.length), 10);
      const reason = all[index];
      warnings.push({
        id: "kubernetes/helm-unrendered",
        file: path,
        ...(reason ? { line: reason.line } : {}),
        // A reason can quote a value (`range can't iterate over <url>`), credentials and all.
        message: `a rendered document was not read: ${redactText(reason?.reason ?? "a template action could not be rendered")}`,
      });
      return document.map(() => "").join("\n");
    })
    .join("\n");
}

/** `helm test` pods run on demand, not at install: they are no part of the running system. */
function isTestHook(object: KubeObject): boolean {
  const hook = fieldOf(fieldOf(object.value.metadata, "annotations"), "helm.sh/hook");
  return typeof hook === "string" && hook.split(",").some((name) => name.trim().startsWith("test"));
}

const FILLER_PLACEHOLDER = /\$\{[A-Za-z_][A-Za-z0-9_]*\}/;

/**
 * A values.yaml holding `${NAME}` placeholders is itself a template another tool fills before the install
 * (Terraform's `templatefile`, `envsubst`): Helm would take them literally. An object named from one has a name
 * nobody knows until then, so it is left out with a note; the chart's other objects are read.
 */
function withKnownNames(folder: string, objects: KubeObject[], notes: string[]): KubeObject[] {
  const unnamed = objects.filter((object) => FILLER_PLACEHOLDER.test(object.name));
  if (unnamed.length > 0) {
    const placeholder = FILLER_PLACEHOLDER.exec(unnamed[0]!.name)?.[0] ?? "";
    notes.push(
      `Helm chart ${folder}: ${unnamed.length} object(s) named from values the installer fills in (${placeholder}) not read`,
    );
  }
  return objects.filter((object) => !unnamed.includes(object));
}
