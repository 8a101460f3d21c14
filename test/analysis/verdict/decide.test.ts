import { describe, expect, it } from "vitest";
import { analyzeGraphs } from "../../../src/analysis/analyze.js";
import { componentKey, type Declaration } from "../../../src/analysis/declarations.js";
import { evaluateGate } from "../../../src/analysis/gate.js";
import { decideVerdict } from "../../../src/analysis/verdict/decide.js";
import { DEFAULT_VERDICT_CONFIG } from "../../../src/analysis/verdict/types.js";
import { graphSet, system } from "../graphs.js";

const before = system("compose:.", { gateway: "service", users: "service" }, ["gateway>users"], ["gateway"]);
const split = system(
  "compose:.",
  { gateway: "service", users: "service", profile: "service" },
  ["gateway>users", "users>profile"],
  ["gateway"],
);

function verdictOf(base = before, head = split, declarations: Declaration[] = []) {
  return decideVerdict(analyzeGraphs(graphSet(base), graphSet(head)), {}, declarations);
}

const geography: Declaration = { trigger: "geography", reason: "EU users", author: "alice", source: "body" };

describe("decideVerdict", () => {
  it("finds a split with no trigger unjustified and names the box to delete", () => {
    const verdict = verdictOf();
    expect(verdict.verdict).toBe("unjustified");
    expect(verdict.line).toBe(
      "+1 service, +1 round trip on `gateway`: not justified by any of the four triggers; `profile` is called only by `users`: run it in-process",
    );
    expect(verdict.uncovered.map((addition) => addition.component)).toEqual(["profile"]);
  });

  it("finds the same split justified by a declaration and says by whom", () => {
    const verdict = verdictOf(before, split, [geography]);
    expect(verdict.verdict).toBe("justified");
    expect(verdict.systems[0]!.additions[0]!.coveredBy).toEqual(["geography"]);
    expect(verdict.line).toContain(
      "justified: geography (declared by @alice in the pull request body: EU users)",
    );
  });

  it("calls a merge reduced", () => {
    expect(verdictOf(split, before).verdict).toBe("reduced");
  });

  it("finds an untouched tree no-change", () => {
    const verdict = verdictOf(before, before);
    expect(verdict.verdict).toBe("no-change");
    expect(verdict.line).toBe("No architectural change");
  });

  it("says a swap that adds nothing on balance adds no distribution, not that nothing changed", () => {
    const swapped = system(
      "compose:.",
      { gateway: "service", cache: "cache" },
      ["gateway>cache"],
      ["gateway"],
    );
    const verdict = verdictOf(before, swapped);
    expect(verdict.verdict).toBe("no-change");
    expect(verdict.line).toBe("No added distribution");
  });

  it("shows an addition a standing declaration does not cover", () => {
    const more = system(
      "compose:.",
      { gateway: "service", users: "service", profile: "service", audit: "service" },
      ["gateway>users", "users>profile", "users>audit"],
      ["gateway"],
    );
    const standing = { ...geography, headSha: "1111111aaaa", covers: [componentKey("compose:.", "profile")] };
    const verdict = verdictOf(before, more, [standing]);
    expect(verdict.verdict).toBe("unjustified");
    expect(verdict.uncovered.map((addition) => addition.component)).toEqual(["audit"]);
    expect(verdict.line).toContain("`audit` came after the justification given at 1111111 (geography)");
  });
});

describe("the gate on the verdict", () => {
  const report = analyzeGraphs(graphSet(before), graphSet(split));
  const unjustified = decideVerdict(report);

  it("fails an unjustified change with `unjustified: fail`, naming what nothing covers", () => {
    const gate = evaluateGate(report, undefined, { verdict: unjustified, unjustified: "fail" });
    expect(gate.failed).toBe(true);
    expect(gate.findings).toEqual([
      {
        limit: "verdict",
        level: "fail",
        line: unjustified.line,
        uncovered: [{ system: "compose:.", component: "profile" }],
      },
    ]);
  });

  it("only warns with `unjustified: warn`, and says nothing with `off`", () => {
    const warned = evaluateGate(report, undefined, { verdict: unjustified, unjustified: "warn" });
    expect(warned.failed).toBe(false);
    expect(warned.findings.map((finding) => finding.level)).toEqual(["warn"]);
    expect(evaluateGate(report, undefined, { verdict: unjustified, unjustified: "off" }).findings).toEqual(
      [],
    );
  });

  it("passes a justified change in either mode", () => {
    const justified = decideVerdict(report, {}, [geography]);
    expect(evaluateGate(report, undefined, { verdict: justified, unjustified: "fail" }).failed).toBe(false);
  });

  it("lets a budget of round trips pass new calls between existing components, not a new component", () => {
    const calls = system(
      "compose:.",
      { gateway: "service", users: "service" },
      ["gateway>users", "users>gateway"],
      ["gateway"],
    );
    const callOnly = analyzeGraphs(graphSet(before), graphSet(calls));
    const budget = { ...DEFAULT_VERDICT_CONFIG, budgetRoundTrips: 1 };
    expect(decideVerdict(callOnly, {}, [], budget).verdict).toBe("no-change");
    expect(decideVerdict(callOnly).verdict).toBe("unjustified");
    expect(decideVerdict(report, {}, [], budget).verdict).toBe("unjustified");
  });
});
