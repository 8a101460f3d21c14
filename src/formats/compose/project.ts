import type { ExtractionWarning } from "../../graph/model.js";
import { outsideRepository, resolveRelative } from "./files.js";
import type { ComposeFile } from "./load.js";
import { mergeServices, type ComposeService } from "./service.js";

// `extends: {file}` chains longer than this are taken as a loop between files.
const MAX_FILE_HOPS = 8;
// Real extends and include chains are a few links long; a longer one is hostile and would exhaust the stack.
const MAX_EXTENDS_DEPTH = 32;

/** How a project reaches the files of the input. */
export interface ProjectInput {
  /** The file read as compose, or undefined when it is absent or not compose (already warned). */
  load(path: string): ComposeFile | undefined;
  has(path: string): boolean;
  warnings: ExtractionWarning[];
  notes: Set<string>;
}

/** Services of one compose project: `files` merged in order, with `include` and `extends` followed. */
export function assembleProject(paths: readonly string[], input: ProjectInput): Map<string, ComposeService> {
  const services = new Map<string, ComposeService>();
  for (const path of paths) {
    const file = input.load(path);
    if (!file) continue;
    mergeInto(services, withExtends(fileServices(file, input, new Set([path])), file.path, input));
  }
  return withExtends(services, undefined, input);
}

function mergeInto(target: Map<string, ComposeService>, source: ReadonlyMap<string, ComposeService>): void {
  for (const [name, service] of source) {
    const existing = target.get(name);
    target.set(name, existing ? mergeServices(existing, service) : service);
  }
}

/** A file's own services plus those of the files it includes (included first, as Compose loads them). */
function fileServices(
  file: ComposeFile,
  input: ProjectInput,
  visiting: Set<string>,
): Map<string, ComposeService> {
  const services = new Map<string, ComposeService>();
  for (const include of file.includes) {
    const path = resolveRelative(file.path, include.value);
    if (path === undefined) {
      input.warnings.push(outsideRepository(include, "include", include.value));
      continue;
    }
    if (!input.has(path)) {
      input.notes.add(`compose: ${file.path} includes ${include.value}, which is not among the files read`);
      continue;
    }
    if (visiting.size > MAX_EXTENDS_DEPTH) {
      input.warnings.push({
        id: "compose/include-too-deep",
        file: file.path,
        line: include.line,
        message: `include chain longer than ${MAX_EXTENDS_DEPTH} files; ${include.value} not read`,
      });
      continue;
    }
    if (visiting.has(path)) {
      input.warnings.push({
        id: "compose/include-cycle",
        file: file.path,
        line: include.line,
        message: `include of ${include.value} loops back`,
      });
      continue;
    }
    const included = input.load(path);
    if (!included) continue;
    visiting.add(path);
    mergeInto(services, withExtends(fileServices(included, input, visiting), path, input));
    visiting.delete(path);
  }
  mergeInto(services, file.services);
  return services;
}

/**
 * Resolves `extends` within `services`; `file` is set when these are one file's services (an `extends`
 * naming another file is followed there). Services whose parent is elsewhere keep `extends` for a later pass.
 */
function withExtends(
  services: Map<string, ComposeService>,
  file: string | undefined,
  input: ProjectInput,
  depth = 0,
): Map<string, ComposeService> {
  const resolved = new Map<string, ComposeService>();
  const resolve = (name: string, stack: string[]): ComposeService | undefined => {
    const done = resolved.get(name);
    if (done) return done;
    const service = services.get(name);
    if (!service?.extends) return service;
    const ref = service.extends;
    // The service stays, without what it would inherit.
    const unresolved = (id: string, message: string): ComposeService => {
      input.warnings.push({ id, file: ref.file, line: ref.line, message });
      return { ...service, extends: undefined };
    };
    if (stack.length > MAX_EXTENDS_DEPTH) {
      return unresolved(
        "compose/extends-too-deep",
        `service ${name}: extends chain longer than ${MAX_EXTENDS_DEPTH}; not followed further`,
      );
    }
    let parent: ComposeService | undefined;
    if (ref.value.file !== undefined) {
      const path = resolveRelative(ref.file, ref.value.file);
      if (path === undefined) {
        input.warnings.push(outsideRepository(ref, "extends.file", ref.value.file));
        return { ...service, extends: undefined };
      }
      if (!input.has(path)) {
        input.notes.add(
          `compose: service ${name} in ${ref.file} extends ${ref.value.file}, which is not among the files read`,
        );
        return { ...service, extends: undefined };
      }
      const other = input.load(path);
      if (depth >= MAX_FILE_HOPS)
        return unresolved("compose/extends-cycle", `service ${name}: extends goes through too many files`);
      parent = other
        ? withExtends(other.services, other.path, input, depth + 1).get(ref.value.service)
        : undefined;
    } else {
      if (file !== undefined && !services.has(ref.value.service)) return service;
      if (stack.includes(ref.value.service))
        return unresolved(
          "compose/extends-cycle",
          `service ${name} extends itself through ${stack.join(" -> ")}`,
        );
      parent = resolve(ref.value.service, [...stack, ref.value.service]);
    }
    if (!parent)
      return unresolved(
        "compose/unknown-extends",
        `service ${name} extends ${ref.value.service}, which is not defined`,
      );
    const merged: ComposeService = {
      ...mergeServices({ ...parent, extends: undefined }, { ...service, extends: undefined }),
      name,
      site: service.site,
    };
    resolved.set(name, merged);
    return merged;
  };
  const out = new Map<string, ComposeService>();
  for (const name of services.keys()) out.set(name, resolve(name, [name])!);
  return out;
}
