import { describe, expect, it } from "vitest";
import type { GateFinding } from "../../src/analysis/gate.js";
import { gateSection } from "../../src/github/gate.js";

const UNJUSTIFIED: GateFinding = {
  limit: "verdict",
  level: "fail",
  line: "+1 datastore: not justified",
  uncovered: [{ system: "compose:.", component: "db" }],
};
const MERGE_WARNING: GateFinding = {
  limit: "mergeCandidates",
  level: "warn",
  system: "compose:.",
  component: "auth",
  caller: "api",
  entryPoints: ["web"],
};

describe("the Gate section of the report", () => {
  it("says nothing of the verdict, which has its own section", () => {
    expect(gateSection({ failed: true, findings: [UNJUSTIFIED] })).toBe("");
  });

  it("reads as warnings only when the only failure is the verdict's", () => {
    const section = gateSection({ failed: true, findings: [UNJUSTIFIED, MERGE_WARNING] });
    expect(section).toContain("**Warning:** new box to delete");
    expect(section).toContain("Warnings only");
    expect(section).not.toContain("db");
  });
});
