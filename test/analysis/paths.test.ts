import { describe, expect, it } from "vitest";
import { callGraph } from "../../src/analysis/call-graph.js";
import { depth } from "../../src/analysis/depth.js";
import { requestPath } from "../../src/analysis/request-path.js";
import { roundTrips } from "../../src/analysis/roundtrips.js";
import { system } from "./graphs.js";

function measure(graph: ReturnType<typeof system>, entry: string) {
  const calls = callGraph(graph);
  const path = requestPath(calls, entry);
  return { path, roundTrips: roundTrips(calls, path), depth: depth(calls, entry) };
}

describe("request path, round trips and depth", () => {
  it("counts a chain web -> api -> db as 3 round trips, depth 3", () => {
    const graph = system(
      "compose:.",
      { web: "service", api: "service", db: "datastore" },
      ["web>api", "api>db"],
      ["web"],
    );
    expect(measure(graph, "web")).toEqual({ path: ["web", "api", "db"], roundTrips: 3, depth: 3 });
  });

  it("terminates on a cycle and counts each of its calls once", () => {
    const graph = system(
      "compose:.",
      { a: "service", b: "service", c: "service" },
      ["a>b", "b>c", "c>a", "b>a", "a>b"],
      ["a"],
    );
    // a>b, b>c, c>a, b>a: the duplicated a>b is one declared call.
    expect(measure(graph, "a")).toEqual({ path: ["a", "b", "c"], roundTrips: 5, depth: 3 });
  });

  it("counts a self-call once and does not let it lengthen the chain", () => {
    const graph = system("compose:.", { a: "service", db: "datastore" }, ["a>a", "a>db"], ["a"]);
    expect(measure(graph, "a")).toEqual({ path: ["a", "db"], roundTrips: 3, depth: 2 });
  });

  it("does not walk out of a queue: consumers and their calls stay off the path", () => {
    const graph = system(
      "compose:.",
      { api: "service", jobs: "queue", worker: "service", mailer: "external", db: "datastore" },
      ["api>jobs", "api>db", "worker>jobs", "worker>mailer", "jobs>worker"],
      ["api"],
    );
    expect(measure(graph, "api")).toEqual({ path: ["api", "jobs", "db"], roundTrips: 3, depth: 2 });
  });

  it("takes the longest chain, not the first one found", () => {
    const graph = system(
      "compose:.",
      { gw: "gateway", a: "service", b: "service", c: "service", db: "datastore" },
      ["gw>db", "gw>a", "a>b", "b>c", "c>db", "a>db"],
      ["gw"],
    );
    // client>gw>a>b>c>db = 5 calls, although db is first reached directly from gw.
    const measured = measure(graph, "gw");
    expect(measured.depth).toBe(5);
    expect(measured.roundTrips).toBe(7);
    expect(measured.path).toEqual(["gw", "db", "a", "b", "c"]);
  });

  it("handles a diamond by reusing what it measured", () => {
    const graph = system(
      "compose:.",
      { e: "service", l: "service", r: "service", s: "datastore" },
      ["e>l", "e>r", "l>s", "r>s"],
      ["e"],
    );
    expect(measure(graph, "e")).toEqual({ path: ["e", "l", "r", "s"], roundTrips: 5, depth: 3 });
  });

  it("measures a 20 000 component chain without overflowing the stack", () => {
    const names = Array.from({ length: 20_000 }, (_, index) => `s${index}`);
    const graph = system(
      "compose:.",
      Object.fromEntries(names.map((name) => [name, "service" as const])),
      names.slice(1).map((name, index) => `${names[index]}>${name}`),
      ["s0"],
    );
    const measured = measure(graph, "s0");
    expect(measured.depth).toBe(20_000);
    expect(measured.roundTrips).toBe(20_000);
    expect(measured.path).toHaveLength(20_000);
  });

  it("an entry point with no calls is one round trip and one component", () => {
    const graph = system("compose:.", { web: "service" }, [], ["web"]);
    expect(measure(graph, "web")).toEqual({ path: ["web"], roundTrips: 1, depth: 1 });
  });
});
