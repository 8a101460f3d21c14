import { describe, expect, it } from "vitest";
import { askDelete, askExplain, askMerge } from "../../src/analysis/questions.js";
import { closestNames, editDistance } from "../../src/analysis/find-component.js";
import { whatIfDelete, whatIfMerge } from "../../src/analysis/what-if.js";
import { system } from "./graphs.js";

const A = 0.999;

/**
 * web -> api -> profile -> db, api -> cache, admin -> profile; web and admin are entry points.
 * web's path: web, api, profile, cache, db (4 calls + the client's = 5 round trips, depth 4).
 * admin's path: admin, profile, db (3 round trips, depth 3).
 */
const SHOP = system(
  "compose:.",
  { web: "service", admin: "service", api: "service", profile: "service", db: "datastore", cache: "cache" },
  ["web>api", "api>profile", "profile>db", "api>cache", "admin>profile"],
  ["web", "admin"],
);
const BILLING = system(
  "compose:billing",
  { billing: "service", ledger: "datastore" },
  ["billing>ledger"],
  ["billing"],
);

function numbers(metrics: {
  requestPath: string[];
  roundTrips: number;
  depth: number;
  availability: number;
}) {
  return [metrics.requestPath, metrics.roundTrips, metrics.depth, metrics.availability];
}

describe("what if one component ran inside another", () => {
  it("takes the call between them off every path and counts what each entry point then reaches", () => {
    const result = whatIfMerge(SHOP, "profile", "api", A);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [web, admin] = result.outcome.entryPoints;
    expect(numbers(web!.before)).toEqual([["web", "api", "profile", "cache", "db"], 5, 4, A ** 5]);
    expect(numbers(web!.after!)).toEqual([["web", "api", "db", "cache"], 4, 3, A ** 4]);
    // admin called profile; it now calls the process profile runs in, which also reaches the cache.
    expect(numbers(admin!.before)).toEqual([["admin", "profile", "db"], 3, 3, A ** 3]);
    expect(numbers(admin!.after!)).toEqual([["admin", "api", "db", "cache"], 4, 3, A ** 4]);
    expect(result.outcome).toMatchObject({
      componentsBefore: 6,
      componentsAfter: 5,
      otherCallers: ["admin"],
      blastRadius: { before: ["web"], after: ["web", "admin"] },
    });
  });

  it("moves an entry point with the component it runs inside", () => {
    const result = whatIfMerge(SHOP, "web", "api", A);
    if (!result.ok) throw new Error("refused");
    const web = result.outcome.entryPoints.find((outcome) => outcome.entry === "web")!;
    expect(web.afterEntry).toBe("api");
    expect(numbers(web.after!)).toEqual([["api", "profile", "cache", "db"], 4, 3, A ** 4]);
  });

  it.each([
    ["profile", "profile", { reason: "same-component" }],
    ["db", "api", { reason: "not-code", component: "db", kind: "datastore" }],
    ["api", "cache", { reason: "into-not-code", component: "cache", kind: "cache" }],
  ])("refuses %s into %s", (moved, into, refusal) => {
    expect(whatIfMerge(SHOP, moved, into, A)).toEqual({ ok: false, refusal });
  });

  it("refuses components of different systems and names the closest when one is not found", () => {
    expect(askMerge([SHOP, BILLING], "billing", "api", A)).toEqual({
      kind: "different-systems",
      moved: ["compose:billing"],
      into: ["compose:."],
    });
    expect(askMerge([SHOP, BILLING], "profle", "api", A)).toEqual({
      kind: "not-found",
      name: "profle",
      closest: ["profile"],
    });
    expect(askMerge([SHOP], "db", "api", A)).toMatchObject({ kind: "refused", system: "compose:." });
  });
});

describe("what if one component were deleted", () => {
  it("says which entry points lose what, and what nothing reaches any more", () => {
    const outcome = whatIfDelete(SHOP, "profile", A);
    expect(outcome.entryPoints.map((e) => [e.entry, e.effect, e.lost, e.after?.roundTrips])).toEqual([
      ["web", "loses", ["profile", "db"], 3],
      ["admin", "loses", ["profile", "db"], 1],
    ]);
    expect(outcome.callers).toEqual(["api", "admin"]);
    expect(outcome.stranded).toEqual(["db"]);
  });

  it("loses an entry point with the component that was it; the others survive", () => {
    const outcome = whatIfDelete(SHOP, "web", A);
    expect(outcome.entryPoints.map((e) => [e.entry, e.effect, e.lost])).toEqual([
      ["web", "gone", ["web", "api", "profile", "cache", "db"]],
      ["admin", "unaffected", []],
    ]);
    expect(outcome.stranded).toEqual(["api", "cache"]);
    expect(outcome.callers).toEqual([]);
  });

  it("a leaf cache costs one entry point a round trip and takes nothing else with it", () => {
    const outcome = whatIfDelete(SHOP, "cache", A);
    const web = outcome.entryPoints[0]!;
    expect([web.effect, web.lost, web.before.roundTrips, web.after!.roundTrips]).toEqual([
      "loses",
      ["cache"],
      5,
      4,
    ]);
    expect(web.after!.availability).toBeCloseTo(A ** 4, 12);
    expect(outcome.stranded).toEqual([]);
    expect(askDelete([SHOP, BILLING], "ledger", A)).toMatchObject({
      kind: "answered",
      answers: [{ system: "compose:billing", stranded: [] }],
    });
  });
});

describe("explain", () => {
  it("lists callers and callees with evidence, and the paths through the component", () => {
    const answer = askExplain([SHOP], "PROFILE", A);
    if (answer.kind !== "answered") throw new Error(answer.kind);
    const [explained] = answer.answers;
    expect(explained!.callers.map((n) => [n.name, n.kind, n.evidence[0]?.detail])).toEqual([
      ["api", "sync", "api>profile"],
      ["admin", "sync", "admin>profile"],
    ]);
    expect(explained!.callees.map((n) => n.name)).toEqual(["db"]);
    expect(explained!.paths.map((p) => [p.entry, p.roundTrips, p.callsTouching, p.availability])).toEqual([
      ["web", 5, 2, A ** 5],
      ["admin", 3, 2, A ** 3],
    ]);
    expect(explained!.entryVia).toBeUndefined();
    expect(explained!.mergeInto).toBeUndefined();
    expect(askExplain([SHOP], "web", A)).toMatchObject({ answers: [{ entryVia: "published port 8080" }] });
  });

  it("finds the closest names: a few edits away, or containing the name", () => {
    expect(editDistance("profile", "proflie")).toBe(1);
    expect(closestNames(["profile", "payments", "api", "web"], "pay")).toEqual(["api", "payments"]);
    expect(closestNames(["profile", "api"], "zzzzzzzz")).toEqual([]);
  });
});
