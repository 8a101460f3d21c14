/**
 * The verdict as the pull request shows it: a section at the top of the comment and of the check summary, with
 * the justifications that stand (who gave them, when, at which head) and the additions none of them covers.
 */
import type { Declaration } from "../analysis/declarations.js";
import type { Verdict } from "../analysis/verdict/types.js";
import { codeSpan, escapeMarkdownInline } from "../report/escape.js";
import { type Detail, headlineMarkdown, inlineText, nameList } from "../report/markdown-blocks.js";
import { triggerTables } from "../report/verdict.js";

const MAX_LISTED = 10;
// The verdict section is kept whole when the rest of the comment is trimmed: what was weighed is the verdict's proof.
const FULL_DETAIL: Detail = {
  evidence: true,
  unchangedNames: true,
  diagrams: true,
  rows: MAX_LISTED,
  minor: true,
};

function when(at: string | undefined): string {
  if (!at || Number.isNaN(Date.parse(at))) return "";
  return ` on ${new Date(at).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** The head shown is the one it was given at, so a rebase that changes nothing leaves the comment as it is. */
function declarationLine(declaration: Declaration): string {
  const where = declaration.source === "body" ? "in the pull request body" : "by comment";
  const head = declaration.headSha ? ` at ${codeSpan(declaration.headSha.slice(0, 7))}` : "";
  return `- **${declaration.trigger}**: ${inlineText(declaration.reason, 300)} (${escapeMarkdownInline(declaration.author)} ${where}${when(declaration.at)}${head})`;
}

/** Empty when the change adds no distribution and nobody declared anything: there is nothing to judge. */
export function verdictSection(verdict: Verdict): string {
  if (verdict.verdict === "no-change" && verdict.declarations.length === 0) return "";
  const { lead, word, tail } = verdict.lineParts;
  const line = `${lead === "" ? "" : `${headlineMarkdown(lead)}: `}**${escapeMarkdownInline(word)}** ${headlineMarkdown(tail)}`;
  const parts = [`### Verdict`, line.trim()];
  const tables = triggerTables(verdict, FULL_DETAIL);
  if (tables !== "") parts.push(tables);
  if (verdict.declarations.length > 0) {
    parts.push(
      ["**Justification**", "", ...verdict.declarations.slice(0, MAX_LISTED).map(declarationLine)].join("\n"),
    );
  }
  if (verdict.declarations.length > 0 && verdict.uncovered.length > 0) {
    parts.push(
      `**Not covered by the standing justification** (added after it was given): ${nameList(verdict.uncovered.map((addition) => addition.component))}.`,
    );
  }
  return `${parts.join("\n\n")}\n\n`;
}
