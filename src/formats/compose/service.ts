import type { ExtractionWarning, Resources } from "../../graph/model.js";
import type { YamlPath } from "../shared/yaml.js";
import { isMapping } from "../shared/yaml.js";
import { parsePort, type PublishedPort } from "./ports.js";
import { countGpus, parseBytes, parseCpus } from "./resources.js";

export interface Site {
  file: string;
  line: number;
}

export type Located<T> = Site & { value: T };

export interface EnvFileRef {
  path: string;
  required: boolean;
}

export interface ExtendsRef {
  service: string;
  file?: string;
}

/** Where the image is built from: the Dockerfile relative to the compose file, or its inline text. */
export interface BuildRef {
  context: string;
  dockerfile: string;
  inline?: string;
}

/**
 * What boxcutter reads of one compose service, each fact with the file and line it came from,
 * so a service assembled from several files (override, variant, extends) still points at its sources.
 */
export interface ComposeService {
  name: string;
  /** The service key in the first file that defines it. */
  site: Site;
  image?: Located<string>;
  build?: Located<BuildRef>;
  dependsOn: Map<string, Site>;
  links: Map<string, Located<{ service: string; alias?: string }>>;
  /** `value` is interpolated; `display` is the same with secret variables masked, for evidence. */
  environment: Map<string, Located<string> & { display: string }>;
  envFiles: Located<EnvFileRef>[];
  ports: Located<PublishedPort>[];
  /** Host paths bind-mounted into the container (`./nginx.conf:/etc/nginx/nginx.conf:ro`), as written. */
  mounts: Located<string>[];
  /** Named volumes mounted into the container, and whether read-only (`geoip:/geoip:ro`). */
  volumes: Map<string, { readOnly: boolean }>;
  networkAliases: Map<string, Site>;
  hostname?: Located<string>;
  containerName?: Located<string>;
  /** `command`, string or list form, one entry per item (a string is one item). */
  command?: Located<string>[];
  /** `network_mode` as written (`host`, `service:vpn`, `none`). */
  networkMode?: Located<string>;
  replicas?: number;
  scale?: number;
  limits: Resources;
  reservations: Resources;
  /** Where the sizes and the replica count were read. */
  resourcesSite?: Site;
  replicasSite?: Site;
  profiles?: string[];
  extends?: Located<ExtendsRef>;
}

/** Reads values from one compose file with interpolation applied and type problems reported. */
export interface ServiceReader {
  file: string;
  lineOf(path: YamlPath): number;
  interpolate(text: string): string;
  /** Interpolation for display: secret-looking variables come out as `***`. */
  display(text: string): string;
  warnings: ExtractionWarning[];
}

function emptyService(name: string, site: Site): ComposeService {
  return {
    name,
    site,
    dependsOn: new Map(),
    links: new Map(),
    environment: new Map(),
    envFiles: [],
    ports: [],
    mounts: [],
    volumes: new Map(),
    networkAliases: new Map(),
    limits: {},
    reservations: {},
  };
}

/** A YAML scalar as Compose reads it in a string position (numbers and booleans are written out). */
function scalarText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

/** One service mapping of one file, normalised. Problems become `compose/invalid-<field>` warnings. */
export function readService(name: string, value: unknown, reader: ServiceReader): ComposeService {
  const path = ["services", name];
  const at = (...rest: (string | number)[]): Site => ({
    file: reader.file,
    line: reader.lineOf([...path, ...rest]),
  });
  const invalid = (field: string, message: string, ...rest: (string | number)[]): void => {
    reader.warnings.push({
      id: `compose/invalid-${field}`,
      file: reader.file,
      line: reader.lineOf([...path, field, ...rest]),
      message: `service "${name}": ${message}`,
    });
  };
  const service = emptyService(name, at());
  if (value === null || value === undefined) return service;
  if (!isMapping(value)) {
    reader.warnings.push({
      id: "compose/invalid-service",
      file: reader.file,
      line: service.site.line,
      message: `service "${name}" is not a mapping; skipped`,
    });
    return service;
  }
  const text = (raw: unknown): string | undefined => {
    const scalar = scalarText(raw);
    return scalar === undefined ? undefined : reader.interpolate(scalar);
  };

  if (value.image !== undefined) {
    const image = text(value.image);
    if (image === undefined) invalid("image", "image is not a string");
    else service.image = { ...at("image"), value: image };
  }
  if (value.build !== undefined && value.build !== null)
    service.build = { ...at("build"), value: readBuild(value.build, text) };

  readDependsOn(value.depends_on, service, at, invalid, text);
  readLinks(value.links, service, at, invalid, text);
  readEnvironment(value.environment, service, at, invalid, reader);
  readEnvFiles(value.env_file, service, at, invalid, text);
  readPorts(value.ports, service, at, invalid, text);
  readNetworks(value.networks, service, at, invalid, text);
  readMounts(value.volumes, service, at, text);

  readHostNames(value, service, at, invalid, text);
  readCommand(value.command, service, at, text);
  if (value.network_mode !== undefined && value.network_mode !== null) {
    const mode = text(value.network_mode);
    if (mode !== undefined) service.networkMode = { ...at("network_mode"), value: mode };
  }

  if (value.scale !== undefined) {
    const scale = count(text(value.scale));
    if (scale === undefined) invalid("scale", "scale is not a whole number");
    else {
      service.scale = scale;
      service.replicasSite = at("scale");
    }
  }
  readDeploy(value.deploy, service, at, invalid, text);
  readLegacyResources(value, service, at, text);

  readProfiles(value.profiles, service, invalid, text);
  readExtends(value.extends, service, at, invalid, text);
  return service;
}

/** `build: ./dir` or `build: {context, dockerfile, dockerfile_inline}`; the Dockerfile path is relative to the context. */
function readBuild(raw: unknown, text: Text): BuildRef {
  const build = isMapping(raw) ? raw : { context: raw };
  const context = (typeof build.context === "string" ? text(build.context) : undefined) ?? ".";
  const dockerfile =
    (typeof build.dockerfile === "string" ? text(build.dockerfile) : undefined) ?? "Dockerfile";
  const inline = typeof build.dockerfile_inline === "string" ? build.dockerfile_inline : undefined;
  return { context, dockerfile, ...(inline !== undefined ? { inline } : {}) };
}

/** `hostname` and `container_name`: more names other containers reach the service by. */
function readHostNames(
  value: Record<string, unknown>,
  service: ComposeService,
  at: At,
  invalid: Invalid,
  text: Text,
): void {
  for (const field of ["hostname", "container_name"] as const) {
    if (value[field] === undefined || value[field] === null) continue;
    const host = text(value[field]);
    if (host === undefined) invalid(field, `${field} is not a string`);
    else service[field === "hostname" ? "hostname" : "containerName"] = { ...at(field), value: host };
  }
}

// Enough for any real command line; a longer list is not read past this.
const MAX_COMMAND_ITEMS = 200;

function readCommand(raw: unknown, service: ComposeService, at: At, text: Text): void {
  const items = typeof raw === "string" ? [raw] : Array.isArray(raw) ? raw.slice(0, MAX_COMMAND_ITEMS) : [];
  const command: Located<string>[] = [];
  items.forEach((item, index) => {
    const word = text(item);
    if (word !== undefined) command.push({ ...at("command", ...(Array.isArray(raw) ? [index] : [])), value: word });
  });
  if (command.length > 0) service.command = command;
}

function readProfiles(raw: unknown, service: ComposeService, invalid: Invalid, text: Text): void {
  if (raw === undefined) return;
  if (Array.isArray(raw))
    service.profiles = raw.map(text).filter((profile): profile is string => profile !== undefined);
  else invalid("profiles", "profiles is not a list");
}

/** `extends: base` or `extends: {service, file}`. */
function readExtends(raw: unknown, service: ComposeService, at: At, invalid: Invalid, text: Text): void {
  if (raw === undefined) return;
  const ref =
    typeof raw === "string"
      ? { service: text(raw)! }
      : isMapping(raw) && typeof raw.service === "string"
        ? {
            service: text(raw.service)!,
            ...(typeof raw.file === "string" ? { file: text(raw.file)! } : {}),
          }
        : undefined;
  if (ref) service.extends = { ...at("extends"), value: ref };
  else invalid("extends", "extends needs a service name");
}

type At = (...rest: (string | number)[]) => Site;
type Invalid = (field: string, message: string, ...rest: (string | number)[]) => void;
type Text = (raw: unknown) => string | undefined;

function count(text: string | undefined): number | undefined {
  return text !== undefined && /^\d{1,9}$/.test(text.trim()) ? Number(text) : undefined;
}

function readDependsOn(raw: unknown, service: ComposeService, at: At, invalid: Invalid, text: Text): void {
  if (raw === undefined || raw === null) return;
  if (Array.isArray(raw)) {
    raw.forEach((item, index) => {
      const target = text(item);
      if (target === undefined) invalid("depends_on", "depends_on entries must be service names", index);
      else service.dependsOn.set(target, at("depends_on", index));
    });
  } else if (isMapping(raw)) {
    for (const [target, condition] of Object.entries(raw)) {
      if (condition !== null && !isMapping(condition)) {
        invalid("depends_on", `depends_on "${target}" must be a mapping`, target);
      }
      service.dependsOn.set(text(target) ?? target, at("depends_on", target));
    }
  } else invalid("depends_on", "depends_on must be a list or a mapping");
}

function readLinks(raw: unknown, service: ComposeService, at: At, invalid: Invalid, text: Text): void {
  if (raw === undefined || raw === null) return;
  if (!Array.isArray(raw)) return invalid("links", "links must be a list");
  raw.forEach((item, index) => {
    const link = text(item);
    if (link === undefined || link.trim() === "")
      return invalid("links", "links entries must be strings", index);
    const [target = "", alias] = link.trim().split(":", 2);
    service.links.set(link, {
      ...at("links", index),
      value: { service: target, ...(alias ? { alias } : {}) },
    });
  });
}

function readEnvironment(
  raw: unknown,
  service: ComposeService,
  at: At,
  invalid: Invalid,
  reader: ServiceReader,
): void {
  if (raw === undefined || raw === null) return;
  const set = (key: string, rawValue: string, site: Site): void => {
    service.environment.set(key, {
      ...site,
      value: reader.interpolate(rawValue),
      display: reader.display(rawValue),
    });
  };
  // `- KEY` (or `KEY:` with no value) passes KEY on from the shell running Compose or else from the project's
  // environment file: its value is the `.env` one when that file is in the input; without one it is unknown here.
  const passOn = (key: string, site: Site): void => {
    const reference = `\${${key}}`;
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) && reader.interpolate(reference) !== reference)
      set(key, reference, site);
  };
  if (Array.isArray(raw)) {
    raw.forEach((item, index) => {
      const entry = scalarText(item);
      if (entry === undefined)
        return invalid("environment", "environment entries must be KEY=VALUE strings", index);
      const equals = entry.indexOf("=");
      if (equals > 0) set(entry.slice(0, equals).trim(), entry.slice(equals + 1), at("environment", index));
      else if (equals === -1) passOn(entry.trim(), at("environment", index));
    });
  } else if (isMapping(raw)) {
    for (const [key, value] of Object.entries(raw)) {
      if (value === null || value === undefined) {
        passOn(key, at("environment", key));
        continue;
      }
      const entry = scalarText(value);
      if (entry === undefined) invalid("environment", `environment "${key}" is not a scalar`, key);
      else set(key, entry, at("environment", key));
    }
  } else invalid("environment", "environment must be a list or a mapping");
}

function readEnvFiles(raw: unknown, service: ComposeService, at: At, invalid: Invalid, text: Text): void {
  if (raw === undefined || raw === null) return;
  const items = Array.isArray(raw) ? raw : [raw];
  items.forEach((item, index) => {
    const path = Array.isArray(raw) ? ["env_file", index] : ["env_file"];
    if (isMapping(item) && typeof item.path === "string") {
      service.envFiles.push({
        ...at(...path),
        value: { path: text(item.path)!, required: item.required !== false },
      });
    } else if (typeof item === "string") {
      service.envFiles.push({ ...at(...path), value: { path: text(item)!, required: true } });
    } else invalid("env_file", "env_file entries must be paths or {path, required}", ...path.slice(1));
  });
}

/** A long-syntax entry with its string fields interpolated, as Compose interpolates every value. */
function interpolated(entry: Record<string, unknown>, text: Text): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(entry).map(([key, value]) => [key, typeof value === "string" ? text(value) : value]),
  );
}

function readPorts(raw: unknown, service: ComposeService, at: At, invalid: Invalid, text: Text): void {
  if (raw === undefined || raw === null) return;
  if (!Array.isArray(raw)) return invalid("ports", "ports must be a list");
  raw.forEach((item, index) => {
    const port = parsePort(
      typeof item === "string" ? text(item) : isMapping(item) ? interpolated(item, text) : item,
    );
    if (port) service.ports.push({ ...at("ports", index), value: port });
    else
      invalid(
        "ports",
        `ports entry ${JSON.stringify(item)?.slice(0, 80) ?? "?"} is not a port mapping`,
        index,
      );
  });
}

/**
 * Bind mounts, short (`./conf:/etc/nginx/conf.d:ro`) or long (`{type: bind, source, target}`) syntax. Named
 * volumes hold data, not configuration from the repository, and are left out. Malformed entries are Compose's to
 * reject; they are skipped here.
 */
function readMounts(raw: unknown, service: ComposeService, at: At, text: Text): void {
  if (!Array.isArray(raw)) return;
  raw.forEach((item, index) => {
    const source = isMapping(item)
      ? item.type === "bind" && typeof item.source === "string"
        ? text(item.source)
        : undefined
      : typeof item === "string"
        ? text(item)?.split(":", 1)[0]
        : undefined;
    if (source !== undefined && /^(\.{1,2}(\/|$)|[^/]+\/)/.test(source)) {
      service.mounts.push({ ...at("volumes", index), value: source });
    }
    readNamedVolume(item, service, text);
  });
}

/** `name:/path[:ro]` or `{type: volume, source, read_only}`: a volume Compose manages, shared by name. */
function readNamedVolume(item: unknown, service: ComposeService, text: Text): void {
  if (isMapping(item)) {
    if (item.type === "volume" && typeof item.source === "string") {
      const name = text(item.source);
      if (name) service.volumes.set(name, { readOnly: item.read_only === true });
    }
    return;
  }
  if (typeof item !== "string") return;
  const [name, target, mode] = text(item)?.split(":") ?? [];
  if (name && target && NAMED_VOLUME.test(name)) {
    service.volumes.set(name, { readOnly: mode?.split(",").includes("ro") === true });
  }
}

// A named volume's name, as opposed to a host path (`./data`, `/srv`, `~/x`, `${PWD}/x` after interpolation).
const NAMED_VOLUME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

function readNetworks(raw: unknown, service: ComposeService, at: At, invalid: Invalid, text: Text): void {
  if (raw === undefined || raw === null || Array.isArray(raw)) return;
  if (!isMapping(raw)) return invalid("networks", "networks must be a list or a mapping");
  for (const [network, settings] of Object.entries(raw)) {
    if (settings === null || settings === undefined) continue;
    if (!isMapping(settings)) {
      invalid("networks", `network "${network}" settings must be a mapping`, network);
      continue;
    }
    if (settings.aliases === undefined || settings.aliases === null) continue;
    if (!Array.isArray(settings.aliases)) {
      invalid("networks", `aliases on network "${network}" must be a list`, network, "aliases");
      continue;
    }
    settings.aliases.forEach((alias, index) => {
      const name = text(alias);
      if (name) service.networkAliases.set(name, at("networks", network, "aliases", index));
    });
  }
}

function readDeploy(raw: unknown, service: ComposeService, at: At, invalid: Invalid, text: Text): void {
  if (raw === undefined || raw === null) return;
  if (!isMapping(raw)) return invalid("deploy", "deploy must be a mapping");
  if (raw.replicas !== undefined) {
    const replicas = count(text(raw.replicas));
    if (replicas === undefined) invalid("deploy", "deploy.replicas is not a whole number", "replicas");
    else {
      service.replicas = replicas;
      service.replicasSite = at("deploy", "replicas");
    }
  }
  const resources = raw.resources;
  if (resources === undefined || resources === null) return;
  if (!isMapping(resources)) return invalid("deploy", "deploy.resources must be a mapping", "resources");
  service.resourcesSite = at("deploy", "resources");
  for (const kind of ["limits", "reservations"] as const) {
    const block = resources[kind];
    if (block === undefined || block === null) continue;
    if (!isMapping(block)) {
      invalid("deploy", `deploy.resources.${kind} must be a mapping`, "resources", kind);
      continue;
    }
    const target = service[kind];
    const cpus = parseCpus(block.cpus);
    const memory = parseBytes(block.memory);
    const gpus = countGpus(block.devices);
    if (block.cpus !== undefined && cpus === undefined)
      invalid("deploy", `deploy.resources.${kind}.cpus is not a number`, "resources", kind, "cpus");
    if (block.memory !== undefined && memory === undefined)
      invalid("deploy", `deploy.resources.${kind}.memory is not a size`, "resources", kind, "memory");
    if (cpus !== undefined) target.cpuCores = cpus;
    if (memory !== undefined) target.memoryBytes = memory;
    if (gpus !== undefined) target.gpus = gpus;
  }
}

/** Compose file format 2 sizes (`mem_limit`, `cpus`, `mem_reservation`) and the service-level `gpus`. */
function readLegacyResources(
  value: Record<string, unknown>,
  service: ComposeService,
  at: At,
  text: Text,
): void {
  const legacy = ["mem_limit", "mem_reservation", "cpus", "gpus"].find((key) => value[key] !== undefined);
  if (legacy) service.resourcesSite ??= at(legacy);
  const memLimit = parseBytes(typeof value.mem_limit === "string" ? text(value.mem_limit) : value.mem_limit);
  const memReservation = parseBytes(
    typeof value.mem_reservation === "string" ? text(value.mem_reservation) : value.mem_reservation,
  );
  const cpus = parseCpus(value.cpus);
  if (memLimit !== undefined) service.limits.memoryBytes ??= memLimit;
  if (memReservation !== undefined) service.reservations.memoryBytes ??= memReservation;
  if (cpus !== undefined) service.limits.cpuCores ??= cpus;
  if (value.gpus === "all") service.reservations.gpus ??= 1;
  else if (Array.isArray(value.gpus))
    service.reservations.gpus ??= countGpus(
      value.gpus.map((gpu: unknown) => (isMapping(gpu) ? { capabilities: ["gpu"], ...gpu } : gpu)),
    );
}

/**
 * Merges `over` onto `base` the way Compose merges an override file: scalars replaced, `ports` appended,
 * `environment`, `depends_on`, `links` and network aliases merged by key.
 */
export function mergeServices(base: ComposeService, over: ComposeService): ComposeService {
  const merged: ComposeService = {
    ...base,
    dependsOn: new Map([...base.dependsOn, ...over.dependsOn]),
    links: new Map([...base.links, ...over.links]),
    environment: new Map([...base.environment, ...over.environment]),
    envFiles: [...base.envFiles, ...over.envFiles],
    mounts: [
      ...base.mounts,
      ...over.mounts.filter((mount) => !base.mounts.some((known) => known.value === mount.value)),
    ],
    ports: [
      ...base.ports,
      ...over.ports.filter((port) => !base.ports.some((known) => known.value.text === port.value.text)),
    ],
    volumes: new Map([...base.volumes, ...over.volumes]),
    networkAliases: new Map([...base.networkAliases, ...over.networkAliases]),
    limits: { ...base.limits, ...over.limits },
    reservations: { ...base.reservations, ...over.reservations },
  };
  for (const field of [
    "image",
    "build",
    "hostname",
    "containerName",
    "command",
    "networkMode",
    "replicas",
    "scale",
    "resourcesSite",
    "replicasSite",
    "profiles",
    "extends",
  ] as const) {
    if (over[field] !== undefined) (merged as unknown as Record<string, unknown>)[field] = over[field];
  }
  return merged;
}
