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
});
