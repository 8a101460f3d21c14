import { posix } from "node:path";
import type { ExtractionWarning } from "../../graph/model.js";
import { evidenceAt } from "../shared/evidence.js";
import type { EdgeCollector } from "../shared/edges.js";
import { isMapping, loadYamlDocuments } from "../shared/yaml.js";
import type { InputFile } from "../types.js";
import { isAzdProjectPath } from "./claims.js";
import { evaluate } from "./evaluate.js";
import { resolveReferences, type ModuleScope, type TfNode } from "./modules.js";
import type { ComponentRecord } from "./owners.js";
import { settingsOf } from "./settings.js";

/**
 * Azure Developer CLI projects (`azure.yaml`): Terraform outputs reach a service's build through its
 * `prepackage` / `prebuild` hooks (`echo VITE_API_BASE_URL="$API_BASE_URL" > .env.local`), the way a single-page
 * app learns its API's URL. A service reading an output calls what the output names.
 */

export interface AzdService {
  /** The service key, matched against the `azd-service-name` tag of a Terraform resource. */
  name: string;
  /** Root outputs the service's build hooks read, with the line of the hook. */
  outputs: { name: string; line: number }[];
}

export interface AzdProject {
  file: string;
  /** The Terraform root folder (`infra.path`, default `infra`, beside azure.yaml). */
  infra: string;
  services: AzdService[];
}

const BUILD_HOOKS = /^pre(package|build)$/;
const VARIABLE = /\$(?:env:)?\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g;

export function azdProjects(files: readonly InputFile[], warnings: ExtractionWarning[]): AzdProject[] {
  const projects: AzdProject[] = [];
  for (const file of files) {
    if (!isAzdProjectPath(file.path)) continue;
    const loaded = loadYamlDocuments(file.text, file.path);
    warnings.push(...loaded.warnings.map((warning) => ({ ...warning, id: "terraform/invalid-azure-yaml" })));
    const document = loaded.documents[0];
    const project = document && record(document.value);
    const infra = project && record(project.infra);
    if (!project || !document || (infra?.provider !== undefined && infra.provider !== "terraform")) continue;
    const folder = posix.dirname(file.path);
    const path = typeof infra?.path === "string" ? infra.path : "infra";
    const services = Object.entries(record(project.services) ?? {}).map(([name, value]) => ({
      name,
      outputs: hookVariables(record(record(value)?.hooks), (hook) =>
        document.lineOf(["services", name, "hooks", hook]),
      ),
    }));
    projects.push({ file: file.path, infra: posix.normalize(posix.join(folder, path)), services });
  }
  return projects;
}

function hookVariables(
  hooks: Record<string, unknown> | undefined,
  lineOf: (hook: string) => number,
): { name: string; line: number }[] {
  const found: { name: string; line: number }[] = [];
  for (const [hook, value] of Object.entries(hooks ?? {})) {
    if (!BUILD_HOOKS.test(hook)) continue;
    const hookConfig = record(value);
    // A hook runs `run` itself, or per platform under `windows` / `posix`.
    const runs = [hookConfig, record(hookConfig?.windows), record(hookConfig?.posix)].map(
      (entry) => entry?.run,
    );
    for (const run of runs) {
      if (typeof run !== "string") continue;
      for (const match of run.slice(0, 10_000).matchAll(VARIABLE))
        found.push({ name: match[1]!, line: lineOf(hook) });
    }
  }
  return found;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return isMapping(value) ? value : undefined;
}

/** Adds a call from each service to what each root output its build hooks read names (`terraform/azd-hook`). */
export function addAzdHookCalls(
  project: AzdProject,
  root: ModuleScope,
  records: readonly ComponentRecord[],
  expand: (node: TfNode) => ComponentRecord[],
  calls: EdgeCollector,
): void {
  const byService = servicesOf(records);
  for (const service of project.services) {
    const callers = byService.get(service.name) ?? [];
    for (const output of service.outputs) {
      const expr = root.outputs.get(output.name);
      if (!expr) continue;
      const callees = resolveReferences(expr, root).flatMap((reference) => expand(reference.node));
      const found = evidenceAt(
        { file: project.file, line: output.line },
        "terraform/azd-hook",
        `service ${service.name} build hook reads output ${output.name}`,
      );
      for (const caller of callers)
        for (const callee of callees) calls.add(caller.node.address, callee.node.address, found);
    }
  }
}

/** Components by the `azd-service-name` tag of their members. */
function servicesOf(records: readonly ComponentRecord[]): Map<string, ComponentRecord[]> {
  const services = new Map<string, ComponentRecord[]>();
  for (const record of records) {
    for (const member of record.members) {
      for (const setting of settingsOf(member)) {
        if (setting.key !== "azd-service-name" || !setting.value) continue;
        const name = evaluate(setting.value, setting.scope);
        if (typeof name !== "string") continue;
        const list = services.get(name) ?? [];
        if (!list.includes(record)) list.push(record);
        services.set(name, list);
      }
    }
  }
  return services;
}
