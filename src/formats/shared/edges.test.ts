import { describe, expect, it } from "vitest";
import type { ComponentKind, Evidence } from "../../graph/model.js";
import { EdgeCollector, edgeKindOf } from "./edges.js";

const found = (line: number, rule = "test/env-host", detail = `line ${line}`): Evidence => ({
  file: "compose.yaml",
  line,
  rule,
  detail,
});

describe("EdgeCollector", () => {
  it("keeps one edge per pair with each piece of evidence once, and drops calls to self", () => {
    const collector = new EdgeCollector();
    collector.add("web", "api", found(3));
    collector.add("web", "api", found(3));
    collector.add("web", "api", found(3, "test/depends-on", "depends_on api"));
    collector.add("web", "events", found(4));
    collector.add("api", "api", found(5));
    collector.add("web", "api", found(6));
    const kinds: Record<string, ComponentKind> = { web: "service", api: "service", events: "queue" };
    const edges = collector.edges((name) => kinds[name]);
    expect(edges.map((edge) => [edge.from, edge.to, edge.kind])).toEqual([
      ["web", "api", "sync"],
      ["web", "events", "async"],
    ]);
    expect(edges[0]!.evidence.map((item) => [item.line, item.rule])).toEqual([
      [3, "test/env-host"],
      [3, "test/depends-on"],
      [6, "test/env-host"],
    ]);
  });

  it("keeps the first rule when a second rule finds the same words at the same place", () => {
    const collector = new EdgeCollector();
    collector.add("web", "api", found(3, "test/network-policy", "allows api"));
    collector.add("web", "api", found(3, "test/gateway-route", "allows api"));
    collector.add("web", "api", found(3, "test/gateway-route", "routes to api"));
    collector.add("web", "api", { ...found(3, "test/gateway-route", "allows api"), file: "other.yaml" });
    const [edge] = collector.edges(() => "service");
    expect(edge!.evidence.map((item) => [item.file, item.rule, item.detail])).toEqual([
      ["compose.yaml", "test/network-policy", "allows api"],
      ["compose.yaml", "test/gateway-route", "routes to api"],
      ["other.yaml", "test/gateway-route", "allows api"],
    ]);
  });

  it("is async only to or from a queue, an unknown end included as sync", () => {
    expect(edgeKindOf("service", "queue")).toBe("async");
    expect(edgeKindOf("queue", "service")).toBe("async");
    expect(edgeKindOf("service", "datastore")).toBe("sync");
    expect(edgeKindOf(undefined, undefined)).toBe("sync");
  });
});
