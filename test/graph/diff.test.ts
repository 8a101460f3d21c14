import { describe, expect, it } from "vitest";
import { componentChanges, diffGraphs, formatBytes, isEmptyDelta } from "../../src/graph/diff.js";
import type { Component } from "../../src/graph/model.js";
import { WORKED_BASE, WORKED_HEAD, system } from "../analysis/graphs.js";

const names = (components: Component[]) => components.map((component) => component.name);

describe("diffGraphs", () => {
  it("lists added components and calls of the worked example", () => {
    const delta = diffGraphs(WORKED_BASE, WORKED_HEAD);
    expect(names(delta.addedComponents)).toEqual(["cache", "events", "indexer", "search"]);
    expect(delta.removedComponents).toEqual([]);
    expect(delta.addedEdges.map((edge) => `${edge.from}>${edge.to}:${edge.kind}`)).toEqual([
      "api>cache:sync",
      "api>events:async",
      "indexer>events:async",
      "indexer>search:sync",
      "api>search:sync",
    ]);
    expect(delta.removedEdges).toEqual([]);
    expect(isEmptyDelta(delta)).toBe(false);
  });

  it("is empty for the same graph and symmetric when the sides swap", () => {
    expect(isEmptyDelta(diffGraphs(WORKED_HEAD, structuredClone(WORKED_HEAD)))).toBe(true);
    const reverse = diffGraphs(WORKED_HEAD, WORKED_BASE);
    expect(names(reverse.removedComponents)).toEqual(["cache", "events", "indexer", "search"]);
    expect(reverse.removedEdges).toHaveLength(5);
  });

  it("treats a missing side as everything added or removed", () => {
    expect(names(diffGraphs(undefined, WORKED_BASE).addedComponents)).toEqual(["web", "api", "posts-db"]);
    expect(diffGraphs(WORKED_BASE, undefined).removedEdges).toHaveLength(2);
  });

  it("reports a call whose kind changed once, not as removed plus added", () => {
    const base = system("compose:.", { api: "service", bus: "service" }, ["api>bus"], []);
    const head = system("compose:.", { api: "service", bus: "queue" }, ["api>bus"], []);
    const delta = diffGraphs(base, head);
    expect(delta.addedEdges).toEqual([]);
    expect(delta.removedEdges).toEqual([]);
    expect(delta.changedEdges.map(({ base: b, head: h }) => [b.kind, h.kind])).toEqual([["sync", "async"]]);
    expect(delta.changedComponents.map((change) => change.changes)).toEqual([["kind service -> queue"]]);
  });

  it("describes kind, image, replicas, resources and regions changes readably", () => {
    const base = system(
      "compose:.",
      {
        api: {
          kind: "service",
          image: "shop/api:1.2",
          replicas: { min: 1, max: 1 },
          resources: { cpuCores: 0.5, memoryBytes: 256 * 1024 * 1024 },
          regions: ["eu-west-1"],
        },
      },
      [],
      [],
    ).components[0]!;
    const head: Component = {
      ...base,
      kind: "gateway",
      replicas: { min: 2, max: 6 },
      resources: { cpuCores: 1, memoryBytes: 1024 * 1024 * 1024, gpus: 1 },
      regions: ["eu-west-1", "us-east-1"],
    };
    delete head.image;
    expect(componentChanges(base, head)).toEqual([
      "kind service -> gateway",
      "image shop/api:1.2 -> none",
      "replicas 1 -> 2-6",
      "cpu 0.5 cores -> 1 cores",
      "memory 256 MiB -> 1 GiB",
      "gpus unset -> 1",
      "regions eu-west-1 -> eu-west-1, us-east-1",
    ]);
    expect(componentChanges(base, { ...base, location: { file: "x", line: 9 } })).toEqual([]);
  });

  it("formats byte sizes with binary units", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(20 * 1024 ** 3)).toBe("20 GiB");
  });
});

describe("renames", () => {
  const db = (image = "postgres:16") => ({ kind: "datastore" as const, image });

  it("reads a component with the same kind, image and calls under a new name as renamed, its calls unchanged", () => {
    const base = system(
      "kubernetes:shop",
      { web: "service", api: "service", "cart-db": db() },
      ["web>api", "api>cart-db"],
      ["web"],
    );
    const head = system(
      "kubernetes:shop",
      { web: "service", api: "service", "carts-db": db() },
      ["web>api", "api>carts-db"],
      ["web"],
    );
    const delta = diffGraphs(base, head);
    expect(delta.renamedComponents.map((r) => [r.base.name, r.head.name, r.reason])).toEqual([
      ["cart-db", "carts-db", "same-image-and-neighbours"],
    ]);
    expect(delta.addedComponents).toEqual([]);
    expect(delta.removedComponents).toEqual([]);
    expect(delta.addedEdges).toEqual([]);
    expect(delta.removedEdges).toEqual([]);
    expect(isEmptyDelta(delta)).toBe(false);
  });

  it("follows a declared former name (a moved block), even when the calls changed too", () => {
    const base = system(
      "terraform:.",
      { "aws_sqs_queue.jobs": "queue", worker: "service" },
      ["aws_sqs_queue.jobs>worker"],
      [],
    );
    const head = system(
      "terraform:.",
      {
        "module.jobs.aws_sqs_queue.this": { kind: "queue", aliases: ["aws_sqs_queue.jobs"] },
        worker: "service",
        audit: "service",
      },
      ["module.jobs.aws_sqs_queue.this>worker", "module.jobs.aws_sqs_queue.this>audit"],
      [],
    );
    const delta = diffGraphs(base, head);
    expect(delta.renamedComponents.map((r) => r.reason)).toEqual(["declared"]);
    expect(names(delta.addedComponents)).toEqual(["audit"]);
    expect(delta.addedEdges.map((edge) => `${edge.from}>${edge.to}`)).toEqual([
      "module.jobs.aws_sqs_queue.this>audit",
    ]);
    expect(delta.removedEdges).toEqual([]);
  });

  it("pairs components that share a literal name", () => {
    const base = system(
      "terraform:.",
      { "aws_s3_bucket.a": { kind: "datastore", aliases: ["uploads"] } },
      [],
      [],
    );
    const head = system(
      "terraform:.",
      { "aws_s3_bucket.b": { kind: "datastore", aliases: ["uploads"] } },
      [],
      [],
    );
    expect(diffGraphs(base, head).renamedComponents.map((r) => r.reason)).toEqual(["same-identity"]);
  });

  it("pairs a new version of a resource type, never a resource of another type in the same place", () => {
    const gateway = (type: string) => ({ kind: "gateway" as const, attributes: { type } });
    const base = system(
      "terraform:.",
      { "aws_api_gateway_rest_api.api": gateway("aws_api_gateway_rest_api"), fn: "service" },
      ["aws_api_gateway_rest_api.api>fn"],
      [],
    );
    const replaced = system(
      "terraform:.",
      { "aws_cloudfront_distribution.cdn": gateway("aws_cloudfront_distribution"), fn: "service" },
      ["aws_cloudfront_distribution.cdn>fn"],
      [],
    );
    const delta = diffGraphs(base, replaced);
    expect(delta.renamedComponents).toEqual([]);
    expect(names(delta.addedComponents)).toEqual(["aws_cloudfront_distribution.cdn"]);
    expect(names(delta.removedComponents)).toEqual(["aws_api_gateway_rest_api.api"]);

    const run = (type: string) => ({ kind: "service" as const, attributes: { type } });
    const v1 = system(
      "terraform:.",
      { "google_cloud_run_service.app": run("google_cloud_run_service"), db: "datastore" },
      ["google_cloud_run_service.app>db"],
      [],
    );
    const v2 = system(
      "terraform:.",
      { "google_cloud_run_v2_service.app": run("google_cloud_run_v2_service"), db: "datastore" },
      ["google_cloud_run_v2_service.app>db"],
      [],
    );
    expect(diffGraphs(v1, v2).renamedComponents.map((r) => r.reason)).toEqual(["same-image-and-neighbours"]);
  });

  it("leaves a swap alone when the image, the kind or the calls differ, or when two candidates fit", () => {
    const base = system("compose:.", { api: "service", "old-db": db() }, ["api>old-db"], []);
    const otherImage = system("compose:.", { api: "service", "new-db": db("mysql:8") }, ["api>new-db"], []);
    const otherCalls = system(
      "compose:.",
      { api: "service", worker: "service", "new-db": db() },
      ["worker>new-db"],
      [],
    );
    const twoFit = system(
      "compose:.",
      { api: "service", "db-a": db(), "db-b": db() },
      ["api>db-a", "api>db-b"],
      [],
    );
    for (const head of [otherImage, otherCalls, twoFit]) {
      const delta = diffGraphs(base, head);
      expect(delta.renamedComponents).toEqual([]);
      expect(names(delta.removedComponents)).toEqual(["old-db"]);
    }
  });

  const store = (kind: "cache" | "datastore" | "queue", image: string) => ({ kind, image });
  const renamed = (base: Parameters<typeof diffGraphs>[0], head: Parameters<typeof diffGraphs>[1]) =>
    diffGraphs(base, head).renamedComponents.map((r) => `${r.base.name}>${r.head.name}:${r.reason}`);

  it("reads a store swapped for one speaking the same protocol, with the same callers, as renamed", () => {
    const shop = (name: string, image: string, kind: "cache" | "datastore" = "cache") =>
      system(
        "compose:.",
        { api: "service", worker: "service", [name]: store(kind, image) },
        [`api>${name}`, `worker>${name}`],
        ["api"],
      );
    expect(renamed(shop("redis", "redis:7.2"), shop("valkey", "valkey/valkey:8.1"))).toEqual([
      "redis>valkey:compatible-store",
    ]);
    expect(
      renamed(
        shop("mysql", "mysql:8", "datastore"),
        shop("mariadb", "docker.io/library/mariadb:11", "datastore"),
      ),
    ).toEqual(["mysql>mariadb:compatible-store"]);
    expect(
      renamed(
        shop("mongodb", "mcr.microsoft.com/mirror/docker/library/mongo:4.2", "datastore"),
        shop("documentdb", "ghcr.io/documentdb/documentdb/documentdb-local:pg17", "datastore"),
      ),
    ).toEqual(["mongodb>documentdb:compatible-store"]);
  });

  it("keeps a store replaced by another protocol, another kind or other callers as removed and added", () => {
    const base = system(
      "compose:.",
      { api: "service", worker: "service", jobs: store("cache", "redis:7") },
      ["api>jobs", "worker>jobs"],
      ["api"],
    );
    const replacements = [
      // Another protocol: RabbitMQ is no drop-in for Redis, whatever the name.
      system(
        "compose:.",
        { api: "service", worker: "service", broker: store("cache", "rabbitmq:3") },
        ["api>broker", "worker>broker"],
        ["api"],
      ),
      // Another kind: a database takes over from the cache.
      system(
        "compose:.",
        { api: "service", worker: "service", ledger: store("datastore", "valkey/valkey:8") },
        ["api>ledger", "worker>ledger"],
        ["api"],
      ),
      // Other callers: a second cache for the worker alone.
      system(
        "compose:.",
        { api: "service", worker: "service", sessions: store("cache", "valkey/valkey:8") },
        ["worker>sessions"],
        ["api"],
      ),
    ];
    for (const head of replacements) {
      const delta = diffGraphs(base, head);
      expect(delta.renamedComponents).toEqual([]);
      expect(names(delta.removedComponents)).toEqual(["jobs"]);
      expect(delta.addedComponents).toHaveLength(1);
    }
  });

  it("reads images by repository: a new tag or registry is the same image", () => {
    const base = system("compose:.", { api: "service", db: db("postgres:13") }, ["api>db"], []);
    const head = system(
      "compose:.",
      { api: "service", postgres: db("docker.io/library/postgres:16@sha256:abc") },
      ["api>postgres"],
      [],
    );
    expect(renamed(base, head)).toEqual(["db>postgres:same-image-and-neighbours"]);
  });

  it("pairs the only component running an image on each side when a call is shared, and not otherwise", () => {
    // A server split into web and worker, its database renamed: each image runs once on each side.
    const base = system(
      "compose:.",
      { server: { kind: "service", image: "acme/app:2" }, db: db("postgres") },
      ["server>db"],
      ["server"],
    );
    const head = system(
      "compose:.",
      {
        web: { kind: "service", image: "acme/app:3" },
        worker: { kind: "service", image: "acme/app-worker:3" },
        postgres: db("postgres:latest"),
        redis: store("cache", "redis:7"),
      },
      ["web>postgres", "worker>postgres", "web>redis"],
      ["web"],
    );
    expect(renamed(base, head)).toEqual(["server>web:same-image", "db>postgres:same-image"]);
    // One image for every service (one binary, several commands): the image names none of them.
    const monorepo = (service: string, store: string) =>
      system(
        "compose:.",
        {
          frontend: { kind: "service", image: "acme/all:1" },
          [service]: { kind: "service", image: "acme/all:1" },
          [store]: db("mariadb"),
        },
        [`frontend>${service}`, `${service}>${store}`],
        ["frontend"],
      );
    expect(renamed(monorepo("customer", "customer-db"), monorepo("payments", "ledger"))).toEqual([]);
    // The only image on each side, but nothing in common: another service, not the same one renamed.
    expect(
      renamed(
        system("compose:.", { api: "service", db: db("postgres") }, ["api>db"], []),
        system("compose:.", { reports: "service", warehouse: db("postgres") }, ["reports>warehouse"], []),
      ),
    ).toEqual([]);
  });

  it("lets one pair found make its neighbours' calls match in the next round", () => {
    const base = system(
      "compose:.",
      {
        web: "service",
        "api-v1": { kind: "service", image: "acme/api:1" },
        cache: store("cache", "redis:7"),
      },
      ["web>api-v1", "api-v1>cache"],
      ["web"],
    );
    const head = system(
      "compose:.",
      {
        web: "service",
        api: { kind: "service", image: "acme/api:2" },
        valkey: store("cache", "valkey/valkey:8"),
      },
      ["web>api", "api>valkey"],
      ["web"],
    );
    expect(renamed(base, head)).toEqual(["api-v1>api:same-image", "cache>valkey:compatible-store"]);
    expect(diffGraphs(base, head).addedEdges).toEqual([]);
  });

  it("reads a service built from source by its build context when it names no image", () => {
    const built = (context: string) => ({ kind: "service" as const, attributes: { build: context } });
    const base = system("compose:.", { web: "service", api: built("services/api") }, ["web>api"], ["web"]);
    const head = system(
      "compose:.",
      { web: "service", backend: built("services/api"), cache: store("cache", "redis:7") },
      ["web>backend", "backend>cache"],
      ["web"],
    );
    expect(renamed(base, head)).toEqual(["api>backend:same-image"]);
    // Two services built from one context (one code base, two commands): the context names neither.
    const twoFromOne = system(
      "compose:.",
      { web: "service", backend: built("services/api"), jobs: built("services/api") },
      ["web>backend", "backend>jobs"],
      ["web"],
    );
    expect(renamed(base, twoFromOne)).toEqual([]);
  });

  it("pairs the only component running an image when the old one had no call to compare", () => {
    const base = system("compose:.", { postgresql: db("postgres:14-alpine") }, [], []);
    const head = system(
      "compose:.",
      { postgres: db("postgres:14-alpine"), product: { kind: "service", image: "acme/product:1" } },
      ["product>postgres"],
      [],
    );
    expect(renamed(base, head)).toEqual(["postgresql>postgres:same-image"]);
  });

  it("never pairs components no file defines: their name is all they are", () => {
    const unresolved = { kind: "external" as const, attributes: { unresolved: true } };
    const base = system(
      "kubernetes:prod",
      { app: "service", db: "service", jaeger: unresolved },
      ["app>jaeger", "db>jaeger"],
      ["app"],
    );
    const head = system(
      "kubernetes:prod",
      { app: "service", db: "service", "grafana-agent.default": unresolved },
      ["app>grafana-agent.default", "db>grafana-agent.default"],
      ["app"],
    );
    const delta = diffGraphs(base, head);
    expect(delta.renamedComponents).toEqual([]);
    expect(names(delta.removedComponents)).toEqual(["jaeger"]);
    expect(names(delta.addedComponents)).toEqual(["grafana-agent.default"]);
  });

  it("pairs a store swapped for a drop-in when nothing is seen calling the old one", () => {
    // The platform hands the application its cache host: no file names it, so no call is drawn.
    const site = (name: string, image: string) =>
      system(
        "compose:.",
        { php: "service", database: db("uselagoon/mariadb-10.11:25"), [name]: store("cache", image) },
        ["php>database"],
        ["php"],
      );
    expect(
      renamed(site("redis", "uselagoon/redis-6:25.4.0"), site("valkey", "uselagoon/valkey-8:25.4.0")),
    ).toEqual(["redis>valkey:compatible-store"]);
    // Two Redis-protocol caches gone at once: which one became the Valkey is anybody's guess.
    const twoCaches = system(
      "compose:.",
      { php: "service", redis: store("cache", "redis:7"), sessions: store("cache", "redis:7") },
      [],
      ["php"],
    );
    expect(renamed(twoCaches, site("valkey", "valkey/valkey:8"))).toEqual([]);
  });
});
