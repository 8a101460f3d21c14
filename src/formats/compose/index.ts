import { posix } from "node:path";
import type { ExtractionWarning, SystemGraph } from "../../graph/model.js";
import { REDACTED, isSecretKey } from "../../graph/redact.js";
import type { Extraction, ExtractOptions, FormatExtractor, InputFile } from "../types.js";
import { addOnComposeFiles } from "./add-ons.js";
import { envVariables, parseEnvFile, type EnvEntry } from "./env-file.js";
import {
  claimsComposePath,
  folderOf,
  groupByFolder,
  isComposeFile,
  resolveRelative,
  type FolderFiles,
} from "./files.js";
import { buildSystem } from "./graph.js";
import { interpolate, maskedLookup, type VariableLookup } from "./interpolate.js";
import { loadComposeFile, type ComposeFile } from "./load.js";
import { assembleProject, type ProjectInput } from "./project.js";
import type { ComposeService } from "./service.js";

export const composeFormat: FormatExtractor = {
  id: "compose",
  claims: claimsComposePath,
  extract: async (files, options) => {
    try {
      return extractCompose(files, options);
    } catch (error) {
      // A last line of defence: input must never crash the run, and the warning makes the gap visible.
      const file = files.find((candidate) => isComposeFile(candidate.path))?.path ?? ".";
      const reason = error instanceof Error ? error.message : String(error);
      return {
        systems: [],
        warnings: [{ id: "compose/failed", file, message: `compose files could not be read: ${reason}` }],
        notes: [],
      };
    }
  },
};

function extractCompose(files: readonly InputFile[], options: ExtractOptions): Extraction {
  const session = new Session(files);
  // Sorted so warnings come out in the same order whatever order the files were listed in.
  const named = files.map((file) => file.path).filter(isComposeFile);
  const addOns = addOnComposeFiles(files, named, options.deadline);
  session.addOns = new Set(addOns);
  const composePaths = [...named, ...addOns].sort();
  const referenced = session.referencedFiles(composePaths, options.deadline);
  const systems: SystemGraph[] = [];
  const groups = groupByFolder(composePaths.filter((path) => !referenced.has(path)));
  attachFragments(groups, session);
  for (const group of groups) {
    if (session.pastDeadline(options.deadline, group.base ?? group.variants[0] ?? group.folder)) break;
    systems.push(...folderSystems(group, session, options.deadline));
  }
  return { systems, warnings: dedupe(session.warnings), notes: [...session.notes] };
}

/** The base project of a folder, then one system per variant file (overlay on the base, or standalone). */
function folderSystems(group: FolderFiles, session: Session, deadline: number): SystemGraph[] {
  const input = session.projectInput(group.folder);
  const base = group.base ? input.load(group.base) : undefined;
  const variants = base || !group.override ? group.variants : [group.override, ...group.variants];
  const systems: SystemGraph[] = [];
  let baseServices: Map<string, ComposeService> | undefined;
  if (base) {
    baseServices = assembleProject(group.override ? [base.path, group.override] : [base.path], input);
    systems.push(session.system(`compose:${group.folder}`, baseServices, group.folder));
  }
  for (const path of variants) {
    if (session.pastDeadline(deadline, path)) break;
    const variant = input.load(path);
    if (!variant) continue;
    // An add-on found by its content refers to the base by definition: it is always used with it.
    const overlay = base && baseServices && (session.addOns.has(path) || isOverlay(variant, baseServices));
    const services = assembleProject(overlay ? [base.path, path] : [path], input);
    systems.push(session.system(`compose:${group.folder}#${posix.basename(path)}`, services, group.folder));
  }
  for (const path of base ? (group.fragments ?? []) : []) {
    if (session.pastDeadline(deadline, path)) break;
    const services = assembleProject([base!.path, path], input);
    const name = posix.relative(group.folder === "." ? "" : group.folder, path);
    // Compose resolves the relative paths of every `-f` file from the project's folder, the first file's.
    const relativeTo = new Map([[path, group.folder]]);
    systems.push(session.system(`compose:${group.folder}#${name}`, services, group.folder, relativeTo));
  }
  return systems;
}

/**
 * A compose file alone in a sub-folder that cannot run on its own (a service with neither image nor build, or a
 * `depends_on` on a service it does not define) and patches the base of the nearest folder above is used with
 * `-f compose.yaml -f addon/compose.addon.yaml`: it becomes a variant of that base, not a project of its own.
 */
function attachFragments(groups: FolderFiles[], session: Session): void {
  const withBase = new Map(groups.filter((group) => group.base).map((group) => [group.folder, group]));
  for (const group of groups) {
    if (group.base) continue;
    const owner = nearestBase(group.folder, withBase);
    if (!owner) continue;
    const input = session.projectInput(owner.folder);
    const baseServices = assembleProject(
      owner.override ? [owner.base!, owner.override] : [owner.base!],
      input,
    );
    const files = group.override ? [group.override, ...group.variants] : group.variants;
    const fragments = files.filter((path) => {
      const file = input.load(path);
      return file !== undefined && !standsAlone(file) && isOverlay(file, baseServices);
    });
    if (fragments.length === 0) continue;
    owner.fragments = [...(owner.fragments ?? []), ...fragments];
    if (group.override && fragments.includes(group.override)) delete group.override;
    group.variants = group.variants.filter((path) => !fragments.includes(path));
  }
}

function nearestBase(folder: string, withBase: ReadonlyMap<string, FolderFiles>): FolderFiles | undefined {
  for (let above = folder; above !== ".";) {
    above = folderOf(above);
    const group = withBase.get(above);
    if (group) return group;
  }
  return undefined;
}

function standsAlone(file: ComposeFile): boolean {
  const services = [...file.services.values()];
  return services.every(
    (service) =>
      (service.image !== undefined || service.build !== undefined || service.extends !== undefined) &&
      [...service.dependsOn.keys()].every((name) => file.services.has(name)),
  );
}

/**
 * A variant file is an overlay when it patches the base (`-f compose.yaml -f compose.prod.yaml`): it gives
 * no image or build of its own to services the base defines, and it touches or refers to at least one of them.
 */
function isOverlay(variant: ComposeFile, base: ReadonlyMap<string, ComposeService>): boolean {
  const services = [...variant.services.values()];
  const shared = services.filter((service) => base.has(service.name));
  if (shared.some((service) => service.image !== undefined || service.build !== undefined)) return false;
  if (shared.length > 0) return true;
  return services.some(
    (service) =>
      [...service.dependsOn.keys()].some((name) => base.has(name) && !variant.services.has(name)) ||
      [...service.links.values()].some(
        (link) => base.has(link.value.service) && !variant.services.has(link.value.service),
      ),
  );
}

/** Caches what every system of one extraction shares: files, parsed compose files, env files, warnings. */
class Session {
  readonly warnings: ExtractionWarning[] = [];
  readonly notes = new Set<string>();
  /** YAML files read as compose add-ons for what they hold, not for their names (add-ons.ts). */
  addOns: ReadonlySet<string> = new Set();
  private readonly texts: Map<string, string>;
  private readonly composeFiles = new Map<string, ComposeFile | undefined>();
  private readonly variables = new Map<string, VariableLookup>();
  private readonly warnedFiles = new Set<string>();
  private stopped = false;

  constructor(files: readonly InputFile[]) {
    this.texts = new Map(files.map((file) => [file.path, file.text]));
  }

  /** Files that other compose files pull in through `include` or `extends: {file}`: parts, not projects. */
  referencedFiles(paths: readonly string[], deadline: number): Set<string> {
    const referenced = new Set<string>();
    for (const path of paths) {
      if (this.pastDeadline(deadline, path)) break;
      const file = this.projectInput(folderOf(path)).load(path);
      if (!file) continue;
      for (const include of file.includes) addResolved(referenced, path, include.value);
      for (const service of file.services.values()) {
        if (service.extends?.value.file) addResolved(referenced, path, service.extends.value.file);
      }
    }
    return referenced;
  }

  /** The input file at `path`, or every input file under the folder `path`. */
  filesAt(path: string): string[] {
    if (this.texts.has(path)) return [path];
    const prefix = path === "." || path === "" ? "" : `${path}/`;
    return [...this.texts.keys()].filter((candidate) => candidate.startsWith(prefix)).sort();
  }

  pastDeadline(deadline: number, path: string): boolean {
    if (this.stopped) return true;
    if (Date.now() <= deadline) return false;
    this.stopped = true;
    this.warnings.push({
      id: "compose/deadline",
      file: path,
      message: "time budget spent: this and later compose files were not read",
    });
    return true;
  }

  projectInput(folder: string): ProjectInput {
    const variables = this.variablesOf(folder);
    return {
      load: (path) => this.load(path, folder, variables),
      has: (path) => this.texts.has(path),
      warnings: this.warnings,
      notes: this.notes,
    };
  }

  system(
    id: string,
    services: Map<string, ComposeService>,
    folder: string,
    relativeTo: ReadonlyMap<string, string> = new Map(),
  ): SystemGraph {
    const variables = this.variablesOf(folder);
    return buildSystem({
      id,
      services,
      envFile: (path) => this.envFile(path, variables),
      fileText: (path) => this.texts.get(path),
      filesAt: (path) => this.filesAt(path),
      resolve: (file, relative) => {
        const from = relativeTo.get(file);
        return resolveRelative(from === undefined ? file : `${from}/_`, relative);
      },
      warnings: this.warnings,
      notes: this.notes,
    });
  }

  private load(path: string, folder: string, variables: VariableLookup): ComposeFile | undefined {
    // Folders without a `.env` of their own read a file the same way: it is parsed once for all of them.
    const key = `${this.texts.has(envPathOf(folder)) ? folder : ""}\u0000${path}`;
    if (this.composeFiles.has(key)) return this.composeFiles.get(key);
    const text = this.texts.get(path);
    const loaded = text === undefined ? undefined : loadComposeFile(path, text, variables);
    // A file read for several folders reports its problems once.
    if (loaded && !this.warnedFiles.has(path)) {
      this.warnedFiles.add(path);
      this.warnings.push(...loaded.warnings);
    }
    const file = loaded?.file;
    this.composeFiles.set(key, file);
    return file;
  }

  private variablesOf(folder: string): VariableLookup {
    let lookup = this.variables.get(folder);
    if (!lookup) {
      const text = this.texts.get(envPathOf(folder));
      const values = text === undefined ? new Map<string, string>() : envVariables(parseEnvFile(text));
      lookup = (name) => values.get(name);
      this.variables.set(folder, lookup);
    }
    return lookup;
  }

  private envFile(path: string, variables: VariableLookup): EnvEntry[] | undefined {
    const text = this.texts.get(path);
    if (text === undefined) return undefined;
    const masked = maskedLookup(variables, isSecretKey, REDACTED);
    return parseEnvFile(text).map((entry) => ({
      ...entry,
      value: interpolate(entry.value, variables),
      display: interpolate(entry.value, masked),
    }));
  }
}

function envPathOf(folder: string): string {
  return folder === "." ? ".env" : `${folder}/.env`;
}

function addResolved(target: Set<string>, from: string, relative: string): void {
  const path = resolveRelative(from, relative);
  // A file that includes itself is still a project (its include loop is reported when it is assembled).
  if (path !== undefined && path !== from) target.add(path);
}

function dedupe(warnings: ExtractionWarning[]): ExtractionWarning[] {
  const seen = new Set<string>();
  return warnings.filter((warning) => {
    const key = `${warning.id}\u0000${warning.file}\u0000${warning.line ?? ""}\u0000${warning.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
