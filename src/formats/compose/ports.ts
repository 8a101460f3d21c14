/** One `ports` entry as Compose would publish it. */
export interface PublishedPort {
  /** Host port or range; undefined when Compose picks a random host port (`"3000"`). */
  published?: string;
  target: string;
  hostIp?: string;
  protocol?: string;
  /** The entry as written, for evidence. */
  text: string;
}

const PORT = "\\d{1,5}(?:-\\d{1,5})?";
// [host_ip:][published:]target[/protocol]; host_ip may be a bracketed IPv6 address.
const SHORT = new RegExp(
  `^(?:(\\[[0-9A-Fa-f:.]+\\]|[^:\\[\\]]+):(${PORT})?:|(${PORT}):)?(${PORT})(?:/(tcp|udp|sctp))?$`,
);

// A host port left to a variable the inputs do not set (`"${HTTP_PORT}:80"`, the operator's `.env` gives it): the
// entry still publishes the container port, on a host port chosen at deployment.
const VARIABLE = "\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}|\\$[A-Za-z_][A-Za-z0-9_]*";
const SHORT_WITH_VARIABLE = new RegExp(
  `^(?:(\\[[0-9A-Fa-f:.]+\\]|[^:\\[\\]]+):)?(${VARIABLE}):(${PORT})(?:/(tcp|udp|sctp))?$`,
);

/** Parses a short-syntax (`"127.0.0.1:8080:80/tcp"`) or long-syntax (`{published, target}`) entry. */
export function parsePort(entry: unknown): PublishedPort | undefined {
  if (typeof entry === "number") {
    return Number.isInteger(entry) && entry > 0 && entry < 65536
      ? { target: String(entry), text: String(entry) }
      : undefined;
  }
  if (typeof entry === "string") return parseShort(entry.trim());
  if (entry && typeof entry === "object" && !Array.isArray(entry))
    return parseLong(entry as Record<string, unknown>);
  return undefined;
}

/** The groups of SHORT: host IP, host port after an IP, host port alone, target, protocol. */
function shortParts(text: string): (string | undefined)[] | undefined {
  const match = SHORT.exec(text);
  if (match) return match.slice(1);
  const variable = SHORT_WITH_VARIABLE.exec(text);
  return variable ? [variable[1], variable[2], undefined, variable[3], variable[4]] : undefined;
}

function parseShort(text: string): PublishedPort | undefined {
  const parts = shortParts(text);
  if (!parts) return undefined;
  const [hostIp, publishedOnHost, publishedOnAll, target, protocol] = parts;
  const published = publishedOnHost ?? publishedOnAll;
  const port: PublishedPort = { target: target!, text };
  if (published) port.published = published;
  if (hostIp) port.hostIp = hostIp.replace(/^\[|\]$/g, "");
  if (protocol) port.protocol = protocol;
  return port;
}

function parseLong(entry: Record<string, unknown>): PublishedPort | undefined {
  const target = portText(entry.target);
  if (target === undefined) return undefined;
  const published =
    entry.published === undefined || entry.published === null ? undefined : portText(entry.published, true);
  if (entry.published !== undefined && entry.published !== null && published === undefined) return undefined;
  const port: PublishedPort = {
    target,
    text: published ? `published: ${published}, target: ${target}` : `target: ${target}`,
  };
  if (published) port.published = published;
  if (typeof entry.host_ip === "string") port.hostIp = entry.host_ip;
  if (typeof entry.protocol === "string") port.protocol = entry.protocol;
  return port;
}

function portText(value: unknown, orVariable = false): string | undefined {
  const text =
    typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : undefined;
  return text !== undefined && new RegExp(`^(?:${PORT}${orVariable ? `|${VARIABLE}` : ""})$`).test(text)
    ? text
    : undefined;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export function isLoopback(port: PublishedPort): boolean {
  return port.hostIp !== undefined && LOOPBACK.test(port.hostIp);
}

/** How the port reads in a `via`: `8080`, `127.0.0.1:9229`, `random->3000`. */
export function describePort(port: PublishedPort): string {
  const host = port.published ?? `random->${port.target}`;
  return port.hostIp && port.hostIp !== "0.0.0.0" ? `${port.hostIp}:${host}` : host;
}
