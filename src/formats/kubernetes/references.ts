import { redactEnv, redactText } from "../../graph/redact.js";
import { configLineMentions, unquote } from "../shared/config-lines.js";
import { hostReferences, looksLikeHostKey, type HostReference } from "../shared/hosts.js";
import { isMapping, type YamlPath } from "../shared/yaml.js";
import { lineBelow, type Json, type KubeObject } from "./objects.js";
import type { Workload } from "./workloads.js";

const SQL_SCRIPT = /\.sql$/i;

/** A host named somewhere a workload reads its configuration, with the evidence to show for it. */
export interface HostMention {
  reference: HostReference;
  rule: string;
  detail: string;
  file: string;
  line: number;
  /** Named by an init container: it runs to completion before the workload starts. */
  init?: boolean;
  /** Read from this ConfigMap loaded whole through `envFrom`. */
  wholeConfigMap?: string;
}

export type ConfigMapLookup = (namespace: string, name: string) => KubeObject | undefined;

/** Every host a workload's containers name in env, envFrom ConfigMaps, args, command and mounted ConfigMaps. */
export function hostMentions(workload: Workload, configMap: ConfigMapLookup): HostMention[] {
  const reader = new MentionReader(workload, configMap);
  for (const container of workload.containers) {
    const from = reader.mentions.length;
    reader.env(container.path);
    reader.envFrom(container.path);
    reader.commandLine(container.path);
    if (container.init) for (const mention of reader.mentions.slice(from)) mention.init = true;
  }
  for (const name of mountedConfigMaps(workload)) reader.configFiles(name);
  reader.consulUpstreams();
  return reader.mentions;
}

/**
 * Hosts only init containers name are start-up order, Kubernetes' `depends_on`: an init container runs to
 * completion before the workload starts (a `until pg_isready -h db` loop), so it is no call on a request path.
 */
export function startOrderOnly(mentions: HostMention[]): { calls: HostMention[]; startOrder: HostMention[] } {
  const namedByMain = new Set(mentions.filter((mention) => !mention.init).map(hostOf));
  const startOrder = mentions.filter((mention) => mention.init && !namedByMain.has(hostOf(mention)));
  return { calls: mentions.filter((mention) => !startOrder.includes(mention)), startOrder };
}

function hostOf(mention: HostMention): string {
  return mention.reference.host.toLowerCase();
}

class MentionReader {
  readonly mentions: HostMention[] = [];

  constructor(
    private readonly workload: Workload,
    private readonly configMap: ConfigMapLookup,
  ) {}

  env(container: YamlPath): void {
    const { object, fields } = this.workload;
    const env = fields.at([...container, "env"], "list") ?? [];
    // `$(NAME)` in a value is replaced by the container's earlier variable NAME, as the kubelet does.
    const earlier = new Map<string, string>();
    env.forEach((_entry, index) => {
      const path = [...container, "env", index];
      const name = fields.at([...path, "name"], "string");
      if (name === undefined) return;
      const written = fields.at([...path, "value"], "string");
      if (fields.at([...path, "valueFrom", "fieldRef", "fieldPath"], "string") === "metadata.namespace")
        earlier.set(name, this.workload.namespace);
      if (written !== undefined) {
        const value = written.replace(
          VARIABLE_REFERENCE,
          (reference, variable: string) => earlier.get(variable) ?? reference,
        );
        earlier.set(name, value);
        this.add(
          this.hosts(value, looksLikeHostKey(name)),
          "kubernetes/env-host",
          () => redactEnv(name, written),
          object.file,
          () => object.lineOf([...path, "value"]),
        );
        return;
      }
      // Only ConfigMap keys are read; secretKeyRef values never enter the graph.
      const ref = fields.at([...path, "valueFrom", "configMapKeyRef"], "mapping");
      if (!ref || typeof ref.name !== "string" || typeof ref.key !== "string") return;
      const { name: mapName, key } = ref;
      const found = this.fromConfigMap(mapName, key);
      const data = found?.data[key];
      if (!found || typeof data !== "string") return;
      this.add(
        this.hosts(data, looksLikeHostKey(name) || looksLikeHostKey(key)),
        "kubernetes/configmap-env",
        () => `${redactEnv(name, data)} (ConfigMap ${mapName})`,
        found.map.file,
        () => found.map.lineOf(["data", key]),
      );
    });
  }

  envFrom(container: YamlPath): void {
    const { fields } = this.workload;
    const envFrom = fields.at([...container, "envFrom"], "list") ?? [];
    envFrom.forEach((_entry, index) => {
      const ref = fields.at([...container, "envFrom", index, "configMapRef"], "mapping");
      if (!ref || typeof ref.name !== "string") return;
      const found = this.fromConfigMap(ref.name);
      if (!found) return;
      const from = this.mentions.length;
      for (const [key, value] of Object.entries(found.data)) {
        if (typeof value !== "string") continue;
        this.add(
          this.hosts(value, looksLikeHostKey(key)),
          "kubernetes/configmap-env",
          () => `${redactEnv(key, value)} (ConfigMap ${ref.name})`,
          found.map.file,
          () => found.map.lineOf(["data", key]),
        );
      }
      for (const mention of this.mentions.slice(from)) mention.wholeConfigMap = ref.name;
    });
  }

  commandLine(container: YamlPath): void {
    const { object, fields } = this.workload;
    for (const key of ["command", "args"] as const) {
      const list = fields.at([...container, key], "list") ?? [];
      list.forEach((item, index) => {
        if (typeof item !== "string") return;
        const detail = () => redactText(item.slice(0, 200));
        const line = () => object.lineOf([...container, key, index]);
        for (const part of commandParts(item))
          this.add(this.hosts(part.value, part.hostKey), "kubernetes/args-host", detail, object.file, line);
      });
    }
  }

  /** Each line of each key of a mounted ConfigMap: a proxy's upstreams, `key = value` lines naming hosts. */
  configFiles(name: string): void {
    const found = this.fromConfigMap(name);
    if (!found) return;
    for (const [key, value] of Object.entries(found.data)) {
      // A SQL script (a database's init scripts) is data for the database: its URLs are in comments or rows.
      if (typeof value !== "string" || SQL_SCRIPT.test(key)) continue;
      const multiline = value.includes("\n");
      for (const mention of configLineMentions(value)) {
        // A block scalar starts on the line after its key.
        const line = lineBelow(found.map, ["data", key], multiline ? 1 + mention.offset : 0);
        this.add(
          mention.references,
          "kubernetes/configmap-file",
          () => `${key}: ${mention.shown} (ConfigMap ${name})`,
          found.map.file,
          () => line,
        );
      }
    }
  }

  /**
   * Consul's service mesh without transparent proxy: the pod lists the services it calls in an annotation
   * (`payment-api:9091`, `payment-api.billing:9091`, `payment-api.svc.billing.ns:9091`, with an optional datacenter
   * after the port) and the application talks to the sidecar on localhost, so the annotation is where the calls are.
   */
  consulUpstreams(): void {
    const { object, fields, podSpecPath } = this.workload;
    const path = [...podSpecPath.slice(0, -1), "metadata", "annotations", CONSUL_UPSTREAMS];
    const value = fields.at(path, "string");
    if (value === undefined) return;
    const references = value.split(",", 1000).flatMap((entry) => consulUpstream(entry.trim()));
    this.add(
      references,
      "kubernetes/consul-upstream",
      () => `annotation ${CONSUL_UPSTREAMS}: ${redactText(value.slice(0, 200))}`,
      object.file,
      () => object.lineOf(path),
    );
  }

  /**
   * Manifests applied to a namespace chosen at install time write the namespace as a placeholder the application or
   * a substitution step fills in (`location.<NAMESPACE>:8081`, `db.${NAMESPACE}.svc`, an unset `$(POD_NAMESPACE)`):
   * the Service is the one of that name beside the workload.
   */
  private hosts(value: string, hostKey: boolean): HostReference[] {
    const linked = serviceLinksFilled(value);
    const filled =
      linked.length <= MAX_HOST_VALUE && linked.includes(".")
        ? linked.replace(NAMESPACE_PLACEHOLDER, `$1.${this.workload.namespace}`)
        : linked;
    return hostReferences(filled, hostKey);
  }

  /**
   * Most values name no host: their evidence (redacted text, line lookup) is only worked out for those that do.
   */
  private add(
    references: HostReference[],
    rule: string,
    detail: () => string,
    file: string,
    line: () => number,
  ): void {
    if (references.length === 0) return;
    const shown = detail();
    const at = line();
    for (const reference of references)
      this.mentions.push({ reference, rule, detail: shown, file, line: at });
  }

  /** The data of a ConfigMap in the workload's namespace, or only its `key`. */
  private fromConfigMap(name: string, key?: string): { map: KubeObject; data: Json } | undefined {
    const map = this.configMap(this.workload.namespace, name);
    const data = map && isMapping(map.value.data) ? map.value.data : undefined;
    if (!map || !data) return undefined;
    return { map, data: key === undefined ? data : { [key]: data[key] } };
  }
}

// Longer values name no host (the host reader gives up on them too): spared the placeholder scan.
const MAX_HOST_VALUE = 4096;
const VARIABLE_REFERENCE = /(?<!\$)\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g;
// A placeholder (`<NAMESPACE>`, `${NAMESPACE}`, `$(NAMESPACE)`, `{{ .Namespace }}`) as the label after a Service name.
const NAMESPACE_PLACEHOLDER =
  /([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)\.(?:<[A-Za-z_][\w-]{0,62}>|\$\{[A-Za-z_]\w{0,62}\}|\$\([A-Za-z_]\w{0,62}\)|\{\{ ?\.?[A-Za-z_][\w.]{0,62} ?\}\})(?=$|[.:/\s,;"'])/g;

/**
 * Kubernetes gives every container the address of each Service in its namespace as service-link variables
 * (`HUB_SERVICE_HOST`, `HUB_SERVICE_PORT`, `HUB_SERVICE_PORT_HTTP` for Service `hub`, `PROXY_API_SERVICE_HOST` for
 * `proxy-api`), which args and env expand (`--default-target=http://$(HUB_SERVICE_HOST):$(HUB_SERVICE_PORT)`) as a
 * shell does (`$HUB_SERVICE_HOST`): the variable names the Service. Its port is the Service's, left out here.
 */
function serviceLinksFilled(value: string): string {
  if (value.length > MAX_HOST_VALUE || !value.includes("_SERVICE_")) return value;
  return value
    .replace(SERVICE_LINK_PORT, "")
    .replace(SERVICE_LINK_HOST, (_link, service: string) => service.toLowerCase().replace(/_/g, "-"));
}

const SERVICE_LINK_HOST = /(?<!\$)\$[({]?([A-Z][A-Z0-9_]{0,62}?)_SERVICE_HOST\b[)}]?/g;
const SERVICE_LINK_PORT = /:\$[({]?[A-Z][A-Z0-9_]{0,62}?_SERVICE_PORT(?:_[A-Z0-9_]{1,63})?\b[)}]?/g;

const CONSUL_UPSTREAMS = "consul.hashicorp.com/connect-service-upstreams";
// `name[.namespace]:port[:datacenter]`, or the labelled form `name.svc.namespace.ns[.peer.peer|.partition.ap]:port`.
const CONSUL_UPSTREAM =
  /^([a-z0-9][a-z0-9-]*)(?:\.svc)?(?:\.([a-z0-9][a-z0-9-]*)(?:\.ns)?)?(?:\.[a-z0-9-]+\.(?:peer|ap|dc))?:(\d{1,5})(?::[\w-]+)?$/i;

function consulUpstream(entry: string): HostReference[] {
  // A prepared query names a Consul query, not a service.
  if (entry.startsWith("prepared_query:")) return [];
  const match = CONSUL_UPSTREAM.exec(entry);
  if (!match) return [];
  const host = match[2] ? `${match[1]!}.${match[2]}` : match[1]!;
  return [{ host: host.toLowerCase(), port: Number(match[3]), form: "host-port" }];
}

/** `--redis=redis:6379` is read as key `redis`, value `redis:6379`; other words as they are. */
function commandParts(text: string): { value: string; hostKey: boolean }[] {
  if (text.length > 4096) return text.split(/\s+/).map((value) => ({ value, hostKey: false }));
  const parts: { value: string; hostKey: boolean }[] = [];
  for (const word of text.split(/\s+/)) {
    const flag = /^-{1,2}([\w.-]+)=(.+)$/.exec(word);
    if (flag)
      parts.push({ value: unquote(flag[2]!), hostKey: looksLikeHostKey(flag[1]!.replace(/[-.]/g, "_")) });
  }
  if (parts.length === 0 || /:\/\//.test(text)) parts.push({ value: text, hostKey: false });
  return parts;
}

function mountedConfigMaps(workload: Workload): string[] {
  const names: string[] = [];
  const volumes = workload.fields.at([...workload.podSpecPath, "volumes"], "list") ?? [];
  for (const volume of volumes) {
    if (!isMapping(volume)) continue;
    if (isMapping(volume.configMap) && typeof volume.configMap.name === "string")
      names.push(volume.configMap.name);
    const sources =
      isMapping(volume.projected) && Array.isArray(volume.projected.sources) ? volume.projected.sources : [];
    for (const source of sources) {
      if (isMapping(source) && isMapping(source.configMap) && typeof source.configMap.name === "string")
        names.push(source.configMap.name);
    }
  }
  return names;
}
