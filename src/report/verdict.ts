/**
 * The verdict in Markdown, for the pull request comment, the check run and the command line alike: the first line
 * of every report, then what each trigger was weighed on, who declared what, and which additions nothing covers.
 */
import { MAX_REASON_LENGTH, type Declaration } from "../analysis/declarations.js";
import type { SystemVerdict, TriggerEvidence, TriggerStatus, Verdict } from "../analysis/verdict/types.js";
import { codeSpan, escapeMarkdownInline, plainText } from "./escape.js";
import { type Detail, headlineMarkdown, inlineText, nameList, table, whereCell } from "./markdown-blocks.js";
import { capitalised, systemNameMarkdown } from "./system-names.js";

const STATUS: Record<TriggerStatus, string> = { met: "met", "not-met": "not met", unknown: "unknown" };
const MAX_FACTS_PER_CELL = 3;

/** `**boxcutter:** +1 service, +1 round trip on `gateway`: **not justified** by any of the four triggers; ...` */
export function verdictLineMarkdown(verdict: Verdict): string {
  const { lead, word, tail } = verdict.lineParts;
  const start = lead === "" ? `**${capitalised(word)}**` : `${headlineMarkdown(lead)}: **${word}**`;
  return `**boxcutter:** ${start}${tail === "" ? "" : ` ${headlineMarkdown(tail)}`}`;
}

/** The verdict as one plain line, for a check run title or a terminal. */
export function verdictLinePlain(verdict: Verdict): string {
  return plainText(verdict.line);
}

/**
 * What each trigger was weighed on, the declarations that stand (who gave them, where, when, at which head), and
 * the additions nothing covers. Empty when nothing was judged and nobody declared anything.
 */
export function verdictSection(verdict: Verdict, detail: Detail): string {
  const tables = triggerTables(verdict, detail);
  if (tables === "" && verdict.declarations.length === 0) return "";
  const parts = ["### Verdict"];
  if (tables !== "") parts.push(tables);
  if (verdict.declarations.length > 0) {
    const shown = verdict.declarations.slice(0, detail.rows).map(declarationLine);
    if (verdict.declarations.length > detail.rows)
      shown.push(`- …and ${verdict.declarations.length - detail.rows} more`);
    parts.push(["**Justification**", "", ...shown].join("\n"));
  }
  if (verdict.uncovered.length > 0) {
    const names = nameList(verdict.uncovered.map((addition) => addition.component));
    parts.push(
      verdict.declarations.length > 0
        ? `**Not covered by the standing justification** (added after it was given): ${names}.`
        : `Not covered by any trigger: ${names}.`,
    );
  }
  if (verdict.verdict === "unjustified")
    parts.push(
      "If one applies, say so on its own line in the pull request body: `boxcutter: <working-set|compute|geography|independent-deploys> <reason>`.",
    );
  return parts.join("\n\n");
}

const DECLARED_WHERE: Record<Declaration["source"], string> = {
  body: "in the pull request body",
  command: "in a comment",
  cli: "on the command line",
};

/** The head shown is the one it was given at, so a rebase that changes nothing leaves the comment as it is. */
function declarationLine(declaration: Declaration): string {
  const by = declaration.source === "cli" ? "" : ` by ${escapeMarkdownInline(declaration.author)}`;
  const head = declaration.headSha ? ` at ${codeSpan(declaration.headSha.slice(0, 7))}` : "";
  return `- **${declaration.trigger}**: ${inlineText(declaration.reason, MAX_REASON_LENGTH)} (declared${by} ${DECLARED_WHERE[declaration.source]}${when(declaration.at)}${head})`;
}

function when(at: string | undefined): string {
  if (!at || Number.isNaN(Date.parse(at))) return "";
  return ` on ${new Date(at).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** Per judged system, each trigger's status and the facts it was weighed on; empty when nothing was judged. */
export function triggerTables(verdict: Verdict, detail: Detail): string {
  const judged = verdict.systems.filter((system) => system.triggers.length > 0);
  const parts = judged.slice(0, detail.rows).map((system) => systemPart(system, judged.length > 1, detail));
  if (judged.length > detail.rows) parts.push(`…and ${judged.length - detail.rows} more systems judged.`);
  return parts.join("\n\n");
}

function systemPart(system: SystemVerdict, named: boolean, detail: Detail): string {
  const rows = system.triggers.map((evidence) => [
    evidence.trigger,
    evidence.status === "met" ? "**met**" : STATUS[evidence.status],
    headlineMarkdown(evidence.summary),
    factsCell(evidence, detail),
  ]);
  const title = named ? `**${capitalised(systemNameMarkdown(system.system))}**: ${system.verdict}\n\n` : "";
  return title + table(["Trigger", "Status", "Weighed", "Facts"], rows, detail);
}

function factsCell(evidence: TriggerEvidence, detail: Detail): string {
  if (evidence.facts.length === 0) return "none";
  const limit = detail.evidence ? MAX_FACTS_PER_CELL : 1;
  const shown = evidence.facts.slice(0, limit).map((fact) => {
    const who = fact.component === undefined ? "" : `${codeSpan(fact.component, 60)} `;
    const weak = fact.strength === "weak" ? " (hint)" : "";
    // A fact about the repository (a CODEOWNERS rule) was read at the merge base.
    const where = whereCell(fact, detail, fact.component === undefined ? "base" : "head");
    return `${who}${inlineText(fact.detail, 160)}${weak}, ${where}`;
  });
  if (evidence.facts.length > limit) shown.push(`${evidence.facts.length - limit} more`);
  return shown.join("<br>");
}
