import type {
  Component,
  ComponentKind,
  Edge,
  EntryPoint,
  Evidence,
  ExtractionWarning,
  SystemGraph,
} from "../../graph/model.js";
import { edgeKey } from "../../graph/model.js";
import { redactEnv, redactText } from "../../graph/redact.js";
import { hostReferences, isExternalHost, looksLikeHostKey } from "../shared/hosts.js";
import { kindFromImage } from "../shared/image-kind.js";
import type { EnvEntry } from "./env-file.js";
import { resolveRelative } from "./files.js";
import { describePort, isLoopback } from "./ports.js";
import { providerHost } from "./providers.js";
import { pickResources } from "./resources.js";
import type { ComposeService, Site } from "./service.js";

export interface SystemInput {
  id: string;
  services: ReadonlyMap<string, ComposeService>;
  /** Entries of an input env file (values interpolated), or undefined when the file was not read. */
  envFile(path: string): EnvEntry[] | undefined;
  warnings: ExtractionWarning[];
  notes: Set<string>;
}

// Behind a published port these are reached by an operator's tools, not by the system's clients.
const NOT_ENTRY_KINDS: ReadonlySet<ComponentKind> = new Set(["datastore", "cache", "queue"]);

export function buildSystem(input: SystemInput): SystemGraph {
  const components = new Map<string, Component>();
  for (const service of input.services.values()) components.set(service.name, toComponent(service, input.id));
  const edges = new Map<string, Edge>();
  const addEdge = (from: string, to: string, evidence: Evidence): void => {
    if (from === to) return;
    const key = edgeKey({ from, to });
    const edge = edges.get(key) ?? { from, to, kind: "sync" as const, evidence: [] };
    const known = edge.evidence.some(
      (item) =>
        item.file === evidence.file &&
        item.line === evidence.line &&
        item.rule === evidence.rule &&
        item.detail === evidence.detail,
    );
    if (!known) edge.evidence.push(evidence);
    edges.set(key, edge);
  };
  const hosts = hostNames(input.services);

  for (const service of input.services.values()) {
    for (const [target, site] of service.dependsOn) {
      if (input.services.has(target))
        addEdge(service.name, target, evidence(site, "compose/depends-on", `depends_on: ${target}`));
      else
        warn(
          input,
          "compose/unknown-depends-on",
          site,
          `service ${service.name} depends on ${target}, which is not a service of this project`,
        );
    }
    const linkAliases = new Map<string, string>();
    for (const [text, link] of service.links) {
      if (!input.services.has(link.value.service)) {
        warn(
          input,
          "compose/unknown-link",
          link,
          `service ${service.name} links to ${link.value.service}, which is not a service of this project`,
        );
        continue;
      }
      if (link.value.alias) linkAliases.set(link.value.alias.toLowerCase(), link.value.service);
      addEdge(service.name, link.value.service, evidence(link, "compose/links", `links: ${text}`));
    }
    const addExternal = (host: string, entry: EnvSource, rule: string, detail: string): void => {
      if (!components.has(host)) components.set(host, externalComponent(host, entry, input.id));
      addEdge(service.name, host, evidence(entry, rule, detail));
    };
    for (const entry of effectiveEnvironment(service, input)) {
      const provider = providerHost(entry.key, entry.value);
      if (provider !== undefined && !hosts.has(provider)) {
        addExternal(provider, entry, "compose/provider-key", `env ${redactEnv(entry.key, entry.display)}`);
      }
      for (const reference of hostReferences(entry.value, looksLikeHostKey(entry.key))) {
        const detail = `env ${redactEnv(entry.key, entry.display)}`;
        const target = linkAliases.get(reference.host) ?? hosts.get(reference.host);
        if (target !== undefined) {
          addEdge(service.name, target, evidence(entry, "compose/env-host", detail));
        } else if (reference.form === "url" && isExternalHost(reference.host)) {
          addExternal(reference.host, entry, "compose/env-host", detail);
        }
      }
    }
  }
  for (const edge of edges.values()) edge.kind = components.get(edge.to)?.kind === "queue" ? "async" : "sync";

  return {
    id: input.id,
    format: "compose",
    components: [...components.values()],
    edges: [...edges.values()],
    entryPoints: entryPoints(input.services, components),
  };
}

function toComponent(service: ComposeService, system: string): Component {
  const image = service.image?.value;
  const kind = (image ? kindFromImage(image) : undefined) ?? "service";
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
  if (service.build) attributes.build = true;
  if (service.profiles && service.profiles.length > 0) attributes.profiles = service.profiles.join(", ");
  if (NOT_ENTRY_KINDS.has(kind) && service.ports.length > 0) {
    attributes.publishedPorts = service.ports.map((port) => describePort(port.value)).join(", ");
  }
  if (Object.keys(attributes).length > 0) component.attributes = attributes;
  return component;
}

function externalComponent(host: string, site: Site, system: string): Component {
  return { name: host, kind: "external", system, location: { file: site.file, line: site.line } };
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
    const path = resolveRelative(ref.file, ref.value.path);
    const entries = path === undefined ? undefined : input.envFile(path);
    if (!entries) {
      input.notes.add(
        `compose: env_file ${ref.value.path} of service ${service.name} (${ref.file}) is not among the files read; its variables were not checked`,
      );
      continue;
    }
    for (const entry of entries) {
      const display = entry.display ?? entry.value;
      byKey.set(entry.key, { key: entry.key, value: entry.value, display, file: path!, line: entry.line });
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
    if (service.ports.length === 0 || kind === undefined || NOT_ENTRY_KINDS.has(kind)) continue;
    const ports = [...service.ports].sort(
      (a, b) => Number(isLoopback(a.value)) - Number(isLoopback(b.value)),
    );
    const described = ports.map((port) => describePort(port.value));
    entries.push({
      component: service.name,
      via: `published port${described.length > 1 ? "s" : ""} ${described.join(", ")}`,
      evidence: ports.map((port) => evidence(port, "compose/published-port", `ports: ${port.value.text}`)),
    });
  }
  return entries;
}

function evidence(site: Site, rule: string, detail: string): Evidence {
  return { file: site.file, line: site.line, rule, detail: redactText(detail) };
}

function warn(input: SystemInput, id: string, site: Site, message: string): void {
  input.warnings.push({ id, file: site.file, line: site.line, message });
}
