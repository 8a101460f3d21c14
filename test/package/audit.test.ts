import { describe, expect, it } from "vitest";
import { auditDecision } from "../../scripts/audit.js";

/** `npm audit --json` as npm 7 and later print it, with the counts given. */
function report(counts: Partial<Record<"low" | "moderate" | "high" | "critical", number>>, found = {}) {
  const vulnerabilities = { info: 0, low: 0, moderate: 0, high: 0, critical: 0, ...counts };
  return JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities: found,
    metadata: { vulnerabilities: { ...vulnerabilities, total: 0 }, dependencies: { total: 500 } },
  });
}

describe("the CI audit step", () => {
  it("passes a clean report, and one with only low or moderate advisories", () => {
    expect(auditDecision(report({}))).toEqual({
      exitCode: 0,
      message: "npm audit: no high or critical advisories",
    });
    expect(auditDecision(report({ low: 2, moderate: 1 })).exitCode).toBe(0);
  });

  it("fails the build on a high or a critical advisory, naming the packages", () => {
    const high = auditDecision(
      report(
        { high: 1, moderate: 1 },
        {
          "path-to-regexp": { name: "path-to-regexp", severity: "high", via: [] },
          brace: { name: "brace", severity: "moderate", via: [] },
        },
      ),
    );
    expect(high.exitCode).toBe(1);
    expect(high.message).toContain("1 high and 0 critical advisories: path-to-regexp (high)");
    expect(high.message).not.toContain("brace");
    expect(auditDecision(report({ critical: 1 })).exitCode).toBe(1);
  });

  it("skips, saying so, when the audit endpoint gives no answer", () => {
    const refused = JSON.stringify({
      message: "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk",
      statusCode: 405,
      error: { summary: "", detail: "" },
    });
    expect(auditDecision(refused)).toMatchObject({
      exitCode: 0,
      message: expect.stringMatching(/^npm audit: SKIPPED/),
    });
    const offline = JSON.stringify({
      code: "ENOTFOUND",
      message: "request to https://registry.npmjs.org failed",
    });
    expect(auditDecision(offline).exitCode).toBe(0);
  });

  it("fails when there is no report it can read: a failure to audit is not a clean audit", () => {
    expect(auditDecision("npm ERR! something else").exitCode).toBe(1);
    expect(auditDecision(JSON.stringify({ statusCode: 401, message: "401 Unauthorized" })).exitCode).toBe(1);
    // Findings whose title mentions the network are findings, not an unreachable endpoint.
    const titled = report(
      { high: 1 },
      { "network-lib": { severity: "high", via: [{ title: "network timeout" }] } },
    );
    expect(auditDecision(titled).exitCode).toBe(1);
  });
});
