import { redactEnv, redactText } from "../../graph/redact.js";
import { hostReferences, looksLikeHostKey, type HostReference } from "./hosts.js";

/**
 * Hosts named in a configuration file a container reads: a proxy's upstreams (nginx `proxy_pass` and `upstream`
 * `server` lines, Envoy `socket_address.address`, HAProxy `server`, Caddy `reverse_proxy`, Traefik file-provider
 * `url`, YARP `Address` and Ocelot `Host`), or any `key = value` / `key: value` line naming a host. Read line by line,
 * so each host is cited at its own line, and whatever the syntax, so every proxy and application format is covered
 * by the same rule: a URL, a `host:port`, a connection string, or a bare host after a key that names a host.
 */

export interface ConfigLineMention {
  /** 0-based line within the text. */
  offset: number;
  references: HostReference[];
  /** The line as evidence may show it, secrets redacted. */
  shown: string;
}

const MAX_CONFIG_LINES = 20_000;
const MAX_CONFIG_LINE = 4096;
// Anchored, with neighbouring parts that cannot match the same characters: linear on any line.
// A key may open a flow mapping or list item (`{"Host": "api", "Port": 80}`, `{ address: api }`).
const CONFIG_KEY = /^[ \t]*(?:[{[-][ \t]*)?["']?([A-Za-z_][\w.-]*)["']?[ \t]*[:=]/;
const QUOTED = /^(["'])(.*?)\1/;
// `#` (nginx, YAML, HAProxy, Caddy, TOML), `//` (JSON with comments), `;` (INI): a commented-out upstream is not one.
const COMMENT = /^\s*(#|\/\/|;)/;
// nginx names a group of servers in an `upstream NAME {` block and proxies to the group by that name
// (`proxy_pass http://NAME;`, no port): the group's `server` lines are the hosts, its name is none.
const NGINX_UPSTREAM_GROUP = /^[ \t]*upstream[ \t]+([\w.-]+)[ \t]*\{/;
// JSON Schema's `$schema`, `$id` and `$ref` name the document that describes the file, for editors and validators;
// nothing fetches them at run time (`"$schema": "https://flagd.dev/schema/v0/flags.json"`).
const SCHEMA_REFERENCE = /^[ \t]*(?:[{[-][ \t]*)?["']?\$(?:schema|id|ref)["']?[ \t]*[:=]/;
// A YAML list item `- cadvisor:8080` is one scalar (a mapping key needs a space after its colon), as in
// Prometheus' scrape `targets` or a broker list: a host and port, not a key `cadvisor` with the value 8080.
const LIST_HOST_PORT = /^[ \t]*-[ \t]+(["']?)([A-Za-z0-9][\w.-]*:\d+)\1[ \t]*$/;
// A flow list of values (`targets: ['grafana:3000', 'loki:3100']`): each item is read as a value of its own.
const FLOW_LIST = /^\[([^[\]]*)\]$/;

export function configLineMentions(text: string): ConfigLineMention[] {
  const mentions: ConfigLineMention[] = [];
  const lines = text.split("\n", MAX_CONFIG_LINES);
  const groups = upstreamGroups(lines);
  lines.forEach((line, offset) => {
    // Hosts are never found in longer lines, and the pattern below must not see unbounded input.
    if (line.length > MAX_CONFIG_LINE || COMMENT.test(line) || SCHEMA_REFERENCE.test(line)) return;
    const listed = LIST_HOST_PORT.exec(line)?.[2];
    const assignment = listed === undefined ? CONFIG_KEY.exec(line) : null;
    const key = assignment?.[1];
    const rest = assignment ? line.slice(assignment[0].length).trim() : line;
    const quoted = assignment ? QUOTED.exec(rest) : null;
    const value =
      listed ??
      (quoted ? quoted[2]! : assignment ? flowItems(unquote(rest.replace(/[,;]$/, "").trim())) : line);
    const references = hostReferences(value, key !== undefined && looksLikeHostKey(key)).filter(
      (reference) =>
        !(reference.form === "url" && reference.port === undefined && groups.has(reference.host)),
    );
    if (references.length === 0) return;
    const shown = key !== undefined ? redactEnv(key, value) : redactText(line.trim().slice(0, 200));
    mentions.push({ offset, references, shown });
  });
  return mentions;
}

function upstreamGroups(lines: string[]): Set<string> {
  const groups = new Set<string>();
  for (const line of lines) {
    const name = line.length <= MAX_CONFIG_LINE ? NGINX_UPSTREAM_GROUP.exec(line)?.[1] : undefined;
    if (name !== undefined) groups.add(name.toLowerCase());
  }
  return groups;
}

/** The items of a flow list, unquoted and comma-separated; any other value as it is. */
function flowItems(value: string): string {
  const inner = FLOW_LIST.exec(value)?.[1];
  return inner === undefined
    ? value
    : inner
        .split(",")
        .map((item) => unquote(item.trim()))
        .join(", ");
}

export function unquote(value: string): string {
  return value.replace(/^["']|["']$/g, "");
}
