/** The text of the app's replies to commands. */
import { clip, codeSpan, escapeMarkdownInline, MAX_NAME_LENGTH, plainText } from "../../report/escape.js";
import type { AnalysisStopped } from "../change-analysis.js";
import type { PermissionLevel } from "../permission.js";
import { CONFIG_PATH } from "../config.js";

export function helpText(prefix: string, permission: PermissionLevel): string {
  const p = prefix;
  return [
    "**boxcutter commands** (one per line, in a pull request comment):",
    "",
    `- \`${p} explain <component>\`: its kind and where it is defined, its callers and callees with evidence, and the entry points whose request path holds it.`,
    `- \`${p} what-if merge <a> into <b>\`: the request paths, round trips, depth and availability if \`a\` ran inside \`b\`.`,
    `- \`${p} what-if delete <a>\`: which entry points lose what without \`a\`, and which survive.`,
    `- \`${p} justify <working-set|compute|geography|independent-deploys> <reason>\`: record which trigger justifies the added distribution; the verdict and the check are judged again at once, and the justification shows in the report with its author, time and head.`,
    `- \`${p} unjustify\`: withdraw the justifications given by comment. One declared in the description (a \`boxcutter: <trigger> <reason>\` line) is withdrawn by removing that line from the description.`,
    `- \`${p} recheck\`: analyse the head again now.`,
    `- \`${p} help\`: this list.`,
    "",
    `\`justify\`, \`unjustify\` and \`recheck\` need ${permission} permission on the repository (\`commands.permission\` in \`${CONFIG_PATH}\`); anyone may ask the others.`,
  ].join("\n");
}

/** `unjustify` reaches comments only: the description's declarations are the author's text, edited there. */
export function bodyDeclarationsStand(triggers: readonly string[]): string {
  const named = triggers.map((trigger) => codeSpan(trigger)).join(", ");
  const lines = triggers.map((trigger) => codeSpan(`boxcutter: ${trigger} ...`)).join(", ");
  return `Withdrawn: the justifications given by comment. The pull request's description also declares ${named}, which \`unjustify\` does not change: to withdraw ${triggers.length === 1 ? "it" : "them"}, remove ${lines} from the description (the check is judged again when it is edited).`;
}

export function invalidReply(problem: string, prefix: string, permission: PermissionLevel): string {
  return `${problem}.\n\n${helpText(prefix, permission)}`;
}

export function refusalReply(
  login: string,
  command: string,
  required: PermissionLevel,
  level: PermissionLevel,
  reason: "permission" | "own-pull-request",
): string {
  const who = `@${login.replace(/[^A-Za-z0-9_-]/g, "")}`;
  if (reason === "own-pull-request") {
    return `Sorry ${who}, the author of a pull request cannot justify it here (\`justify.allowAuthor: false\` in \`${CONFIG_PATH}\`): someone else with ${required} permission can. The check is unchanged.`;
  }
  const has = level === "none" ? "no access" : `${level} access`;
  return `Sorry ${who}, ${codeSpan(command)} needs ${required} permission on this repository and you have ${has}. The check is unchanged; anyone may ask \`explain\`, \`what-if\` and \`help\`.`;
}

/** The head's graphs could not be built: what stopped the worker, and the file it was reading (a stranger's name). */
export function stoppedReply(stopped: AnalysisStopped): string {
  const where = stopped.reading
    ? ` while reading ${codeSpan(stopped.reading.path)} (${escapeMarkdownInline(stopped.reading.format)})`
    : "";
  const what = escapeMarkdownInline(clip(stopped.what, MAX_NAME_LENGTH));
  return `The head could not be analysed: the analysis worker ${what}${where}${stopped.ending}. The check is unchanged.`;
}

/** The head's graphs could not be built for another reason: GitHub's answer or the analysis's error, on one line. */
export function failedReply(reason: string): string {
  const why = escapeMarkdownInline(clip(plainText(reason), MAX_NAME_LENGTH));
  return `The head could not be analysed: ${why}. The check is unchanged; ask again to retry.`;
}
