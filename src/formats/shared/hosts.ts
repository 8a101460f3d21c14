/**
 * Finds the hosts an environment value, argument or config string points at: bare hosts, `host:port`,
 * URLs/DSNs (`postgres://user:pass@db:5432/app`, `mongodb://a,b/`, `jdbc:mysql://db/x`,
 * `jdbc:sqlserver://db;databaseName=x`), Go's MySQL DSN (`user:pass@tcp(db:3306)/app`), Oracle thin
 * (`jdbc:oracle:thin:@db:1521:XE`), keyword connection strings (`Server=db,1433;Database=app`,
 * `host=db port=5432 dbname=app`) and host lists with options (`cache:6379,password=...`, `k1:9092,k2:9092`).
 */

import { isSecretKey } from "../../graph/redact.js";

export type HostForm = "url" | "host-port" | "bare";

export interface HostReference {
  host: string;
  port?: number;
  scheme?: string;
  form: HostForm;
}

const HOST_LABEL = "[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?";
const HOSTNAME = `${HOST_LABEL}(?:\\.${HOST_LABEL})*`;
const BARE_HOST = new RegExp(`^${HOSTNAME}$`);
const HOST_PORT = new RegExp(`^(${HOSTNAME}):(\\d{1,5})$`);
const URL_IN_TEXT = /\b([A-Za-z][A-Za-z0-9+.-]*):\/\/([^\s"'`<>]+)/g;
// Go's MySQL driver: `user:password@tcp(host:port)/dbname`.
const GO_MYSQL_DSN = /@(?:tcp|tcp4|tcp6)\(([^()\s]+)\)/g;
// Oracle thin without `//`: `jdbc:oracle:thin:@host:port:SID` or `...:thin:user/password@host:port/service`.
const ORACLE_THIN = /:thin:(?:[^\s@]*)@(?:\/\/)?([^\s:/]+)(?::(\d{1,5}))?/gi;
// ADO.NET and libpq style: the keyword names the host, so it needs no host-like key around it.
const KEYWORD_HOST =
  /(?:^|[;\s])(?:server|host|hostname|data source|address|addr|network address)\s*=\s*(?:tcp:)?([^;\s]+)/gi;
const DIGITS = /^\d+$/;
// A bare word in capitals is a constant (`KAFKA_INTER_BROKER_LISTENER_NAME=LC`, `PLAINTEXT`), and a switch's value
// (`SERVER_TOMCAT_ACCESSLOG_ENABLED=true`) a boolean: neither is a service's name.
const CONSTANT = /^[A-Z][A-Z0-9_]*$/;
const SWITCH_VALUE = /^(?:true|false|yes|no|on|off|none|null|enabled|disabled)$/i;
// Templates ship a placeholder the operator must overwrite (`BASE_URL=replace-me`, `DB_HOST=changeme`): no host yet.
const PLACEHOLDER = /^(?:replace[-_]?me|change[-_]?me|changeit|placeholder|todo|tbd|x{3,})$/i;

/**
 * Keys whose bare value is a host name rather than a mode, a flag or a label. .NET reads connection strings
 * from the `ConnectionStrings` section (`ConnectionStrings__Redis=basketdata` in the environment).
 */
const HOST_KEY =
  /(HOST|HOSTNAME|ADDR|ADDRESS|SERVER|SERVERS|URL|URI|ENDPOINT|BROKER|BROKERS|NODES|UPSTREAM|BACKEND|DSN|CONNECTION|CONNECTIONSTRINGS?|SERVICE_NAME|SVC)($|_|:)/i;

/**
 * A key that is only the name of a store or broker says where that store runs (`REDIS=azure-vote-back` in the
 * AKS quick start), and so does one naming what the store keeps before it (`SESSION_REDIS=mushop-session`,
 * `CACHE_REDIS`): sessions, a cache, locks and rate limits live in a store instance, nowhere else. With anything
 * else around the name (`LOG_LEVEL_KAFKA=warn`, `EVENTS_KAFKA=orders`, a topic) the value is about something else.
 */
const STORE_KEY =
  /^(?:(?:SESSIONS?|CACHE|LOCKS?|RATE_?LIMIT(?:ER)?)_)?(?:REDIS|MEMCACHED|MONGO|MONGODB|POSTGRES|POSTGRESQL|MYSQL|MARIADB|CASSANDRA|ELASTICSEARCH|RABBITMQ|KAFKA|NATS)$/i;

/**
 * The name a service reports itself under in traces (OpenTelemetry's `OTEL_SERVICE_NAME`, the `service.name`
 * resource attribute; Jaeger's and Elastic APM's equivalents), with any prefix (`WEB_OTEL_SERVICE_NAME` for a
 * browser app): a label, not the address of another service.
 */
const TELEMETRY_NAME_KEY = /(?:^|_)(?:OTEL|JAEGER|ELASTIC_APM)_SERVICE_NAME$/i;

// AMQP's virtual host (`RABBITMQ_VHOST=plane`) is a namespace inside the broker, not a machine on the network.
const VIRTUAL_HOST_KEY = /(?:^|_)VHOST$/i;

/**
 * A backend for a kind of work (`PENPOT_OBJECTS_STORAGE_BACKEND=fs`, Django's `EMAIL_BACKEND`, Celery's
 * `RESULT_BACKEND`) picks an implementation, not a host: only a URL in it names one (`redis://cache:6379`).
 */
const IMPLEMENTATION_KEY =
  /(?:^|_)(?:STORAGE|CACHE|SESSION|RESULT|QUEUE|SEARCH|E?MAIL|AUTH|LOG|LOGGING|METRICS|TRACING|SECRETS?|STATE|LOCK|BLOB|FILES?)_BACKEND$/i;

/**
 * A key ending in who logs in (Django's `EMAIL_HOST_USER`, `DB_SERVER_LOGIN`, `SMTP_HOST_USERNAME`,
 * `SERVICE_PRINCIPAL`) holds a user name, even when the thing it logs in to is named before it.
 */
const LOGIN_NAME_KEY = /(?:^|_)(?:USER|USERNAME|USER_NAME|LOGIN|ACCOUNT|PRINCIPAL)$/i;

/**
 * A key naming a path, a route or a prefix (`POWERSYNC_URL_PATH=ps`, `SERVER_BASE_PATH`, `API_ROUTE`,
 * `URL_PREFIX`) holds the part of a URL after the host: its bare value is a path segment, never a host. A full URL
 * in it still names one.
 */
const PATH_KEY = /(?:^|_)(?:PATH|PATHS|PATHNAME|PREFIX|ROUTE|ROUTES)$/i;

/** A credential's value (`LIVE_SERVER_SECRET_KEY=2FiJk...`) is never an address, whatever word its key holds. */
export function looksLikeHostKey(key: string): boolean {
  if (
    isSecretKey(key) ||
    LOGIN_NAME_KEY.test(key) ||
    VIRTUAL_HOST_KEY.test(key) ||
    IMPLEMENTATION_KEY.test(key) ||
    PATH_KEY.test(key)
  )
    return false;
  return (HOST_KEY.test(key) && !TELEMETRY_NAME_KEY.test(key)) || STORE_KEY.test(key);
}

/** Every host named in `value`. A bare word counts only when `allowBare` (the key says it is a host). */
export function hostReferences(value: string, allowBare = false): HostReference[] {
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > 4096) return [];
  // Each form needs a character most values lack (`://`, `@`, `:`, `=`): a value without it is spared the scan.
  const urls = trimmed.includes("://") ? [...trimmed.matchAll(URL_IN_TEXT)] : [];
  if (urls.length > 0) return urls.flatMap((match) => urlHosts(match[1]!.toLowerCase(), match[2]!));
  const dsns = trimmed.includes("@") ? [...trimmed.matchAll(GO_MYSQL_DSN)] : [];
  if (dsns.length > 0) return dsns.flatMap((match) => keywordHost(match[1]!));
  const oracle = trimmed.includes(":") ? [...trimmed.matchAll(ORACLE_THIN)] : [];
  if (oracle.length > 0)
    return oracle.flatMap((match) => keywordHost(match.slice(1, 3).filter(Boolean).join(":")));
  const keywords = trimmed.includes("=") ? [...trimmed.matchAll(KEYWORD_HOST)] : [];
  if (keywords.length > 0) return keywords.flatMap((match) => keywordHost(match[1]!));
  const references: HostReference[] = [];
  for (const part of trimmed.split(/[\s,;]+/)) {
    const hostPort = HOST_PORT.exec(part);
    // `10:30` is a time or a ratio, not host `10`.
    if (hostPort && DIGITS.test(hostPort[1]!)) continue;
    if (hostPort)
      references.push({ host: hostPort[1]!.toLowerCase(), port: Number(hostPort[2]), form: "host-port" });
    else if (allowBare && BARE_HOST.test(part) && !/^\d+(\.\d+)*$/.test(part) && !isConstant(part)) {
      references.push({ host: part.toLowerCase(), form: "bare" });
    }
  }
  return references;
}

function isConstant(word: string): boolean {
  return CONSTANT.test(word) || SWITCH_VALUE.test(word) || PLACEHOLDER.test(word);
}

/** `db`, `db,1433` (SQL Server) or `db:5432`. */
function keywordHost(text: string): HostReference[] {
  const match = new RegExp(`^(${HOSTNAME})(?:[,:](\\d{1,5}))?$`).exec(text);
  if (!match || DIGITS.test(match[1]!)) return [];
  const host = match[1]!.toLowerCase();
  return match[2] ? [{ host, port: Number(match[2]), form: "host-port" }] : [{ host, form: "bare" }];
}

function urlHosts(scheme: string, rest: string): HostReference[] {
  // `jdbc:sqlserver://db:1433;databaseName=x` puts its properties after `;`.
  const authority = rest.split(/[/?#;]/, 1)[0] ?? "";
  // nginx glues a variable to the upstream (`proxy_pass http://api:8080$request_uri;`): the host ends where it starts.
  const hosts = authority.slice(authority.lastIndexOf("@") + 1).split("$", 1)[0]!;
  const references: HostReference[] = [];
  for (const hostPort of hosts.split(",")) {
    const match = new RegExp(`^(${HOSTNAME}|\\[[0-9a-fA-F:]+\\])(?::(\\d{1,5}))?$`).exec(hostPort);
    if (!match) continue;
    const reference: HostReference = { host: match[1]!.toLowerCase(), scheme, form: "url" };
    if (match[2]) reference.port = Number(match[2]);
    references.push(reference);
  }
  return references;
}

// Private-use and reserved suffixes (RFC 2606, RFC 6762, RFC 8375) and common intranet ones.
const LOCAL_SUFFIXES = [
  ".local",
  ".internal",
  ".localhost",
  ".localdomain",
  ".svc",
  ".lan",
  ".home.arpa",
  ".consul",
  ".test",
  ".invalid",
  ".intranet",
  ".corp",
];

/**
 * True for hosts that are plainly on the internet (a dotted name under a public-looking TLD),
 * so a URL to them is an `external` component rather than an unresolved internal name.
 */
export function isExternalHost(host: string): boolean {
  if (!host.includes(".") || /^[\d.]+$/.test(host) || host.startsWith("[")) return false;
  if (LOCAL_SUFFIXES.some((suffix) => host.endsWith(suffix)) || host.includes(".svc.")) return false;
  const tld = host.slice(host.lastIndexOf(".") + 1);
  // Any country code, or a generic TLD seen in real configs; `kafka-0.kafka` (a headless Service) is not public.
  return /^[a-z]{2}$/.test(tld) || PUBLIC_GENERIC_TLDS.has(tld);
}

const PUBLIC_GENERIC_TLDS = new Set(
  "com net org edu gov mil int info biz name pro io dev app ai cloud tech online site xyz store shop page run services systems network digital email global".split(
    " ",
  ),
);
