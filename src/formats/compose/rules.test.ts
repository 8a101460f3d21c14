import { describe, expect, it } from "vitest";
import type { Extraction } from "../types.js";
import { composeFormat } from "./index.js";

async function extract(files: Record<string, string>, deadline = Date.now() + 60_000): Promise<Extraction> {
  return composeFormat.extract(
    Object.entries(files).map(([path, text]) => ({ path, text })),
    { deadline },
  );
}

async function only(files: Record<string, string>) {
  const result = await extract(files);
  expect(result.systems).toHaveLength(1);
  return { ...result, graph: result.systems[0]! };
}

function pairs(graph: { edges: { from: string; to: string }[] }): string[] {
  return graph.edges.map((edge) => `${edge.from}->${edge.to}`).sort();
}

const yaml = (lines: string[]): string => `${lines.join("\n")}\n`;

describe("claims", () => {
  it.each([
    ["docker-compose.yml", true],
    ["deploy/docker-compose.prod.yaml", true],
    ["compose.yaml", true],
    ["a/b/compose-dev.yml", true],
    ["docker-stack.yml", true],
    ["swarm/docker-stack.prod.yaml", true],
    [".env", true],
    ["config/app.env", true],
    ["composer.yml", false],
    ["compose.json", false],
    ["k8s/deployment.yaml", false],
    [".env.local", false],
  ])("%s -> %s", (path, claimed) => {
    expect(composeFormat.claims(path)).toBe(claimed);
  });
});

describe("dependencies", () => {
  it("reads depends_on in list and map form and links with and without alias", async () => {
    const { graph, warnings } = await only({
      "compose.yaml": yaml([
        "services:",
        "  a:",
        "    image: app/a",
        "    depends_on: [b]",
        "  b:",
        "    image: app/b",
        "    depends_on:",
        "      c: {condition: service_healthy}",
        "  c:",
        "    image: app/c",
        "    links: [d, 'e:mail']",
        "    environment:",
        "      SMTP_HOST: mail",
        "  d:",
        "    image: app/d",
        "  e:",
        "    image: app/e",
      ]),
    });
    expect(warnings).toEqual([]);
    expect(pairs(graph)).toEqual(["a->b", "b->c", "c->d", "c->e"]);
    const link = graph.edges.find((edge) => edge.to === "e")!;
    expect(link.evidence.map((item) => [item.line, item.rule, item.detail])).toEqual([
      [11, "compose/links", "links: e:mail"],
      [13, "compose/env-host", "env SMTP_HOST=mail"],
    ]);
    expect(graph.edges.find((edge) => edge.to === "c")!.evidence[0]!.line).toBe(8);
  });

  it("warns about depends_on and links that name no service, and ignores edges to self", async () => {
    const { graph, warnings } = await only({
      "compose.yaml": yaml([
        "services:",
        "  api:",
        "    image: app/api",
        "    depends_on: [ghost, api]",
        "    links: [phantom]",
        "    environment: [API_URL=http://api:80]",
      ]),
    });
    expect(graph.edges).toEqual([]);
    expect(warnings.map((warning) => [warning.id, warning.file, warning.line])).toEqual([
      ["compose/unknown-depends-on", "compose.yaml", 4],
      ["compose/unknown-link", "compose.yaml", 5],
    ]);
  });
});

describe("environment hosts", () => {
  const base = (environment: string[]): Record<string, string> => ({
    "compose.yaml": yaml([
      "services:",
      "  app:",
      "    image: app/app",
      "    environment:",
      ...environment.map((line) => `      ${line}`),
      "  db:",
      "    image: mysql:8",
      "  queue:",
      "    image: rabbitmq:3-management",
      "  mongo-a:",
      "    image: mongo:7",
      "  mongo-b:",
      "    image: mongo:7",
    ]),
  });

  it("accepts a bare service name only under a host-like key", async () => {
    const { graph } = await only(base(["- DB_HOST=db", "- STORAGE_MODE=queue", "- FALLBACK=mongo-a"]));
    expect(pairs(graph)).toEqual(["app->db"]);
  });

  it("reads a key naming who logs in as a user name, whatever host word comes before it", async () => {
    const { graph } = await only(base(["- EMAIL_HOST=queue", "- EMAIL_HOST_USER=user", "- DB_SERVER_LOGIN=db"]));
    expect(pairs(graph)).toEqual(["app->queue"]);
  });

  it("reads a store's name after what it keeps as the store's host", async () => {
    const { graph } = await only(base(["- SESSION_REDIS=mongo-a", "- EVENTS_KAFKA=queue", "- LOG_LEVEL_MYSQL=db"]));
    expect(pairs(graph)).toEqual(["app->mongo-a"]);
  });

  it("reads host:port, URLs, JDBC and multi-host DSNs", async () => {
    const { graph } = await only(
      base([
        "- AMQP=amqp://guest:guest@queue:5672/",
        "- JDBC=jdbc:mysql://db:3306/app",
        "- MONGO=mongodb://mongo-a:27017,mongo-b:27017/app",
        "- UPSTREAM=queue:15672",
      ]),
    );
    expect(pairs(graph)).toEqual(["app->db", "app->mongo-a", "app->mongo-b", "app->queue"]);
    expect(graph.edges.find((edge) => edge.to === "queue")!.kind).toBe("async");
    expect(graph.edges.find((edge) => edge.to === "queue")!.evidence.map((item) => item.detail)).toEqual([
      "env AMQP=amqp://guest:***@queue:5672/",
      "env UPSTREAM=queue:15672",
    ]);
  });

  it("hides secret-looking values even when they carry a host", async () => {
    const { graph } = await only(
      base(["DB_PASSWORD: 'hunter2@db'", "DB_URL: 'mysql://root:hunter2@db/app'"]),
    );
    expect(graph.edges.flatMap((edge) => edge.evidence.map((item) => item.detail))).toEqual([
      "env DB_URL=mysql://root:***@db/app",
    ]);
  });

  it("adds one external component per public host, and an unresolved one per unknown internal name", async () => {
    const { graph } = await only(
      base([
        "- SENTRY_DSN=https://abc123@o1.ingest.sentry.io/42",
        "- WEBHOOK_URL=https://o1.ingest.sentry.io/hooks",
        "- CACHE_HOST=memcache",
        "- LEGACY_URL=http://billing.internal:8080",
      ]),
    );
    expect(
      graph.components
        .filter((component) => component.kind === "external")
        .map((component) => component.name),
    ).toEqual(["o1.ingest.sentry.io", "memcache", "billing.internal"]);
    expect(pairs(graph)).toEqual(["app->billing.internal", "app->memcache", "app->o1.ingest.sentry.io"]);
    expect(graph.components.find((component) => component.name === "memcache")!.attributes).toEqual({
      unresolved: true,
    });
    expect(graph.edges[0]!.evidence.map((item) => item.detail)).toEqual([
      "env SENTRY_DSN=https://***@o1.ingest.sentry.io/42",
      "env WEBHOOK_URL=https://o1.ingest.sentry.io/hooks",
    ]);
  });

  it("links a provider's credential key to its hosted API, unless the key is set empty", async () => {
    const { graph } = await only(
      base(["- OPENAI_API_KEY=${OPENAI_API_KEY}", "- ANTHROPIC_API_KEY=", "- MY_SERVICE_API_KEY=abc"]),
    );
    expect(pairs(graph)).toEqual(["app->api.openai.com"]);
    expect(graph.components.find((component) => component.name === "api.openai.com")!.kind).toBe("external");
    expect(graph.edges[0]!.evidence).toEqual([
      { file: "compose.yaml", line: 5, rule: "compose/provider-key", detail: "env OPENAI_API_KEY=***" },
    ]);
  });

  it("resolves names through hostname, container_name and network aliases", async () => {
    const { graph } = await only({
      "compose.yaml": yaml([
        "services:",
        "  app:",
        "    image: app/app",
        "    environment:",
        "      A_HOST: primary-db",
        "      B_ADDR: search.local:9200",
        "      C_URL: http://legacy-cache:11211",
        "  db:",
        "    image: postgres:16",
        "    hostname: primary-db",
        "  search:",
        "    image: opensearchproject/opensearch:2",
        "    container_name: search.local",
        "  cache:",
        "    image: memcached:1.6",
        "    networks:",
        "      back:",
        "        aliases: [legacy-cache]",
      ]),
    });
    expect(pairs(graph)).toEqual(["app->cache", "app->db", "app->search"]);
  });

  it("reads env_file in string, list and {path, required} forms relative to the compose file", async () => {
    const result = await extract({
      "deploy/compose.yaml": yaml([
        "services:",
        "  one:",
        "    image: app/one",
        "    env_file: one.env",
        "  two:",
        "    image: app/two",
        "    env_file: [../shared/two.env]",
        "  three:",
        "    image: app/three",
        "    env_file:",
        "      - path: ./three.env",
        "        required: false",
        "  store:",
        "    image: postgres:16",
      ]),
      "deploy/one.env": "PGHOST=store\n",
      "shared/two.env": "# shared\nDATABASE_URL=postgres://store/app\n",
    });
    const graph = result.systems[0]!;
    expect(graph.id).toBe("compose:deploy");
    expect(
      graph.edges.map((edge) => [edge.from, edge.to, edge.evidence[0]!.file, edge.evidence[0]!.line]),
    ).toEqual([
      ["one", "store", "deploy/one.env", 1],
      ["two", "store", "shared/two.env", 2],
    ]);
    expect(result.notes).toEqual([
      "compose: env_file ./three.env of service three (deploy/compose.yaml) is not among the files read; its variables were not checked",
    ]);
    expect(result.warnings).toEqual([]);
  });

  it("lets environment win over env_file for the same key", async () => {
    const { graph } = await only({
      "compose.yaml": yaml([
        "services:",
        "  app:",
        "    image: app/app",
        "    env_file: app.env",
        "    environment:",
        "      DB_HOST: replica",
        "  primary:",
        "    image: postgres:16",
        "  replica:",
        "    image: postgres:16",
      ]),
      "app.env": "DB_HOST=primary\n",
    });
    expect(pairs(graph)).toEqual(["app->replica"]);
  });
});

describe("command hosts", () => {
  it("reads URLs and host flags in a command, list or string form, naming services of the project", async () => {
    const { graph } = await only({
      "compose.yaml": yaml([
        "services:",
        "  worker:",
        "    image: app/worker",
        "    command: [\"worker\", \"--redis-host\", \"cache\", \"--db-host=db\", \"--label\", \"web\"]",
        "  checker:",
        "    image: app/checker",
        "    command: checker -target web:8080 --report http://api:8080/status db:5432 --name cache",
        "  web:",
        "    image: app/web",
        "  api:",
        "    image: app/api",
        "  cache:",
        "    image: redis:7",
        "  db:",
        "    image: postgres:16",
      ]),
    });
    expect(pairs(graph)).toEqual(["checker->api", "checker->web", "worker->cache", "worker->db"]);
    const evidence = graph.edges.find((edge) => edge.to === "cache")!.evidence[0]!;
    expect([evidence.rule, evidence.line]).toEqual(["compose/command-host", 4]);
  });
});

describe("interpolation", () => {
  const files = (withDotEnv: boolean): Record<string, string> => ({
    "compose.yaml": yaml([
      "services:",
      "  app:",
      "    image: app/app",
      "    environment:",
      "      CACHE_HOST: ${CACHE_HOST:-redis}",
      "      DB_HOST: ${DB_HOST}",
      "      PRICE: $$5",
      "  redis:",
      "    image: redis:7",
      "  valkey:",
      "    image: valkey/valkey:8",
      "  db:",
      "    image: postgres:16",
    ]),
    ...(withDotEnv ? { ".env": "CACHE_HOST=valkey\n" } : {}),
  });

  it("uses the folder's .env first", async () => {
    expect(pairs((await only(files(true))).graph)).toEqual(["app->valkey"]);
  });

  it("falls back to the default and leaves unresolved variables without an edge", async () => {
    const { graph } = await only(files(false));
    expect(pairs(graph)).toEqual(["app->redis"]);
    expect(graph.edges[0]!.evidence[0]!.detail).toBe("env CACHE_HOST=redis");
  });
});

describe("secrets pulled in by interpolation", () => {
  it("masks secret variables from .env in evidence, in environment and env files alike", async () => {
    const result = await extract({
      "compose.yaml": yaml([
        "services:",
        "  app:",
        "    image: shop/app",
        "    env_file: app.env",
        "    environment:",
        '      CONNECT_ARGS: "db:5432 --password=${DB_PASSWORD}"',
        "  db:",
        "    image: postgres:16",
        "  mq:",
        "    image: nats:2",
      ]),
      "app.env": "NATS_ARGS=--server mq:4222 --creds ${NATS_TOKEN}\n",
      ".env": "DB_PASSWORD=hunter2\nNATS_TOKEN=tok-123456\n",
    });
    const graph = result.systems[0]!;
    expect(graph.edges.map((edge) => [edge.to, edge.evidence[0]!.detail])).toEqual([
      ["mq", "env NATS_ARGS=--server mq:4222 --creds ***"],
      ["db", "env CONNECT_ARGS=db:5432 --password=***"],
    ]);
    expect(JSON.stringify(result)).not.toMatch(/hunter2|tok-123456/);
  });
});

describe("merging and variants", () => {
  const base = yaml([
    "services:",
    "  web:",
    "    image: shop/web",
    "    ports: ['8080:80']",
    "    environment: [MODE=dev]",
    "  api:",
    "    image: shop/api",
    "    environment:",
    "      DB_HOST: db",
    "  db:",
    "    image: postgres:16",
  ]);

  it("merges the override: ports appended, environment by key, depends_on added", async () => {
    const { graph } = await only({
      "docker-compose.yml": base,
      "docker-compose.override.yml": yaml([
        "services:",
        "  web:",
        "    ports: ['9000:9000']",
        "    depends_on: [api]",
        "  api:",
        "    environment:",
        "      DB_HOST: ''",
        "      CACHE_URL: redis://cache:6379",
        "  cache:",
        "    image: redis:7",
      ]),
    });
    expect(graph.id).toBe("compose:.");
    expect(pairs(graph)).toEqual(["api->cache", "web->api"]);
    expect(graph.entryPoints.map((entry) => entry.via)).toEqual(["published ports 8080, 9000"]);
    expect(graph.entryPoints[0]!.evidence.map((item) => item.file)).toEqual([
      "docker-compose.yml",
      "docker-compose.override.yml",
    ]);
  });

  it("treats a variant that only patches base services as an overlay and one with its own images as standalone", async () => {
    const result = await extract({
      "ops/compose.yaml": base,
      "ops/compose.staging.yaml": yaml([
        "services:",
        "  api:",
        "    environment:",
        "      DB_HOST: db-staging",
      ]),
      "ops/docker-compose.monitoring.yml": yaml([
        "services:",
        "  grafana:",
        "    image: grafana/grafana",
        "    depends_on: [api]",
      ]),
      "ops/compose.images.yaml": yaml([
        "services:",
        "  web:",
        "    image: shop/web:1.0",
        "    ports: ['80:80']",
      ]),
    });
    expect(result.systems.map((graph) => [graph.id, graph.components.length])).toEqual([
      ["compose:ops", 3],
      ["compose:ops#compose.images.yaml", 1],
      ["compose:ops#compose.staging.yaml", 4],
      ["compose:ops#docker-compose.monitoring.yml", 4],
    ]);
    const staging = result.systems[2]!;
    expect(pairs(staging)).toEqual(["api->db-staging"]);
    const monitoring = result.systems[3]!;
    expect(pairs(monitoring)).toEqual(["api->db", "grafana->api"]);
  });

  it("follows extends within a file and from another file of the input", async () => {
    const { graph } = await only({
      "compose.yaml": yaml([
        "services:",
        "  base-worker:",
        "    image: shop/worker",
        "    environment: [QUEUE_URL=amqp://mq:5672]",
        "  mailer:",
        "    extends: base-worker",
        "    environment: [SMTP_URL=smtp://relay:25]",
        "  reporter:",
        "    extends:",
        "      file: common/services.yml",
        "      service: reporting",
        "  mq:",
        "    image: rabbitmq:3",
        "  relay:",
        "    image: boky/postfix",
        "  warehouse:",
        "    image: clickhouse/clickhouse-server:24",
      ]),
      "common/services.yml": yaml([
        "services:",
        "  reporting:",
        "    image: shop/reporter",
        "    environment:",
        "      WAREHOUSE_HOST: warehouse",
      ]),
    });
    expect(pairs(graph)).toEqual(["base-worker->mq", "mailer->mq", "mailer->relay", "reporter->warehouse"]);
    const reporter = graph.components.find((component) => component.name === "reporter")!;
    expect(reporter.location).toEqual({ file: "compose.yaml", line: 8 });
    expect(reporter.image).toBe("shop/reporter");
    expect(graph.edges.find((edge) => edge.from === "reporter")!.evidence[0]).toMatchObject({
      file: "common/services.yml",
      line: 5,
    });
  });

  it("follows top-level include of files in the input, and they form no project of their own", async () => {
    const result = await extract({
      "compose.yaml": yaml([
        "include:",
        "  - infra/compose.db.yaml",
        "  - path: [missing/compose.yaml]",
        "services:",
        "  app:",
        "    image: shop/app",
        "    environment: [DATABASE_URL=postgres://db/app]",
      ]),
      "infra/compose.db.yaml": yaml(["services:", "  db:", "    image: postgres:16"]),
    });
    expect(result.systems.map((graph) => graph.id)).toEqual(["compose:."]);
    expect(pairs(result.systems[0]!)).toEqual(["app->db"]);
    expect(result.systems[0]!.components.find((component) => component.name === "db")!.location.file).toBe(
      "infra/compose.db.yaml",
    );
    expect(result.notes).toEqual([
      "compose: compose.yaml includes missing/compose.yaml, which is not among the files read",
    ]);
  });

  it("warns when extends names nothing or loops", async () => {
    const { warnings, graph } = await only({
      "compose.yaml": yaml([
        "services:",
        "  a:",
        "    extends: b",
        "  b:",
        "    extends: a",
        "  c:",
        "    extends: nowhere",
      ]),
    });
    expect(graph.components.map((component) => component.name)).toEqual(["a", "b", "c"]);
    expect(warnings.map((warning) => [warning.id, warning.line])).toEqual([
      ["compose/extends-cycle", 5],
      ["compose/unknown-extends", 7],
    ]);
  });
});

describe("host network", () => {
  it("reads a proxy on the host's network as an entry point and its localhost upstream as the service publishing that port", async () => {
    const { graph } = await only({
      "compose.yaml": yaml([
        "services:",
        "  proxy:",
        "    image: caddy:2",
        "    network_mode: host",
        "    volumes: ['./Caddyfile:/etc/caddy/Caddyfile:ro']",
        "  app:",
        "    image: app/app",
        "    ports: ['127.0.0.1:8080:8080']",
        "  admin:",
        "    image: app/admin",
        "    ports: ['9000:80']",
        "  agent:",
        "    image: app/agent",
        "    network_mode: host",
      ]),
      Caddyfile: "example.com {\n  reverse_proxy localhost:8080\n  reverse_proxy /x 127.0.0.1:9001\n}\n",
    });
    expect(pairs(graph)).toEqual(["proxy->app"]);
    expect(graph.edges[0]!.evidence[0]).toMatchObject({ file: "Caddyfile", line: 2 });
    expect(graph.entryPoints.map((entry) => `${entry.component} ${entry.via}`).sort()).toEqual([
      "admin published port 9000",
      "app published port 127.0.0.1:8080",
      "proxy host network",
    ]);
  });

  it("reads localhost as the container itself off the host's network", async () => {
    const { graph } = await only({
      "compose.yaml": yaml([
        "services:",
        "  proxy:",
        "    image: caddy:2",
        "    volumes: ['./Caddyfile:/etc/caddy/Caddyfile:ro']",
        "    ports: ['80:80']",
        "  app:",
        "    image: app/app",
        "    ports: ['8080:8080']",
      ]),
      Caddyfile: ":80 {\n  reverse_proxy localhost:8080\n}\n",
    });
    expect(pairs(graph)).toEqual([]);
  });
});

describe("entry points, replicas and resources", () => {
  it("reads every port syntax and skips stores, expose and loopback ordering", async () => {
    const { graph } = await only({
      "compose.yaml": yaml([
        "services:",
        "  web:",
        "    image: shop/web",
        "    ports:",
        "      - 127.0.0.1:9229:9229",
        "      - 8000-8001:8000-8001",
        "      - '3000'",
        "      - target: 80",
        "        published: '8080'",
        "  api:",
        "    image: shop/api",
        "    expose: ['8080']",
        "  edge:",
        "    image: traefik:v3",
        "    ports: ['[::1]:8443:443/tcp']",
        "  mq:",
        "    image: rabbitmq:3-management",
        "    ports: ['15672:15672']",
      ]),
    });
    expect(graph.entryPoints.map((entry) => [entry.component, entry.via])).toEqual([
      ["web", "published ports 8000-8001, random->3000, 8080, 127.0.0.1:9229"],
      ["edge", "published port ::1:8443"],
    ]);
    expect(graph.components.find((component) => component.name === "mq")!.attributes).toEqual({
      publishedPorts: "15672",
    });
  });

  it("reads replicas from deploy or scale and sizes from limits, reservations and format 2 keys", async () => {
    const { graph } = await only({
      "compose.yaml": yaml([
        "services:",
        "  trainer:",
        "    image: shop/trainer",
        "    deploy:",
        "      replicas: 2",
        "      resources:",
        "        reservations:",
        "          cpus: 4",
        "          memory: 2g",
        "          devices:",
        "            - capabilities: [gpu]",
        "              device_ids: ['0', '1']",
        "  legacy:",
        "    image: shop/legacy",
        "    scale: 3",
        "    mem_limit: 1.5gb",
        "    cpus: 0.25",
      ]),
    });
    const [trainer, legacy] = graph.components;
    expect(trainer!.replicas).toEqual({ min: 2, max: 2 });
    expect(trainer!.resources).toEqual({ cpuCores: 4, memoryBytes: 2 * 1024 ** 3, gpus: 2 });
    expect(legacy!.replicas).toEqual({ min: 3, max: 3 });
    expect(legacy!.resources).toEqual({ cpuCores: 0.25, memoryBytes: 1.5 * 1024 ** 3 });
  });
});
