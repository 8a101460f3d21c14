import { posix } from "node:path";
import type {
  FactSources,
  Component,
  ComponentKind,
  EntryPoint,
  Evidence,
  ExtractionWarning,
  SystemGraph,
} from "../../graph/model.js";
import { redactEnv, redactText } from "../../graph/redact.js";
import { evidenceAt } from "../shared/evidence.js";
import { configLineMentions } from "../shared/config-lines.js";
import { EdgeCollector } from "../shared/edges.js";
import { argumentHosts } from "../shared/arguments.js";
import { hostReferences, isExternalHost, looksLikeHostKey, type HostReference } from "../shared/hosts.js";
import { contextCopies, finalBaseImage } from "../shared/dockerfile.js";
import { imageBaseName, kindFromImage, kindFromName } from "../shared/image-kind.js";
import type { EnvEntry } from "./env-file.js";
import { isComposeFile, isDockerfile, isEnvFile, outsideRepository, resolveRelative } from "./files.js";
import { describePort, isLoopback } from "./ports.js";
import { providerHost } from "../shared/providers.js";
import { pickResources } from "./resources.js";
import type { BuildRef, ComposeService, Located, Site } from "./service.js";

export interface SystemInput {
  id: string;
  services: ReadonlyMap<string, ComposeService>;
  /** Entries of an input env file (values interpolated), or undefined when the file was not read. */
  envFile(path: string): EnvEntry[] | undefined;
  /** The text of another input file (a Dockerfile, a mounted config), or undefined when it was not read. */
  fileText(path: string): string | undefined;
  /** Input files at `path` (a file) or under it (a folder). */
  filesAt(path: string): string[];
  /** A relative path written in `file`, as a repository path (undefined when it leaves the repository). */
  resolve(file: string, relative: string): string | undefined;
  warnings: ExtractionWarning[];
  notes: Set<string>;
}

// Behind a published port these are reached by an operator's tools, not by the system's clients.
const NOT_ENTRY_KINDS: ReadonlySet<ComponentKind> = new Set(["datastore", "cache", "queue"]);

export function buildSystem(input: SystemInput): SystemGraph {
  const builder = new GraphBuilder(input);
  for (const service of input.services.values()) {
    builder.unknownDependencies(service);
    // What the service's own configuration names decides how its depends_on reads, so that is read first.
    const linkAliases = builder.linkEdges(service);
    builder.environmentEdges(service, linkAliases);
    builder.commandEdges(service, linkAliases);
    builder.mountedConfigEdges(service);
    builder.copiedConfigEdges(service);
    builder.dependencyEdges(service);
  }
  return builder.graph();
}

/** A call found in a service's configuration, kept until its `depends_on` has been read. */
interface PendingCall {
  to: string;
  found: Evidence | (() => Evidence);
}

class GraphBuilder {
  private readonly components = new Map<string, Component>();
  private readonly edges = new EdgeCollector();
  private pending: PendingCall[] = [];
  private readonly hosts: Map<string, string>;

  constructor(private readonly input: SystemInput) {
    for (const service of input.services.values()) {
      this.components.set(service.name, toComponent(service, input, builtFrom(service, input)));
    }
    this.hosts = hostNames(input.services);
  }

  /**
   * `depends_on` is start-up order, and often only that: an aggregator waits for the databases its callees use.
   * When the service's own configuration names the services it calls and a `depends_on` target is named nowhere
   * in it, that target is left off the request path (a warning-free note in the evidence of nothing: no edge).
   * A service whose configuration names no service at all keeps its `depends_on` targets as calls.
   */
  unknownDependencies(service: ComposeService): void {
    for (const [target, site] of service.dependsOn) {
      if (this.input.services.has(target)) continue;
      const message = `service ${service.name} depends on ${target}, which is not a service of this project`;
      warn(this.input, "compose/unknown-depends-on", site, message);
    }
  }

  /** Adds the service's `depends_on` calls, then the calls its configuration names (in the order found). */
  dependencyEdges(service: ComposeService): void {
    const named = new Set(this.pending.map((call) => call.to).filter((to) => this.input.services.has(to)));
    const startOnly: string[] = [];
    for (const [target, site] of service.dependsOn) {
      if (!this.input.services.has(target)) continue;
      const volume = named.size === 0 ? this.volumeFilledBy(service, target) : undefined;
      if (volume !== undefined) {
        this.startOnly.push({
          from: service.name,
          to: target,
          site,
          reason: `it only reads volume ${volume}`,
        });
      } else if (named.size > 0 && !named.has(target)) {
        const reason = `its configuration names only ${[...named].sort().join(", ")}`;
        this.startOnly.push({ from: service.name, to: target, site, reason });
        startOnly.push(target);
      } else {
        const detail = named.has(target)
          ? `depends_on: ${target}`
          : `depends_on: ${target} (its configuration names no other service, so start-up order stands for the call)`;
        this.edges.add(service.name, target, () => evidenceAt(site, "compose/depends-on", detail));
      }
    }
    for (const call of this.pending) this.edges.add(service.name, call.to, call.found);
    this.startOrderEvidence(service, startOnly, named);
    this.pending = [];
  }

  /**
   * A service that mounts read-only a named volume its `depends_on` target writes waits for files, not for a
   * server: an updater filling a database file, a build step filling assets, certbot filling certificates.
   * A reverse proxy is the exception: it serves the static files its application writes and proxies the rest
   * to it, so the shared volume sits beside the call.
   */
  private volumeFilledBy(service: ComposeService, target: string): string | undefined {
    if (this.components.get(service.name)!.kind === "gateway") return undefined;
    const writer = this.input.services.get(target)!;
    for (const [name, mount] of service.volumes) {
      const written = writer.volumes.get(name);
      if (mount.readOnly && written !== undefined && !written.readOnly) return name;
    }
    return undefined;
  }

  /**
   * Why a `depends_on` target has no call is shown where a reader looks at the service's calls: each call its
   * configuration names carries the start-up order it stands beside.
   */
  private startOrderEvidence(service: ComposeService, startOnly: string[], named: Set<string>): void {
    const first = startOnly[0];
    if (first === undefined) return;
    const site = service.dependsOn.get(first)!;
    const detail = `depends_on ${startOnly.join(", ")}: start-up order, not a call, as the configuration names only ${[...named].sort().join(", ")}`;
    for (const target of named)
      this.edges.add(service.name, target, () => evidenceAt(site, "compose/start-order", detail));
  }

  /** Adds link edges; returns the aliases the links give their targets, as seen from this service. */
  linkEdges(service: ComposeService): Map<string, string> {
    const aliases = new Map<string, string>();
    for (const [text, link] of service.links) {
      const target = link.value.service;
      if (!this.input.services.has(target)) {
        const message = `service ${service.name} links to ${target}, which is not a service of this project`;
        warn(this.input, "compose/unknown-link", link, message);
        continue;
      }
      if (link.value.alias) aliases.set(link.value.alias.toLowerCase(), target);
      this.pending.push({ to: target, found: () => evidenceAt(link, "compose/links", `links: ${text}`) });
    }
    return aliases;
  }

  environmentEdges(service: ComposeService, linkAliases: ReadonlyMap<string, string>): void {
    for (const entry of effectiveEnvironment(service, this.input)) {
      // Most entries name no host: their redacted text is only built for those that become evidence.
      let shown: string | undefined;
      const detail = () => (shown ??= `env ${redactEnv(entry.key, entry.display)}`);
      const provider = providerHost(entry.key, entry.value);
      if (provider !== undefined && !this.hosts.has(provider)) {
        this.addExternal(provider, evidenceAt(entry, "compose/provider-key", detail()));
      }
      for (const reference of hostReferences(entry.value, looksLikeHostKey(entry.key))) {
        const target = linkAliases.get(reference.host) ?? this.hosts.get(reference.host);
        if (target !== undefined) {
          this.pending.push({ to: target, found: evidenceAt(entry, "compose/env-host", detail()) });
        } else if (reference.form === "url" && isExternalHost(reference.host)) {
          this.addExternal(reference.host, evidenceAt(entry, "compose/env-host", detail()));
        } else if (looksLikeServiceHost(reference.host)) {
          this.addExternal(reference.host, evidenceAt(entry, "compose/unresolved-host", detail()), true);
        }
      }
    }
  }

  /**
   * Hosts the service's `command` hands its program (`--redis-host cache`, `http://api:8080`): a call when they
   * name a service of the project. Only names of the project count here: a command's words are not a setting's.
   */
  commandEdges(service: ComposeService, linkAliases: ReadonlyMap<string, string>): void {
    const command = service.command ?? [];
    argumentHosts(command.map((item) => item.value)).forEach((references, index) => {
      const item = command[index]!;
      for (const reference of references) {
        const target = linkAliases.get(reference.host) ?? this.hosts.get(reference.host);
        if (target === undefined || target === service.name) continue;
        const detail = `command: ${redactText(item.value.slice(0, 200))}`;
        this.pending.push({ to: target, found: () => evidenceAt(item, "compose/command-host", detail) });
      }
    });
  }

  /**
   * Files bind-mounted from the repository into the container, read as the container reads them: a proxy's
   * upstreams (nginx, Envoy, HAProxy, Caddy, Traefik, YARP, Ocelot) and any line naming a host, each cited at its line.
   */
  mountedConfigEdges(service: ComposeService): void {
    for (const mount of service.mounts) {
      const source = this.input.resolve(mount.file, mount.value);
      // The project's own folder mounted whole is source code for development, not the container's configuration.
      if (source === undefined || containsFile(source, mount.file)) continue;
      for (const path of this.input.filesAt(source)) {
        this.configFileCalls(path, "compose/mounted-config", `mounted by ${service.name}`, service);
      }
    }
  }

  /**
   * Proxy configuration the service's own Dockerfile copies from the build context to where the proxy reads it
   * (`COPY nginx.conf /etc/nginx/nginx.conf`), read as a mounted file is: the image carries the file instead of a
   * volume. A source missing from the files read is a warning, not a guess.
   */
  copiedConfigEdges(service: ComposeService): void {
    const build = service.build;
    if (!build || build.value.inline !== undefined || /^[a-z][a-z0-9+.-]*:\/\//i.test(build.value.context))
      return;
    const context = this.input.resolve(build.file, build.value.context);
    if (context === undefined) return;
    const dockerfile = resolveRelative(inside(context), build.value.dockerfile);
    const text = dockerfile === undefined ? undefined : this.input.fileText(dockerfile);
    if (dockerfile === undefined || text === undefined) return;
    for (const copy of contextCopies(text)) {
      if (!PROXY_CONFIG_DESTINATION.test(copy.destination)) continue;
      for (const written of copy.sources) {
        const files = contextFiles(this.input, context, written);
        if (files === undefined) continue;
        if (files.length === 0) {
          warn(
            this.input,
            "compose/copied-config-missing",
            { file: dockerfile, line: copy.line },
            `${written}, copied into ${service.name} at ${copy.destination}, is not among the files read; its upstreams are not known`,
          );
        }
        for (const path of files) {
          this.configFileCalls(
            path,
            "compose/copied-config",
            `copied into ${service.name} by ${dockerfile}:${copy.line}`,
            service,
          );
        }
      }
    }
  }

  /** A configuration file the service's container reads: each line naming a host is a call, cited at its line. */
  private configFileCalls(path: string, rule: string, how: string, service: ComposeService): void {
    if (!isMountedConfig(path)) return;
    const text = this.input.fileText(path) ?? "";
    if (text.length > MAX_MOUNTED_BYTES) return;
    const scraped = PROMETHEUS_CONFIG.test(text);
    for (const mention of configLineMentions(text)) {
      const found = evidenceAt(
        { file: path, line: mention.offset + 1 },
        scraped ? SCRAPE_RULE : rule,
        `${posix.basename(path)} (${how}): ${mention.shown}`,
      );
      for (const reference of mention.references) {
        const target = this.hosts.get(reference.host) ?? this.publishedOnHost(service, reference);
        if (target !== undefined) this.pending.push({ to: target, found });
        else if (reference.form === "url" && isExternalHost(reference.host)) {
          this.addExternal(reference.host, found);
        }
      }
    }
  }

  /**
   * A container on the host's network (`network_mode: host`) shares the host's loopback: `localhost:8080` there is the
   * one service of the project publishing host port 8080 (Docker's host network driver).
   */
  private publishedOnHost(service: ComposeService, reference: HostReference): string | undefined {
    if (!onHostNetwork(service) || reference.port === undefined || !LOOPBACK_HOST.test(reference.host)) return;
    const port = String(reference.port);
    const publishing = [...this.input.services.values()].filter(
      (other) => other !== service && other.ports.some((published) => published.value.published === port),
    );
    return publishing.length === 1 ? publishing[0]!.name : undefined;
  }

  /** `depends_on` entries read as start-up order only, for the report's notes. */
  readonly startOnly: { from: string; to: string; site: Site; reason: string }[] = [];

  graph(): SystemGraph {
    for (const entries of groupBy(this.startOnly, (entry) => `${entry.from}\n${entry.reason}`).values()) {
      const { from, site, reason } = entries[0]!;
      const targets = entries.map((entry) => entry.to).join(", ");
      this.input.notes.add(
        `compose/start-order: ${from} (${site.file}:${site.line}) depends_on ${targets}: start-up order, not a call, as ${reason}`,
      );
    }
    const dense = this.edges.tooDense("compose/too-dense", this.input.id);
    if (dense) this.input.warnings.push(dense);
    return {
      id: this.input.id,
      format: "compose",
      components: [...this.components.values()],
      edges: this.edges.edges(
        (name) => this.components.get(name)?.kind,
        (rule) => rule === SCRAPE_RULE,
      ),
      entryPoints: entryPoints(this.input.services, this.components),
    };
  }

  /**
   * An `external` component per host; `unresolved` for a name that looks like a service of this project but
   * matches none yet (its definition often comes in a later change): the call is kept, to a component not known.
   */
  private addExternal(host: string, found: Evidence, unresolved = false): void {
    if (!this.components.has(host)) {
      const location = { file: found.file, ...(found.line !== undefined ? { line: found.line } : {}) };
      this.components.set(host, {
        name: host,
        kind: "external",
        system: this.input.id,
        location,
        ...(unresolved ? { attributes: { unresolved: true } } : {}),
      });
    }
    this.pending.push({ to: host, found });
  }
}

const LOOPBACK_HOST = /^(?:localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])$/;

function onHostNetwork(service: ComposeService): boolean {
  return service.networkMode?.value === "host";
}

/** The image the service's Dockerfile builds on, when the Dockerfile is among the files read. */
const MAX_MOUNTED_BYTES = 256 * 1024;

// Names Docker gives the host machine and its gateway, and loopback: never a service of the project.
const NOT_SERVICE_HOST = /^(localhost|host\.docker\.internal|gateway\.docker\.internal|host-gateway)$/;

/** A name another container could be reached by: one label, or a short dotted name under no public suffix. */
function looksLikeServiceHost(host: string): boolean {
  if (NOT_SERVICE_HOST.test(host) || /^[\d.]+$/.test(host) || host.startsWith("[")) return false;
  const labels = host.split(".");
  return labels.length === 1
    ? /[a-z]/.test(host)
    : labels.length <= 3 && !isExternalHost(host) && !host.endsWith(".local");
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

function containsFile(folder: string, file: string): boolean {
  return folder === "." || folder === "" || file.startsWith(`${folder}/`);
}

// Where nginx, Envoy, HAProxy, Caddy and Traefik read their configuration in their official images.
const PROXY_CONFIG_DESTINATION =
  /^\/(?:etc\/nginx|etc\/envoy|usr\/local\/etc\/haproxy|etc\/haproxy|etc\/caddy|etc\/traefik)(?:\/|$)/;

/**
 * The files a `COPY` source names in the build context, as Docker resolves it (a leading `/` is the context's root,
 * a folder brings every file under it, `*` and `?` match within one folder; any other character, brackets included,
 * stands for itself); undefined when it leaves the context.
 */
function contextFiles(input: SystemInput, context: string, source: string): string[] | undefined {
  const relative = source.replace(/^\/+/, "") || ".";
  const path = resolveRelative(inside(context), relative);
  if (path === undefined || (!atRoot(context) && path !== context && !path.startsWith(`${context}/`))) {
    return undefined;
  }
  if (!/[*?[]/.test(posix.basename(path))) return input.filesAt(path);
  const folder = posix.dirname(path);
  const pattern = new RegExp(
    `^${posix
      .basename(path)
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, "[^/]*")
      .replace(/\?/g, "[^/]")}$`,
  );
  return input
    .filesAt(folder)
    .filter(
      (file) => posix.dirname(file) === (folder === "" ? "." : folder) && pattern.test(posix.basename(file)),
    );
}

/** A build context of `./` beside a compose file at the repository's root resolves to "" (or "."). */
function atRoot(context: string): boolean {
  return context === "" || context === ".";
}

/** A path inside a context folder, for resolving paths relative to that folder. */
function inside(context: string): string {
  return atRoot(context) ? "_" : `${context}/_`;
}

/**
 * A Prometheus configuration: the hosts it names are scrape targets, pulled on Prometheus' own schedule. A scrape is
 * a call, but no request waits for it, so it is asynchronous and on no entry point's request path.
 */
const PROMETHEUS_CONFIG = /^scrape_configs[ \t]*:/m;
const SCRAPE_RULE = "compose/scrape-target";

/** Compose, env and Dockerfiles mounted into a container are read by their own rules, not as its configuration. */
function isMountedConfig(path: string): boolean {
  return !isComposeFile(path) && !isEnvFile(path) && !isDockerfile(path);
}

function builtFrom(service: ComposeService, input: SystemInput): string | undefined {
  const build = service.build?.value;
  if (!build) return undefined;
  if (build.inline !== undefined) return finalBaseImage(build.inline);
  const context = input.resolve(service.build!.file, build.context);
  if (context === undefined || /^[a-z][a-z0-9+.-]*:\/\//i.test(build.context)) return undefined;
  const path = resolveRelative(inside(context), build.dockerfile);
  const text = path === undefined ? undefined : input.fileText(path);
  return text === undefined ? undefined : finalBaseImage(text);
}

/**
 * Kind from what the service runs, most telling first: its image, the image its Dockerfile builds on, then the
 * role its name or image name states (`orders-db`, `edge-router`).
 */
function kindOf(service: ComposeService, baseImage: string | undefined): ComponentKind {
  const image = service.image?.value;
  return (
    (image ? kindFromImage(image) : undefined) ??
    (baseImage ? kindFromImage(baseImage) : undefined) ??
    kindFromName(service.name) ??
    (image ? kindFromName(imageBaseName(image)) : undefined) ??
    "service"
  );
}

function toComponent(service: ComposeService, input: SystemInput, baseImage: string | undefined): Component {
  const system = input.id;
  const image = service.image?.value;
  const kind = kindOf(service, baseImage);
  const component: Component = {
    name: service.name,
    kind,
    system,
    location: { file: service.site.file, line: service.site.line },
  };
  const aliases = [
    service.containerName?.value,
    service.hostname?.value,
    ...service.networkAliases.keys(),
  ].filter(
    (alias, index, all): alias is string =>
      alias !== undefined && alias !== service.name && all.indexOf(alias) === index,
  );
  if (aliases.length > 0) component.aliases = aliases;
  if (image) component.image = redactText(image);
  const replicas = service.replicas ?? service.scale;
  if (replicas !== undefined) component.replicas = { min: replicas, max: replicas };
  const resources = pickResources(service.limits, service.reservations);
  if (resources) component.resources = resources;
  const attributes: Record<string, string | number | boolean> = {};
  if (service.build) attributes.build = buildContext(service.build, input);
  if (baseImage) attributes.baseImage = redactText(baseImage);
  if (service.profiles && service.profiles.length > 0) attributes.profiles = service.profiles.join(", ");
  if (NOT_ENTRY_KINDS.has(kind) && service.ports.length > 0) {
    attributes.publishedPorts = service.ports.map((port) => describePort(port.value)).join(", ");
  }
  if (Object.keys(attributes).length > 0) component.attributes = attributes;
  const sources = factSources(service);
  if (sources) component.factSources = sources;
  return component;
}

/** The build context as a repository path (`services/auth`), or the URL of the repository it is built from. */
function buildContext(build: Located<BuildRef>, input: SystemInput): string {
  const { context } = build.value;
  if (/^[a-z][a-z0-9+.-]*:\/\/|^git@/i.test(context)) return redactText(context);
  return input.resolve(build.file, context) ?? redactText(context);
}

function factSources(service: ComposeService): FactSources | undefined {
  const sources: FactSources = {};
  if (service.resourcesSite) sources.resources = service.resourcesSite;
  if (service.replicasSite) sources.replicas = service.replicasSite;
  if (service.build) sources.build = { file: service.build.file, line: service.build.line };
  else if (service.image) sources.build = { file: service.image.file, line: service.image.line };
  return Object.keys(sources).length > 0 ? sources : undefined;
}

/** Every name another container can use to reach a service: its key, container_name, hostname, network aliases. */
function hostNames(services: ReadonlyMap<string, ComposeService>): Map<string, string> {
  const names = new Map<string, string>();
  for (const service of services.values()) names.set(service.name.toLowerCase(), service.name);
  for (const service of services.values()) {
    for (const alias of [
      service.containerName?.value,
      service.hostname?.value,
      ...service.networkAliases.keys(),
    ]) {
      if (alias && !names.has(alias.toLowerCase())) names.set(alias.toLowerCase(), service.name);
    }
  }
  return names;
}

interface EnvSource extends Site {
  key: string;
  value: string;
  /** The value with secret variables masked: what evidence may show. */
  display: string;
}

/** `env_file` entries first, then `environment`, which wins for the same key (as in Compose). */
function effectiveEnvironment(service: ComposeService, input: SystemInput): EnvSource[] {
  const byKey = new Map<string, EnvSource>();
  for (const ref of service.envFiles) {
    const path = input.resolve(ref.file, ref.value.path);
    if (path === undefined) {
      input.warnings.push(outsideRepository(ref, "env_file", ref.value.path));
      continue;
    }
    const entries = input.envFile(path);
    if (!entries) {
      input.notes.add(
        `compose: env_file ${ref.value.path} of service ${service.name} (${ref.file}) is not among the files read; its variables were not checked`,
      );
      continue;
    }
    for (const entry of entries) {
      const display = entry.display ?? entry.value;
      byKey.set(entry.key, { key: entry.key, value: entry.value, display, file: path, line: entry.line });
    }
  }
  for (const [key, entry] of service.environment) {
    byKey.set(key, { key, value: entry.value, display: entry.display, file: entry.file, line: entry.line });
  }
  return [...byKey.values()];
}

function entryPoints(
  services: ReadonlyMap<string, ComposeService>,
  components: ReadonlyMap<string, Component>,
): EntryPoint[] {
  const entries: EntryPoint[] = [];
  for (const service of services.values()) {
    const kind = components.get(service.name)?.kind;
    if (kind === "gateway" && onHostNetwork(service)) {
      const site = service.networkMode!;
      entries.push({
        component: service.name,
        via: "host network",
        evidence: [evidenceAt(site, "compose/host-network", "network_mode: host")],
      });
      continue;
    }
    if (service.ports.length === 0 || kind === undefined || NOT_ENTRY_KINDS.has(kind)) continue;
    const ports = [...service.ports].sort(
      (a, b) => Number(isLoopback(a.value)) - Number(isLoopback(b.value)),
    );
    const described = ports.map((port) => describePort(port.value));
    entries.push({
      component: service.name,
      via: `published port${described.length > 1 ? "s" : ""} ${described.join(", ")}`,
      evidence: ports.map((port) => evidenceAt(port, "compose/published-port", `ports: ${port.value.text}`)),
    });
  }
  return entries;
}

function warn(input: SystemInput, id: string, site: Site, message: string): void {
  input.warnings.push({ id, file: site.file, line: site.line, message });
}
