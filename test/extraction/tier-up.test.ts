import { describe, expect, it } from "vitest";
import { ONE_RUN_INTERRUPT_BUDGET, compileLessForOneRun } from "../../src/extraction/tier-up.js";

function run(execArgv: string[]): string[] {
  const set: string[] = [];
  compileLessForOneRun(execArgv, (flags) => set.push(flags));
  return set;
}

describe("compileLessForOneRun", () => {
  it("raises the tier-up budget when the user set none", () => {
    expect(run([])).toEqual([`--interrupt-budget=${ONE_RUN_INTERRUPT_BUDGET}`]);
    expect(run(["--max-old-space-size=4096", "--enable-source-maps"])).toHaveLength(1);
  });

  it("leaves a budget given on node's command line alone", () => {
    expect(run(["--interrupt-budget=1000"])).toEqual([]);
    expect(run(["--interrupt_budget", "1000"])).toEqual([]);
  });

  it("does not mistake a flag that only starts like it", () => {
    expect(run(["--interrupt-budget-for-feedback-allocation=100"])).toHaveLength(1);
  });
});
