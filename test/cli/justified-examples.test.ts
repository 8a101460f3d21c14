import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { fakeIo } from "../helpers.js";

const ROOT = resolve(import.meta.dirname, "../..");

interface VerdictJson {
  verdict: { verdict: string; systems: { triggers: { trigger: string; status: string }[] }[] };
}

// Each bundled example that adds distribution for an honest reason is judged justified by the facts in its files,
// with no declaration, and the gate lets it through.
describe.each([
  ["examples/geography/us-replica", "examples/terraform/base", "geography"],
  ["examples/gpu/head", "examples/gpu/base", "compute"],
  ["examples/teams/head", "examples/teams/base", "independent-deploys"],
])("%s", (head, base, trigger) => {
  it(`is justified by ${trigger} and passes the gate`, async () => {
    const io = fakeIo(ROOT);
    const args = ["diff", base, head, "--format", "json", "--gate"];
    expect(await main(args, io)).toBe(0);
    const report = JSON.parse(io.out) as VerdictJson;
    expect(report.verdict.verdict).toBe("justified");
    const met = report.verdict.systems.flatMap((system) => system.triggers).filter((t) => t.status === "met");
    expect(met.map((t) => t.trigger)).toEqual([trigger]);
  });
});

describe("examples/shop", () => {
  it("is not justified and fails the gate", async () => {
    const io = fakeIo(ROOT);
    const args = ["diff", "examples/shop/base", "examples/shop/head", "--format", "json", "--gate"];
    expect(await main(args, io)).toBe(1);
    expect((JSON.parse(io.out) as VerdictJson).verdict.verdict).toBe("unjustified");
  });
});
