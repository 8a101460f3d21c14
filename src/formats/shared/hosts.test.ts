import { describe, expect, it } from "vitest";
import { hostReferences, isExternalHost, looksLikeHostKey } from "./hosts.js";

describe("hostReferences", () => {
  it("reads host:port lists and ignores bare words unless allowed", () => {
    expect(hostReferences("kafka-0.kafka:9092, kafka-1.kafka:9092")).toEqual([
      { host: "kafka-0.kafka", port: 9092, form: "host-port" },
      { host: "kafka-1.kafka", port: 9092, form: "host-port" },
    ]);
    expect(hostReferences("redis")).toEqual([]);
    expect(hostReferences("Redis", true)).toEqual([{ host: "redis", form: "bare" }]);
    expect(hostReferences("LC", true)).toEqual([]);
    expect(hostReferences("PLAINTEXT_HOST", true)).toEqual([]);
    expect(hostReferences("true", true)).toEqual([]);
    expect(hostReferences("Disabled", true)).toEqual([]);
    expect(hostReferences("replace-me", true)).toEqual([]);
    expect(hostReferences("CHANGEME", true)).toEqual([]);
    expect(hostReferences("replacement", true)).toEqual([{ host: "replacement", form: "bare" }]);
    expect(hostReferences("KAFKA:9092", true)).toEqual([{ host: "kafka", port: 9092, form: "host-port" }]);
  });

  it("reads URLs, DSNs with credentials, JDBC, multi-host and IPv6 authorities", () => {
    expect(hostReferences("postgres://app:s3cret@db:5432/app?sslmode=disable")).toEqual([
      { host: "db", port: 5432, scheme: "postgres", form: "url" },
    ]);
    expect(hostReferences("jdbc:mysql://mysql-primary/shop")).toEqual([
      { host: "mysql-primary", scheme: "mysql", form: "url" },
    ]);
    expect(
      hostReferences("mongodb://u:p@mongo-a:27017,mongo-b/db?replicaSet=rs0").map((ref) => ref.host),
    ).toEqual(["mongo-a", "mongo-b"]);
    expect(hostReferences("redis://:pw@cache:6379/0")).toEqual([
      { host: "cache", port: 6379, scheme: "redis", form: "url" },
    ]);
    expect(hostReferences("http://[::1]:8080/")).toEqual([
      { host: "[::1]", port: 8080, scheme: "http", form: "url" },
    ]);
    expect(hostReferences("see http://a:1/ and https://b.example.com").map((ref) => ref.host)).toEqual([
      "a",
      "b.example.com",
    ]);
  });

  it("reads keyword connection strings without a host-like key", () => {
    expect(hostReferences("Server=sql,1433;Database=shop;User Id=sa")).toEqual([
      { host: "sql", port: 1433, form: "host-port" },
    ]);
    expect(hostReferences("Host=db;Port=5432;Username=app")).toEqual([{ host: "db", form: "bare" }]);
    expect(hostReferences("host=pg dbname=app sslmode=disable")).toEqual([{ host: "pg", form: "bare" }]);
    expect(hostReferences("Data Source=tcp:mssql;Initial Catalog=x")).toEqual([
      { host: "mssql", form: "bare" },
    ]);
  });

  it("reads connection strings beyond URLs: Go MySQL DSN, JDBC, Oracle thin, ODBC and host lists", () => {
    expect(hostReferences("shop:s3cret@tcp(mysql-main:3306)/shop?parseTime=true")).toEqual([
      { host: "mysql-main", port: 3306, form: "host-port" },
    ]);
    expect(hostReferences("-DSN=u:p@tcp(catalogue-db)/socks")).toEqual([
      { host: "catalogue-db", form: "bare" },
    ]);
    expect(hostReferences("jdbc:sqlserver://sqlhost;databaseName=orders;user=sa;password=x")).toEqual([
      { host: "sqlhost", scheme: "sqlserver", form: "url" },
    ]);
    expect(hostReferences("jdbc:sqlserver://sqlhost:1433;databaseName=orders")[0]).toMatchObject({
      host: "sqlhost",
      port: 1433,
    });
    expect(hostReferences("jdbc:oracle:thin:@ora-db:1521:XE")).toEqual([
      { host: "ora-db", port: 1521, form: "host-port" },
    ]);
    expect(hostReferences("jdbc:oracle:thin:scott/tiger@//ora-db:1521/svc")[0]).toMatchObject({
      host: "ora-db",
    });
    expect(hostReferences("Driver={ODBC Driver 18};Server=tcp:sqlodbc,1433;Uid=sa;Pwd=x")).toEqual([
      { host: "sqlodbc", port: 1433, form: "host-port" },
    ]);
    expect(hostReferences("cache:6379,password=x,ssl=False,abortConnect=False")).toEqual([
      { host: "cache", port: 6379, form: "host-port" },
    ]);
    expect(hostReferences("basketdata,abortConnect=false", true)).toEqual([
      { host: "basketdata", form: "bare" },
    ]);
  });

  it("ends a URL's host where an nginx variable is glued to it", () => {
    expect(hostReferences("http://distributor.default.svc.cluster.local$request_uri")).toEqual([
      { host: "distributor.default.svc.cluster.local", scheme: "http", form: "url" },
    ]);
    expect(hostReferences("http://querier:8080$request_uri")).toEqual([
      { host: "querier", port: 8080, scheme: "http", form: "url" },
    ]);
    expect(hostReferences("http://$upstream_host")).toEqual([]);
  });

  it("takes .NET ConnectionStrings keys for host keys", () => {
    expect(looksLikeHostKey("ConnectionStrings__EventBus")).toBe(true);
    expect(looksLikeHostKey("ConnectionStrings:Redis")).toBe(true);
  });

  it("does not take numbers, versions, times or unresolved variables for hosts", () => {
    expect(hostReferences("10:30")).toEqual([]);
    expect(hostReferences("8080", true)).toEqual([]);
    expect(hostReferences("1.2.3", true)).toEqual([]);
    expect(hostReferences("${DB_HOST}", true)).toEqual([]);
    expect(hostReferences("http://${API_HOST}:8080")).toEqual([]);
    expect(hostReferences("")).toEqual([]);
    expect(hostReferences(`http://${"a".repeat(5000)}`)).toEqual([]);
  });
});

describe("looksLikeHostKey", () => {
  it.each([
    ["REDIS_HOST", true],
    ["PGHOST", true],
    ["DATABASE_URL", true],
    ["KAFKA_BROKERS", true],
    ["AUTH_SERVICE_ADDR", true],
    ["upstream_backend", true],
    ["REDIS", true],
    ["mongo", true],
    ["PAYMENTS_SERVICE_NAME", true],
    ["RABBITMQ_HOST", true],
    ["RABBITMQ_VHOST", false],
    ["POWERSYNC_URL_PATH", false],
    ["SERVER_BASE_PATH", false],
    ["API_URL_PREFIX", false],
    ["GATEWAY_ROUTE", false],
    ["PROXY_UPSTREAM_ROUTES", false],
    ["POWERSYNC_URL", true],
    ["BACKEND", true],
    ["AUTH_BACKEND_URL", true],
    ["PENPOT_OBJECTS_STORAGE_BACKEND", false],
    ["EMAIL_BACKEND", false],
    ["CELERY_RESULT_BACKEND", false],
    ["LIVE_SERVER_SECRET_KEY", false],
    ["EMAIL_HOST_USER", false],
    ["SMTP_HOST_USERNAME", false],
    ["DB_SERVER_LOGIN", false],
    ["BROKER_USER_NAME", false],
    ["AZURE_SERVICE_PRINCIPAL", false],
    ["EMAIL_HOST", true],
    ["USER_SERVICE_HOST", true],
    ["OTEL_SERVICE_NAME", false],
    ["WEB_OTEL_SERVICE_NAME", false],
    ["JAEGER_SERVICE_NAME", false],
    ["ELASTIC_APM_SERVICE_NAME", false],
    ["LOG_LEVEL_KAFKA", false],
    ["SESSION_REDIS", true],
    ["CACHE_MEMCACHED", true],
    ["RATE_LIMIT_REDIS", true],
    ["EVENTS_KAFKA", false],
    ["LOG_LEVEL_REDIS", false],
    ["ENABLE_REDIS", false],
    ["LOG_LEVEL", false],
    ["ALLOWED_HOSTS", false],
    ["NODE_ENV", false],
    ["MODE", false],
  ])("%s -> %s", (key, expected) => {
    expect(looksLikeHostKey(key)).toBe(expected);
  });
});

describe("isExternalHost", () => {
  it.each([
    ["api.stripe.com", true],
    ["o123.ingest.sentry.io", true],
    ["db", false],
    ["localhost", false],
    ["10.0.0.5", false],
    ["[::1]", false],
    ["orders.default.svc.cluster.local", false],
    ["billing.internal", false],
    ["app.test", false],
    ["nas.home.arpa", false],
    ["vault.service.consul", false],
    ["kafka-0.kafka", false],
    ["api.openai.azure.com", true],
    ["auth.example.io", true],
  ])("%s -> %s", (host, expected) => {
    expect(isExternalHost(host)).toBe(expected);
  });
});
