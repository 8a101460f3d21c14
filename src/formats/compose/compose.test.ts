import { describe, expect, it } from "vitest";
import type { Edge, SystemGraph } from "../../graph/model.js";
import { FORMATS } from "../index.js";
import { readFixture } from "./__fixtures__/read-fixture.js";
import { composeFormat } from "./index.js";

const FAR = Date.now() + 60_000;

async function shop() {
  return composeFormat.extract(readFixture("shop"), { deadline: FAR });
}

function system(systems: SystemGraph[], id: string): SystemGraph {
  const found = systems.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no system ${id} in ${systems.map((s) => s.id).join(", ")}`);
  return found;
}

function edge(graph: SystemGraph, from: string, to: string): Edge | undefined {
  return graph.edges.find((candidate) => candidate.from === from && candidate.to === to);
}

function edgePairs(graph: SystemGraph): string[] {
  return graph.edges.map((candidate) => `${candidate.from}->${candidate.to}`).sort();
}

describe("compose extractor on a development stack", () => {
  it("is registered first among the formats, with its own path test and the same extraction", async () => {
    expect(FORMATS[0]!.id).toBe(composeFormat.id);
    expect(FORMATS[0]!.claims).toBe(composeFormat.claims);
    expect(await FORMATS[0]!.extract(readFixture("shop"), { deadline: FAR })).toEqual(await shop());
  });

  it("finds nothing through the registry in a tree with no file it claims", async () => {
    const others = [{ path: "infra/main.tf", text: 'resource "aws_sqs_queue" "q" {}\n' }];
    expect(await FORMATS[0]!.extract(others, { deadline: FAR })).toEqual({
      systems: [],
      warnings: [],
      notes: [],
    });
  });

  it("makes one system for the base with its override, one per overlay variant and one per standalone file", async () => {
    const result = await shop();
    expect(result.systems.map((graph) => graph.id)).toEqual([
      "compose:.",
      "compose:.#compose.prod.yaml",
      "compose:.#docker-compose.e2e.yml",
    ]);
    expect(result.warnings).toEqual([]);
  });

  it("reads every service as a component with its kind, location, replicas and resources", async () => {
    const graph = system((await shop()).systems, "compose:.");
    const kinds = Object.fromEntries(graph.components.map((component) => [component.name, component.kind]));
    expect(kinds).toEqual({
      web: "service",
      proxy: "gateway",
      api: "service",
      worker: "service",
      db: "datastore",
      cache: "cache",
      events: "queue",
      search: "datastore",
      "docs-a": "datastore",
      "docs-b": "datastore",
      seed: "service",
      "api.stripe.com": "external",
      "flags.example.com": "external",
    });
    const api = graph.components.find((component) => component.name === "api")!;
    expect(api.location).toEqual({ file: "compose.yaml", line: 26 });
    expect(api.image).toBe("registry.example.com/shop/api:1.4.2");
    expect(api.replicas).toEqual({ min: 3, max: 3 });
    expect(api.resources).toEqual({ cpuCores: 0.5, memoryBytes: 512 * 1024 * 1024, gpus: 1 });
    const seed = graph.components.find((component) => component.name === "seed")!;
    expect(seed.attributes).toEqual({ build: "seed", profiles: "tools" });
    const cache = graph.components.find((component) => component.name === "cache")!;
    expect(cache.aliases).toEqual(["session-store"]);
  });

  it("finds edges from depends_on, links, environment and env files, merging evidence per pair", async () => {
    const graph = system((await shop()).systems, "compose:.");
    expect(edgePairs(graph)).toEqual(
      [
        "web->api",
        "web->cache",
        "proxy->web",
        "api->db",
        "api->cache",
        "api->events",
        "api->search",
        "api->docs-a",
        "api->docs-b",
        "api->api.stripe.com",
        "api->flags.example.com",
        "worker->events",
        "worker->db",
        "seed->db",
      ].sort(),
    );
    expect(edge(graph, "web", "api")!.evidence).toEqual([
      { file: "compose.yaml", line: 12, rule: "compose/depends-on", detail: "depends_on: api" },
      { file: "compose.yaml", line: 14, rule: "compose/env-host", detail: "env API_URL=http://api:3000/v1" },
    ]);
    // container_name and network aliases lead back to their service.
    expect(edge(graph, "worker", "events")!.evidence.map((item) => item.detail)).toEqual([
      "depends_on: events",
      "env BROKER_URL=kafka://shop-events:9092",
    ]);
    expect(edge(graph, "web", "cache")!.evidence).toEqual([
      {
        file: "compose.override.yaml",
        line: 10,
        rule: "compose/env-host",
        detail: "env SESSION_HOST=session-store",
      },
    ]);
    expect(edge(graph, "api", "docs-b")!.evidence[0]).toMatchObject({ file: "config/api.env", line: 2 });
    expect(edge(graph, "api", "search")!.evidence[0]!.detail).toBe("env SEARCH_URL=http://search:9200");
    expect(edge(graph, "proxy", "web")!.evidence[0]!.detail).toBe("links: web:frontend");
    expect(
      edge(graph, "api", "api.stripe.com")!.evidence.map((item) => [item.line, item.rule, item.detail]),
    ).toEqual([
      [33, "compose/env-host", "env PAYMENTS_URL=https://api.stripe.com/v1"],
      [36, "compose/provider-key", "env STRIPE_API_KEY=***"],
    ]);
  });

  it("marks edges to queues async and every other edge sync", async () => {
    const graph = system((await shop()).systems, "compose:.");
    expect(
      graph.edges
        .filter((item) => item.kind === "async")
        .map((item) => `${item.from}->${item.to}`)
        .sort(),
    ).toEqual(["api->events", "worker->events"]);
  });

  it("never records a credential in evidence or attributes", async () => {
    const result = await shop();
    const text = JSON.stringify(result);
    expect(text).not.toContain("s3cr3t-pw");
    expect(text).not.toContain("sk_live_");
    expect(text).not.toContain("another-secret");
    const graph = system(result.systems, "compose:.");
    expect(edge(graph, "api", "db")!.evidence[0]!.detail).toBe(
      "env DATABASE_URL=postgres://shop:***@db:5432/shop",
    );
  });

  it("publishes entry points for services behind ports but not for stores", async () => {
    const graph = system((await shop()).systems, "compose:.");
    expect(graph.entryPoints.map((entry) => [entry.component, entry.via])).toEqual([
      ["web", "published port 8080"],
      ["proxy", "published port 8443"],
      ["api", "published port 127.0.0.1:9229"],
    ]);
    const db = graph.components.find((component) => component.name === "db")!;
    expect(db.attributes).toEqual({ publishedPorts: "127.0.0.1:5432" });
    expect(graph.entryPoints[1]!.evidence).toEqual([
      {
        file: "compose.yaml",
        line: 20,
        rule: "compose/published-port",
        detail: "ports: published: 8443, target: 443",
      },
    ]);
  });

  it("applies an overlay variant to the base without the override file", async () => {
    const graph = system((await shop()).systems, "compose:.#compose.prod.yaml");
    const api = graph.components.find((component) => component.name === "api")!;
    expect(api.replicas).toEqual({ min: 6, max: 6 });
    expect(edge(graph, "web", "cache")).toBeUndefined();
    expect(graph.entryPoints.map((entry) => [entry.component, entry.via])).toEqual([
      ["web", "published ports 8080, 80"],
      ["proxy", "published port 8443"],
    ]);
  });

  it("keeps a standalone variant on its own", async () => {
    const graph = system((await shop()).systems, "compose:.#docker-compose.e2e.yml");
    expect(graph.components.map((component) => [component.name, component.location.file])).toEqual([
      ["api", "docker-compose.e2e.yml"],
      ["tester", "docker-compose.e2e.yml"],
    ]);
    expect(edgePairs(graph)).toEqual(["tester->api"]);
  });

  it("notes an env file it was not given instead of failing", async () => {
    const result = await shop();
    expect(result.notes).toEqual([
      "compose: env_file ./config/local.env of service api (compose.yaml) is not among the files read; its variables were not checked",
    ]);
  });
});
