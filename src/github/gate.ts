/**
 * How the gate's verdict reads on GitHub: a failing check's title, the "Gate" section at the top of the check
 * summary and of the comment, and the plain lines the command line prints.
 */
import { createHash } from "node:crypto";
import { describeFinding, gatePercent, type GateFinding, type GateResult } from "../analysis/gate.js";
import { plural } from "../analysis/words.js";
import { codeSpan, plainText } from "../report/escape.js";
import { systemNameMarkdown, systemNamePlain } from "../report/system-names.js";
import { CONFIG_PATH } from "./config.js";

/** A long list of the same finding says nothing more after this; the report below has the details. */
const MAX_LINES = 20;

function where(system: string, name: string): string {
  return `${codeSpan(name)} in ${systemNameMarkdown(system)}`;
}

/** A finding about a limit under `gate`; the verdict has its own section in the report. */
type LimitFinding = Exclude<GateFinding, { limit: "verdict" }>;

function findingMarkdown(finding: LimitFinding): string {
  const label = finding.level === "fail" ? "**Over the limit:**" : "**Warning:**";
  switch (finding.limit) {
    case "maxAddedRoundTrips": {
      const numbers =
        finding.base === undefined
          ? `new entry point with ${finding.head} ${plural(finding.head, "round trip")}`
          : `${finding.base} -> ${finding.head}`;
      return `${label} +${finding.added} ${plural(finding.added, "round trip")} on ${where(finding.system, finding.entry)}: ${numbers}, limit +${finding.max} (\`maxAddedRoundTrips\`)`;
    }
    case "maxAddedComponents": {
      const systems = finding.bySystem
        .slice(0, MAX_LINES)
        .map((entry) => `${entry.added} in ${systemNameMarkdown(entry.system)}`);
      if (finding.bySystem.length > MAX_LINES)
        systems.push(`${finding.bySystem.length - MAX_LINES} more systems`);
      return `${label} +${finding.added} ${plural(finding.added, "component")} (${systems.join(", ")}), limit ${finding.max} (\`maxAddedComponents\`)`;
    }
    case "minAvailability": {
      const head = gatePercent(finding.head, finding.min);
      const numbers =
        finding.base === undefined
          ? `${head} (new entry point)`
          : `${gatePercent(finding.base, finding.head)} -> ${head}`;
      return `${label} availability on ${where(finding.system, finding.entry)}: ${numbers}, minimum ${gatePercent(finding.min, finding.head)} (\`minAvailability\`)`;
    }
    case "mergeCandidates":
      return `${label} new box to delete in ${systemNameMarkdown(finding.system)}: ${codeSpan(finding.component)} is called only by ${codeSpan(finding.caller)}; running it inside its caller saves a round trip (\`mergeCandidates: ${finding.level}\`)`;
  }
}

/** The Markdown section, followed by a blank line; empty when the gate has nothing to say. */
export function gateSection(result: GateResult): string {
  const findings = result.findings.filter((finding): finding is LimitFinding => finding.limit !== "verdict");
  if (findings.length === 0) return "";
  const lines = findings.slice(0, MAX_LINES).map((finding) => `- ${findingMarkdown(finding)}`);
  if (findings.length > MAX_LINES) lines.push(`- and ${findings.length - MAX_LINES} more`);
  const verdict = findings.some((finding) => finding.level === "fail")
    ? `The check fails: limits set under \`gate\` in \`${CONFIG_PATH}\` on the default branch.`
    : `Warnings only: these limits do not fail the check (\`gate\` in \`${CONFIG_PATH}\` on the default branch).`;
  return `### Gate\n\n${lines.join("\n")}\n\n${verdict}\n\n`;
}

/** The check run's title when a limit fails, e.g. `Gate: +7 round trips on web (limit 2)`; the verdict has its own. */
export function gateTitle(result: GateResult): string | undefined {
  const failures = result.findings.filter(
    (finding) => finding.level === "fail" && finding.limit !== "verdict",
  );
  if (failures.length === 0) return undefined;
  const more = failures.length > 1 ? ` and ${failures.length - 1} more` : "";
  return plainText(`Gate: ${describeFinding(failures[0]!)}${more}`);
}

/** Plain lines for a terminal, one per finding. */
export function gateLines(result: GateResult): string[] {
  return result.findings.map(
    (finding) =>
      `gate ${finding.level === "fail" ? "failed" : "warning"}: ${plainText(describeFinding(finding))}` +
      ("system" in finding ? ` in ${systemNamePlain(finding.system)}` : ""),
  );
}

/**
 * The comment is rewritten only when its fingerprint changes; a gate verdict that changed (new limits on the
 * default branch) must count as a change even when the architecture did not.
 */
export function commentFingerprint(reportFingerprint: string, section: string): string {
  if (section === "") return reportFingerprint;
  return createHash("sha256")
    .update(`${reportFingerprint}\n${section}`)
    .digest("hex")
    .slice(0, reportFingerprint.length);
}
