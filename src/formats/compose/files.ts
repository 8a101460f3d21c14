import { posix } from "node:path";
import type { ExtractionWarning } from "../../graph/model.js";

/** Names Compose picks up by itself, in the order it prefers them. */
const BASE_NAMES = ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"] as const;

// `compose.yaml`, `docker-compose.prod.yml`, `compose-dev.yaml`, and Swarm's `docker-stack.yml` (the same
// format, deployed with `docker stack deploy`); not `composer.yml`.
const COMPOSE_NAME = /^(?:(?:docker-)?compose|docker-stack)(?:[._-][^/]*)?\.ya?ml$/;
const ENV_NAME = /^(?:\.env|[^/]+\.env)$/;

/** A file Compose reads without `-f` (`compose.yaml`, `docker-compose.yml`): a project's base. */
export function isBaseComposeFile(path: string): boolean {
  return (BASE_NAMES as readonly string[]).includes(posix.basename(path));
}

export function isComposeFile(path: string): boolean {
  return COMPOSE_NAME.test(posix.basename(path));
}

// `Dockerfile`, `Dockerfile.prod`, `api.Dockerfile`: read only to tell what a built image runs on.
const DOCKERFILE_NAME = /^(?:Dockerfile(?:\.[^/]+)?|[^/]+\.[Dd]ockerfile)$/;

export function isDockerfile(path: string): boolean {
  return DOCKERFILE_NAME.test(posix.basename(path));
}

// Configuration a proxy or server reads when it is mounted into its container (YAML and JSON are read anyway):
// `nginx.conf`, `default.conf.template`, `haproxy.cfg`, `traefik.toml`, `Caddyfile`.
const MOUNTED_CONFIG_NAME = /(?:\.(?:conf|cfg|toml|caddyfile)|\.conf\.template)$|^Caddyfile(?:\.[^/]+)?$/i;

export function isMountableConfig(path: string): boolean {
  return MOUNTED_CONFIG_NAME.test(posix.basename(path));
}

export function isEnvFile(path: string): boolean {
  return ENV_NAME.test(posix.basename(path));
}

export function claimsComposePath(path: string): boolean {
  return isComposeFile(path) || isEnvFile(path) || isDockerfile(path) || isMountableConfig(path);
}

/** Repository-relative folder of a file, `.` for the root. */
export function folderOf(path: string): string {
  const folder = posix.dirname(path);
  return folder === "" ? "." : folder;
}

/** Resolves `relative` against the folder of `from`; undefined when it leaves the repository. */
export function resolveRelative(from: string, relative: string): string | undefined {
  if (relative.startsWith("/") || relative.startsWith("~")) return undefined;
  const joined = posix.normalize(posix.join(folderOf(from), relative));
  if (joined === ".." || joined.startsWith("../")) return undefined;
  // `./caddy/` names the same folder as `./caddy`; Docker resolves both to one bind-mount source.
  return (joined.startsWith("./") ? joined.slice(2) : joined).replace(/\/+$/, "");
}

/**
 * An `include`, `env_file` or `extends.file` that leaves the repository (absolute, `~` or too many `../`): nothing
 * outside is ever read, and the warning says that what it names is missing from the report.
 */
export function outsideRepository(
  site: { file: string; line?: number },
  field: string,
  value: string,
): ExtractionWarning {
  return {
    id: "compose/outside-repository",
    file: site.file,
    ...(site.line !== undefined ? { line: site.line } : {}),
    message: `${field} ${value} points outside the repository; it is not read`,
  };
}

/** The compose files of one folder, sorted into the roles Compose gives them. */
export interface FolderFiles {
  folder: string;
  base?: string;
  override?: string;
  /** Every other compose file in the folder (`docker-compose.prod.yml`, a second base name, ...). */
  variants: string[];
  /** Files in sub-folders that only patch this folder's base (`-f compose.yaml -f geoip/compose.geoip.yaml`). */
  fragments?: string[];
}

export function groupByFolder(paths: readonly string[]): FolderFiles[] {
  const byFolder = new Map<string, string[]>();
  for (const path of paths) {
    const folder = folderOf(path);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), path]);
  }
  const groups: FolderFiles[] = [];
  for (const [folder, files] of [...byFolder].sort(([a], [b]) => a.localeCompare(b))) {
    const names = new Map(files.map((file) => [posix.basename(file), file]));
    const baseName = BASE_NAMES.find((name) => names.has(name));
    const overrideName = baseName ? overrideFor(baseName, names) : undefined;
    const base = baseName ? names.get(baseName) : undefined;
    const override = overrideName ? names.get(overrideName) : undefined;
    const variants = files.filter((file) => file !== base && file !== override).sort();
    groups.push({ folder, ...(base ? { base } : {}), ...(override ? { override } : {}), variants });
  }
  return groups;
}

function overrideFor(baseName: string, names: ReadonlyMap<string, string>): string | undefined {
  const stem = baseName.replace(/\.ya?ml$/, "");
  const sameStem = [`${stem}.override.yaml`, `${stem}.override.yml`];
  const any = BASE_NAMES.flatMap((name) => {
    const other = name.replace(/\.ya?ml$/, "");
    return [`${other}.override.yaml`, `${other}.override.yml`];
  });
  return [...sameStem, ...any].find((name) => names.has(name));
}
