import { describe, expect, it } from "vitest";
import { analyzeGraphs } from "../../src/analysis/analyze.js";
import { MAX_JSON_NAMES, toJsonReport } from "../../src/report/json.js";
import { graphSet, system } from "../analysis/graphs.js";
import { report, workedExample, workedSystem } from "./fixtures.js";

describe("toJsonReport", () => {
  const json = toJsonReport(workedExample());
  const system = json.systems[0]!;

  it("carries the headline, flags and version", () => {
    expect(json.version).toBe(1);
    expect(json.headline).toBe("+4 components, +3 round trips on web, availability 99.70% -> 99.40%");
    expect(json.changed).toBe(true);
    expect(json.fingerprint).toBe("f00dcafe");
    expect(system).toMatchObject({ id: "compose:deploy", format: "compose", status: "changed" });
  });

  it("lists added components and calls with file and line", () => {
    expect(system.addedComponents.map((c) => c.name)).toEqual(["cache", "events", "indexer", "search"]);
    expect(system.addedComponents[3]).toEqual({
      name: "search",
      kind: "datastore",
      file: "deploy/docker-compose.yml",
      line: 34,
    });
    expect(system.addedEdges).toHaveLength(5);
    expect(system.addedEdges[1]).toMatchObject({ from: "api", to: "events", kind: "async" });
    expect(system.addedEdges[1]!.evidence[0]).toEqual({
      rule: "compose/env-host",
      file: "deploy/docker-compose.yml",
      line: 12,
      detail: "KAFKA_BROKERS=events:9092",
    });
    expect(system.removedComponents).toEqual([]);
  });

  it("gives entry-point numbers at base and head and the downtime difference", () => {
    const web = system.entryPoints[0]!;
    expect(web.name).toBe("web");
    expect(web.base).toMatchObject({ roundTrips: 3, depth: 3, components: 3 });
    expect(web.head).toMatchObject({ roundTrips: 6, depth: 3, components: 6 });
    expect(web.base!.availability).toBeCloseTo(0.997003, 6);
    expect(web.head!.availability).toBeCloseTo(0.994015, 6);
    // (0.999^3 - 0.999^6) x 8766 h
    expect(web.downtimeHoursPerYear).toBeCloseTo(26.193, 2);
  });

  it("includes blast radius, merge candidates, background, warnings and notes", () => {
    expect(system.blastRadius).toContainEqual({
      component: "search",
      base: [],
      head: ["web"],
      baseCount: 0,
      headCount: 1,
    });
    expect(system.mergeCandidates).toEqual([
      { component: "api", caller: "web", entryPoints: ["web"], savedRoundTrips: 1 },
    ]);
    expect(system.background).toEqual(["indexer"]);
    expect(json.warnings[0]).toEqual({
      id: "compose/unknown-depends-on",
      file: "deploy/docker-compose.yml",
      line: 9,
      message: "depends_on names `mailer`, which is not a service",
    });
    expect(json.notes).toEqual(["Helm chart under charts/ skipped"]);
  });

  it("redacts credentials everywhere", () => {
    const leaky = workedSystem();
    leaky.delta.addedEdges[0]!.evidence[0]!.detail = "DATABASE_URL=postgres://app:hunter2@posts-db/posts";
    leaky.delta.addedComponents[0]!.name = "cache-https://user:hunter2@cache.example.com";
    leaky.delta.addedEdges[1]!.evidence[0]!.detail = "REDIS_URL=redis://:hunter2@cache:6379";
    const text = JSON.stringify(
      toJsonReport(report([leaky], { notes: ["token ghp_abcdefghijklmnopqrstuvwxyz0123456789"] })),
    );
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("ghp_abcdefghijklmnopqrstuvwxyz0123456789");
    expect(text).toContain("postgres://app:***@posts-db/posts");
    expect(text).toContain("redis://:***@cache:6379");
  });

  it("uses null for unknown lines and missing sides", () => {
    const system = workedSystem();
    system.delta.addedComponents[0]!.location = { file: "deploy/docker-compose.yml" };
    system.entryPoints.push({
      entry: "admin",
      head: { ...system.entryPoints[0]!.head!, via: "published port 9000" },
    });
    const out = toJsonReport(report([system])).systems[0]!;
    expect(out.addedComponents[0]!.line).toBeNull();
    expect(out.entryPoints[1]).toMatchObject({ name: "admin", base: null, downtimeHoursPerYear: null });
  });

  it("prints the graph at head: components with kind and location, calls with evidence, entry points", () => {
    const graph = system.graph!;
    expect(graph.components.map((c) => c.name)).toEqual(workedSystem().head!.components.map((c) => c.name));
    expect(graph.components.find((c) => c.name === "search")).toMatchObject({
      kind: "datastore",
      file: "deploy/docker-compose.yml",
      line: 34,
      aliases: [],
      replicas: null,
    });
    const toEvents = graph.edges.find((e) => e.from === "api" && e.to === "events")!;
    expect(toEvents).toMatchObject({ kind: "async" });
    expect(toEvents.evidence[0]).toMatchObject({ rule: "compose/env-host", line: 12 });
    expect(graph.entryPoints.map((e) => e.component)).toEqual(["web"]);
    expect(graph.entryPoints[0]!.evidence.length).toBeGreaterThan(0);
  });

  it("gives no graph for a system the change removes, and redacts what the graph quotes", () => {
    const removed = { ...workedSystem(), status: "removed" as const, head: undefined };
    expect(toJsonReport(report([removed])).systems[0]!.graph).toBeNull();
    const leaky = workedSystem();
    const db = leaky.head!.components.find((c) => c.name === "posts-db")!;
    db.image = "registry.example.com/pg:16";
    db.attributes = { dsn: "postgres://app:hunter2@posts-db/posts" };
    leaky.head!.edges[0]!.evidence[0]!.detail = "DATABASE_URL=postgres://app:hunter2@posts-db/posts";
    const text = JSON.stringify(toJsonReport(report([leaky])).systems[0]!.graph);
    expect(text).not.toContain("hunter2");
    expect(text).toContain("postgres://app:***@posts-db/posts");
    expect(text).toContain("registry.example.com/pg:16");
  });
});

describe("a system too dense to list in full", () => {
  it("shares out the names it lists and still gives every count", () => {
    const count = 1500;
    const names = Array.from({ length: count }, (_, index) => `s${index}`);
    const ring = system(
      "compose:ring",
      Object.fromEntries(names.map((name) => [name, "service" as const])),
      names.map((name, index) => `${name}>${names[(index + 1) % count]}`),
      names,
    );
    const empty = { systems: [], warnings: [], notes: [] };
    const [only] = toJsonReport(analyzeGraphs(empty, graphSet(ring))).systems;
    // 1,500 paths and 1,500 blast-radius lists (base empty, head all): 100,000 / 4,500 names each.
    const limit = Math.floor(MAX_JSON_NAMES / (count + 2 * count));
    expect(only!.entryPoints[7]!.head).toMatchObject({ components: count, roundTrips: count + 1 });
    expect(only!.entryPoints[7]!.head!.requestPath).toEqual(
      [...names.slice(7), ...names.slice(0, 7)].slice(0, limit),
    );
    expect(only!.blastRadius[0]).toEqual({
      component: "s0",
      base: [],
      head: names.slice(0, limit),
      baseCount: 0,
      headCount: count,
    });
    const listed = only!.entryPoints.reduce((sum, entry) => sum + entry.head!.requestPath.length, 0);
    const radius = only!.blastRadius.reduce((sum, change) => sum + change.head.length, 0);
    expect(listed + radius).toBeLessThanOrEqual(MAX_JSON_NAMES);
  });
});
