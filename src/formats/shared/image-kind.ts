import type { ComponentKind } from "../../graph/model.js";

/**
 * Component kind from a container image name, for compose and Kubernetes alike.
 * Matching is on the image's last path segment (`bitnami/postgresql:16` -> `postgresql`) by prefix,
 * so vendor builds such as `cp-kafka` or `redis-stack` are recognised.
 */
const KIND_BY_IMAGE: ReadonlyArray<readonly [ComponentKind, readonly string[]]> = [
  ["cache", ["redis", "valkey", "memcached", "keydb", "dragonfly", "garnet"]],
  [
    "queue",
    [
      "rabbitmq",
      "kafka",
      "cp-kafka",
      "cp-server",
      "redpanda",
      "nats",
      "activemq",
      "artemis",
      "pulsar",
      "nsq",
      "mosquitto",
      "emqx",
      "eclipse-mosquitto",
      "hivemq",
      "amazon-sqs",
      "elasticmq",
      "pubsub-emulator",
    ],
  ],
  [
    "datastore",
    [
      "postgres",
      "postgis",
      "timescaledb",
      "mysql",
      "mariadb",
      "percona",
      "mongo",
      "documentdb",
      "ferretdb",
      "cassandra",
      "scylla",
      "cockroach",
      "couchdb",
      "couchbase",
      "neo4j",
      "influxdb",
      "clickhouse",
      "elasticsearch",
      "opensearch",
      "minio",
      "dynamodb-local",
      "mssql",
      "oracle",
      "zookeeper",
      "cp-zookeeper",
      "etcd",
      "consul",
      "vault",
      "questdb",
      "arangodb",
      "rethinkdb",
      "solr",
      "meilisearch",
      "typesense",
      "qdrant",
      "weaviate",
      "milvus",
      "chroma",
      "azurite",
      "spanner-emulator",
      "firestore-emulator",
    ],
  ],
  [
    "gateway",
    [
      "nginx",
      "openresty",
      "traefik",
      "envoy",
      "haproxy",
      "caddy",
      "kong",
      "httpd",
      "apache",
      "varnish",
      "tyk",
      "krakend",
      "istio-proxy",
      "ingress-nginx",
    ],
  ],
];

// Last segments too generic to name the product: `mcr.microsoft.com/mssql/server`, `ingress-nginx/controller`.
const GENERIC_SEGMENTS = new Set(["server", "controller", "app", "image"]);

// Tools that sit beside a store without being one: `mongo-express`, `redis_exporter`, `kafka-ui`.
const SIDECAR_SUFFIX =
  /[-_](ui|web|exporter|express|commander|admin|manager|console|dashboard|insight|operator|init|migrate|migrations|setup|client|cli)$/;

// Names that start like a store but are something else: PostgREST is an API server, RedisInsight a GUI.
const LOOKALIKES = /^(postgrest|redisinsight|redis-insight)/;

// Spring Cloud Gateway and similar builds are named for their role: `shop-api-gateway`.
const GATEWAY_NAME = /(^|-)api-?gateway$|^gateway$/;

export function imageBaseName(image: string): string {
  const withoutDigest = image.split("@", 1)[0] ?? image;
  const segments = withoutDigest.toLowerCase().split("/");
  const nameOf = (segment: string | undefined): string => (segment ?? "").split(":", 1)[0] ?? "";
  const last = nameOf(segments[segments.length - 1]);
  return GENERIC_SEGMENTS.has(last) && segments.length > 1 ? nameOf(segments[segments.length - 2]) : last;
}

export function kindFromImage(image: string): ComponentKind | undefined {
  const name = imageBaseName(image);
  if (SIDECAR_SUFFIX.test(name) || LOOKALIKES.test(name)) return undefined;
  if (GATEWAY_NAME.test(name)) return "gateway";
  // Project-built images often end with the product they package: `examples-bookinfo-mongodb`, `shop-postgres`.
  const lastToken = name.slice(name.lastIndexOf("-") + 1);
  for (const candidate of [name, lastToken]) {
    for (const [kind, prefixes] of KIND_BY_IMAGE) {
      if (prefixes.some((prefix) => candidate.startsWith(prefix))) return kind;
    }
  }
  return undefined;
}

/**
 * Services are often named for their role (`orders-db`, `session-cache`, `edge-router`): the last word of the name
 * says what it is when the image does not, or the word before a replica's role (`database-primary`, `db-replica`). Checked after the image, so `orders-db` running `mongo` stays a datastore
 * because of its image, and only a project-built or unknown image takes its kind from the name.
 */
const KIND_BY_ROLE: ReadonlyArray<readonly [ComponentKind, readonly string[]]> = [
  ["datastore", ["db", "database", "datastore", "store", "storage", "sql"]],
  ["cache", ["cache"]],
  ["queue", ["queue", "mq", "broker", "bus"]],
  ["gateway", ["gateway", "gw", "router", "proxy", "ingress", "lb", "loadbalancer"]],
];

/** Words that name one member of a replicated store: `database-primary`, `db-replica`, `cache-0`. */
const MEMBER_WORD = /^(?:primary|replica|replicas|secondary|standby|leader|follower|readonly|ro|rw|\d+)$/;

export function kindFromName(name: string): ComponentKind | undefined {
  const words = name
    .toLowerCase()
    .split(/[-_.]+/)
    .filter(Boolean);
  // The role word ends the name (`orders-db`), or starts it when only the member of a replicated set follows.
  const memberAt = words.findIndex(
    (word, index) => index > 0 && words.slice(index).every((w) => MEMBER_WORD.test(w)),
  );
  const role = memberAt > 0 ? words[memberAt - 1] : words[words.length - 1];
  if (role === undefined) return undefined;
  return KIND_BY_ROLE.find(([, roles]) => roles.includes(role))?.[0];
}
