import { isMapping, loadYamlDocuments } from "../shared/yaml.js";
import type { InputFile } from "../types.js";
import { folderOf, isBaseComposeFile, isComposeFile } from "./files.js";

// Every top-level key the Compose specification defines; `x-` keys are extensions.
const COMPOSE_KEYS = new Set([
  "version",
  "name",
  "services",
  "networks",
  "volumes",
  "configs",
  "secrets",
  "include",
  "models",
]);
const YAML_NAME = /\.ya?ml$/i;

interface Refs {
  services: Set<string>;
  networks: Set<string>;
}

/**
 * YAML files beside a folder's base compose file that are written in Compose's format and refer to the base:
 * add-ons named for their role and used with `-f` (`docker compose -f docker-compose.yml -f jigasi.yml up`), which
 * Compose accepts under any name. A file counts when its top level holds only Compose's keys with a `services`
 * mapping, and one of its services patches a base service, waits for or links to one, or joins a network only
 * the base declares (such a file cannot run alone).
 */
export function addOnComposeFiles(
  files: readonly InputFile[],
  composePaths: readonly string[],
  deadline: number,
): string[] {
  const baseIn = new Map(composePaths.filter(isBaseComposeFile).map((path) => [folderOf(path), path]));
  // Only YAML beside a base is read, and each base only once such a file is found: a tree of nothing but compose
  // files (a generated monorepo) is not parsed here ahead of the deadline the extraction keeps.
  const candidates = files.filter(
    (file) => YAML_NAME.test(file.path) && !isComposeFile(file.path) && baseIn.has(folderOf(file.path)),
  );
  if (candidates.length === 0) return [];
  const texts = new Map(files.map((file) => [file.path, file.text]));
  const bases = new Map<string, Refs>();
  const found: string[] = [];
  for (const file of candidates) {
    if (Date.now() > deadline) break;
    const root = composeRoot(file.path, file.text);
    if (!root) continue;
    const folder = folderOf(file.path);
    const basePath = baseIn.get(folder)!;
    const base = bases.get(folder) ?? refsOf(yamlRoot(basePath, texts.get(basePath)));
    bases.set(folder, base);
    if (refersTo(root, base)) found.push(file.path);
  }
  return found;
}

function yamlRoot(path: string, text: string | undefined): Record<string, unknown> | undefined {
  const root = text === undefined ? undefined : loadYamlDocuments(text, path).documents[0]?.value;
  return isMapping(root) ? root : undefined;
}

function composeRoot(path: string, text: string): Record<string, unknown> | undefined {
  const root = yamlRoot(path, text);
  if (!root || !isMapping(root.services)) return undefined;
  if (!Object.keys(root).every((key) => COMPOSE_KEYS.has(key) || key.startsWith("x-"))) return undefined;
  const services = Object.values(root.services);
  return services.length > 0 && services.every(isMapping) ? root : undefined;
}

function refsOf(root: Record<string, unknown> | undefined): Refs {
  return {
    services: new Set(isMapping(root?.services) ? Object.keys(root.services) : []),
    networks: new Set(isMapping(root?.networks) ? Object.keys(root.networks) : []),
  };
}

function refersTo(root: Record<string, unknown>, base: Refs): boolean {
  const own = refsOf(root);
  return Object.entries(root.services as Record<string, Record<string, unknown>>).some(
    ([name, service]) =>
      base.services.has(name) ||
      namesIn(service.depends_on).some((target) => base.services.has(target) && !own.services.has(target)) ||
      namesIn(service.links)
        .map((link) => link.split(":")[0]!)
        .some((target) => base.services.has(target) && !own.services.has(target)) ||
      namesIn(service.networks).some((network) => base.networks.has(network) && !own.networks.has(network)),
  );
}

/** Names in a list (`[a, b]`) or the keys of a mapping (`{a: {...}}`), the two forms Compose accepts. */
function namesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return isMapping(value) ? Object.keys(value) : [];
}
