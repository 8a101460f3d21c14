/**
 * What a container image reference says about identity: which repository it comes from (whatever the tag, digest or
 * registry), and which wire protocol a store image speaks, so a store swapped for a drop-in replacement (Redis for
 * Valkey, MySQL for MariaDB) can be told from a store replaced by a different one.
 */

/** `docker.io/library/redis:7.2@sha256:…` -> `redis`; `ghcr.io/acme/api:2` -> `acme/api`. */
export function imageRepository(image: string): string {
  const withoutDigest = image.trim().toLowerCase().split("@", 1)[0]!;
  const lastSlash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.indexOf(":", lastSlash + 1);
  const name = colon < 0 ? withoutDigest : withoutDigest.slice(0, colon);
  const segments = name.split("/");
  // A first segment with a dot or a port, or `localhost`, is a registry host, not part of the name.
  const first = segments[0] ?? "";
  if (segments.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost"))
    segments.shift();
  if (segments.length > 1 && segments[0] === "library") segments.shift();
  return segments.join("/");
}

/**
 * Images whose servers speak one client protocol: clients, URLs and drivers carry over unchanged. Matched on the
 * repository's last segment, exactly or as a prefix followed by `-` (`redis-stack-server`), longest match first.
 */
const WIRE_FAMILIES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ["redis", ["redis", "redis-stack", "valkey", "keydb", "dragonfly", "garnet"]],
  ["mysql", ["mysql", "mysql-server", "mariadb", "percona", "percona-server"]],
  ["postgres", ["postgres", "postgresql", "postgis", "timescaledb", "pgvector"]],
  [
    "mongodb",
    [
      "mongo",
      "mongodb",
      "mongodb-community-server",
      "mongodb-enterprise-server",
      "percona-server-mongodb",
      "ferretdb",
      "documentdb",
    ],
  ],
  ["kafka", ["kafka", "cp-kafka", "cp-server", "confluent-local", "redpanda"]],
  ["memcached", ["memcached"]],
  ["amqp", ["rabbitmq"]],
];

const FAMILY_BY_TOKEN = new Map(WIRE_FAMILIES.flatMap(([family, tokens]) => tokens.map((t) => [t, family])));

/** The wire protocol a store image speaks (`redis` for `valkey/valkey:8`), or undefined for other images. */
export function wireFamily(image: string): string | undefined {
  const repository = imageRepository(image);
  const segment = repository.slice(repository.lastIndexOf("/") + 1);
  let best: string | undefined;
  for (const token of FAMILY_BY_TOKEN.keys()) {
    if (segment !== token && !segment.startsWith(`${token}-`)) continue;
    if (best === undefined || token.length > best.length) best = token;
  }
  return best === undefined ? undefined : FAMILY_BY_TOKEN.get(best);
}
