/**
 * Fails on a known high or critical advisory in the installed dependencies (`npm audit --json`). When the
 * registry's audit endpoint cannot be reached (offline, a mirror without it), it says so and does not fail: no
 * answer is not a finding. Anything else it cannot read fails, since a failure to audit must not read as clean.
 * Run as: tsx scripts/audit.ts
 */
import { execFile } from "node:child_process";
import { pathToFileURL } from "node:url";

export interface AuditDecision {
  exitCode: 0 | 1;
  message: string;
}

interface AuditReport {
  metadata?: { vulnerabilities?: Record<string, number> };
  vulnerabilities?: Record<string, { severity?: string; via?: unknown[] }>;
  statusCode?: number;
  code?: string;
  message?: string;
  error?: unknown;
}

// What npm reports when it got no answer from the audit endpoint, rather than an answer with findings.
const UNREACHABLE_CODES = new Set(["ENOTFOUND", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EAI_AGAIN"]);

/** What `npm audit --json` printed decides the build: high or critical findings fail it. */
export function auditDecision(output: string): AuditDecision {
  let report: AuditReport;
  try {
    report = JSON.parse(output) as AuditReport;
  } catch {
    return { exitCode: 1, message: "npm audit: its output could not be read, so nothing was audited" };
  }
  const counts = report.metadata?.vulnerabilities;
  if (counts) {
    const high = counts.high ?? 0;
    const critical = counts.critical ?? 0;
    if (high + critical === 0) return { exitCode: 0, message: "npm audit: no high or critical advisories" };
    const names = Object.entries(report.vulnerabilities ?? {})
      .filter(([, found]) => found.severity === "high" || found.severity === "critical")
      .map(([name, found]) => `${name} (${found.severity})`);
    return {
      exitCode: 1,
      message: `npm audit: ${high} high and ${critical} critical advisories: ${names.join(", ")}; run \`npm audit\` for the details and \`npm audit fix\` where a fixed version exists`,
    };
  }
  if (unreachable(report)) {
    return {
      exitCode: 0,
      message: `npm audit: SKIPPED, the registry's audit endpoint could not be reached (${report.message ?? report.code})`,
    };
  }
  return { exitCode: 1, message: `npm audit: no report (${report.message ?? "unknown error"})` };
}

/** No answer, or an endpoint that does not serve audits: a network error, a 404/405 or a server error. */
function unreachable(report: AuditReport): boolean {
  if (report.code !== undefined && UNREACHABLE_CODES.has(report.code)) return true;
  const status = report.statusCode;
  return status === 404 || status === 405 || status === 501 || (status !== undefined && status >= 502);
}

async function main(): Promise<void> {
  const output = await new Promise<string>((resolve) => {
    // npm exits non-zero both on findings and on errors: the JSON says which.
    execFile("npm", ["audit", "--json"], { maxBuffer: 64 * 1024 * 1024 }, (_error, stdout) =>
      resolve(stdout),
    );
  });
  const decision = auditDecision(output);
  (decision.exitCode === 0 ? console.log : console.error)(decision.message);
  process.exitCode = decision.exitCode;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
