/**
 * The verdict in Markdown: the first line of every report, then what each trigger was weighed on, who declared
 * what, and which additions nothing covers.
 */
import { declarationText } from "../analysis/verdict/line.js";
import type { SystemVerdict, TriggerEvidence, TriggerStatus, Verdict } from "../analysis/verdict/types.js";
import { codeSpan, plainText } from "./escape.js";
import { formatLocation } from "./format.js";
import {
  type Detail,
  MAX_MESSAGE_LENGTH,
  headlineMarkdown,
  inlineText,
  nameList,
  table,
} from "./markdown-blocks.js";

const STATUS: Record<TriggerStatus, string> = { met: "met", "not-met": "not met", unknown: "unknown" };
const MAX_FACTS_PER_CELL = 3;

/** `**boxcutter:** +1 service, +1 round trip on `gateway`: **not justified** by any of the four triggers; ...` */
export function verdictLineMarkdown(verdict: Verdict): string {
  const { lead, word, tail } = verdict.lineParts;
  const start = lead === "" ? `**${capitalise(word)}**` : `${headlineMarkdown(lead)}: **${word}**`;
  return `**boxcutter:** ${start}${tail === "" ? "" : ` ${headlineMarkdown(tail)}`}`;
}

/** The verdict as one plain line, for a check run title or a terminal. */
export function verdictLinePlain(verdict: Verdict): string {
  return plainText(verdict.line);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The section under the summary; empty when no system added distribution. */
export function verdictSection(verdict: Verdict, detail: Detail): string {
  const tables = triggerTables(verdict, detail);
  if (tables === "") return "";
  const parts = ["### Verdict", tables];
  if (verdict.declarations.length > 0) {
    parts.push(
      verdict.declarations
        .map(
          (declaration) =>
            `- **${declaration.trigger}** ${inlineText(declarationText(declaration), MAX_MESSAGE_LENGTH)}${declaration.headSha ? ` at ${codeSpan(declaration.headSha.slice(0, 7))}` : ""}`,
        )
        .join("\n"),
    );
  }
  if (verdict.uncovered.length > 0) {
    parts.push(
      `Not covered by any trigger: ${nameList(verdict.uncovered.map((addition) => addition.component))}.`,
    );
  }
  if (verdict.verdict === "unjustified")
    parts.push(
      "If one applies, say so on its own line in the pull request body: `boxcutter: <working-set|compute|geography|independent-deploys> <reason>`.",
    );
  return parts.join("\n\n");
}

/** Per judged system, each trigger's status and the facts it was weighed on; empty when nothing was judged. */
export function triggerTables(verdict: Verdict, detail: Detail): string {
  const judged = verdict.systems.filter((system) => system.triggers.length > 0);
  return judged.map((system) => systemPart(system, judged.length > 1, detail)).join("\n\n");
}

function systemPart(system: SystemVerdict, named: boolean, detail: Detail): string {
  const rows = system.triggers.map((evidence) => [
    evidence.trigger,
    evidence.status === "met" ? "**met**" : STATUS[evidence.status],
    headlineMarkdown(evidence.summary),
    factsCell(evidence, detail),
  ]);
  const title = named ? `${codeSpan(system.system)}: ${system.verdict}\n\n` : "";
  return title + table(["Trigger", "Status", "Weighed", "Facts"], rows, detail);
}

function factsCell(evidence: TriggerEvidence, detail: Detail): string {
  if (evidence.facts.length === 0) return "none";
  const limit = detail.evidence ? MAX_FACTS_PER_CELL : 1;
  const shown = evidence.facts.slice(0, limit).map((fact) => {
    const who = fact.component === undefined ? "" : `${codeSpan(fact.component, 60)} `;
    const weak = fact.strength === "weak" ? " (hint)" : "";
    return `${who}${inlineText(fact.detail, 160)}${weak}, ${inlineText(formatLocation(fact))}`;
  });
  if (evidence.facts.length > limit) shown.push(`${evidence.facts.length - limit} more`);
  return shown.join("<br>");
}
