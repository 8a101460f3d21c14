/**
 * The declarations that stand for a pull request, re-read from GitHub at every analysis (no database): the
 * `boxcutter: <trigger> <reason>` lines of its body and the `justify` / `unjustify` commands of its comments,
 * each counted only when its author has the configured role at the time it is read.
 *
 * What the comments cannot tell (the head a declaration was first counted at, and the additions that stood then)
 * the sticky comment remembers in a hidden line, so a later push that adds a component shows it as not covered,
 * while a rebase that adds nothing keeps the justification.
 */
import { createHash } from "node:crypto";
import { parseBodyDeclarations, parseJustification, type Declaration } from "../analysis/declarations.js";
import type { IssueComment } from "./comment.js";
import { writtenByBot } from "./comment.js";
import { commandLines } from "./commands/lines.js";
import type { BoxcutterConfig } from "./config.js";
import type { DeclarationRecord } from "./declaration-records.js";
import { authorityOf, type PermissionLookup } from "./permission.js";

/** A declaration with the key its record is kept under in the sticky comment. */
export interface Standing {
  key: string;
  declaration: Declaration;
}

function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 12);
}

export interface JustificationSources {
  pullRequest: { author: string; body: string };
  comments: readonly IssueComment[];
  config: Pick<BoxcutterConfig, "commands" | "justify">;
  permissions: PermissionLookup;
}

/** `justify` and `unjustify` in comment order: the last justify per trigger since the last unjustify stands. */
async function commandDeclarations(sources: JustificationSources): Promise<Standing[]> {
  const { config, permissions, pullRequest } = sources;
  let standing = new Map<string, Standing>();
  for (const comment of sources.comments) {
    if (writtenByBot(comment) || !comment.user || !comment.body) continue;
    const login = comment.user.login;
    for (const line of commandLines(comment.body, config.commands.prefix)) {
      if (line.name !== "justify" && line.name !== "unjustify") continue;
      const allowAuthor = line.name === "justify" ? config.justify.allowAuthor : true;
      const rules = { permission: config.commands.permission, allowAuthor };
      if (!(await authorityOf(permissions, login, pullRequest.author, rules)).allowed) continue;
      if (line.name === "unjustify") {
        if (line.args.length === 0) standing = new Map();
        continue;
      }
      const parsed = parseJustification(line.rest);
      if (!parsed.ok) continue;
      const declaration: Declaration = {
        trigger: parsed.trigger,
        reason: parsed.reason,
        author: login,
        source: "command",
        ...(comment.created_at ? { at: comment.created_at } : {}),
      };
      standing.set(parsed.trigger, { key: `comment-${String(comment.id)}-${line.line}`, declaration });
    }
  }
  return [...standing.values()];
}

/** The body's declarations count with the pull request author's role, like a `justify` of theirs. */
async function bodyDeclarations(sources: JustificationSources): Promise<Standing[]> {
  const { pullRequest, config, permissions } = sources;
  const declarations = parseBodyDeclarations(pullRequest.body, pullRequest.author);
  if (declarations.length === 0 || pullRequest.author === "") return [];
  const rules = { permission: config.commands.permission, allowAuthor: config.justify.allowAuthor };
  if (!(await authorityOf(permissions, pullRequest.author, pullRequest.author, rules)).allowed) return [];
  return declarations.map((declaration) => ({
    key: `body-${declaration.trigger}-${digest(declaration.reason)}`,
    declaration,
  }));
}

/**
 * Every declaration that stands, with the head it was first counted at and what it covers when the sticky comment
 * remembers them; a declaration it does not remember is new: given at `headSha`, covering what stands there.
 */
export async function standingDeclarations(
  sources: JustificationSources,
  records: readonly DeclarationRecord[],
  headSha: string,
): Promise<Standing[]> {
  const byKey = new Map(records.map((record) => [record.key, record]));
  const standing = [...(await bodyDeclarations(sources)), ...(await commandDeclarations(sources))];
  return standing.map(({ key, declaration }) => {
    const record = byKey.get(key);
    return {
      key,
      declaration: record
        ? { ...declaration, headSha: record.head, covers: [...record.covers] }
        : { ...declaration, headSha },
    };
  });
}

/** What to remember of each standing declaration: a new one covers the additions standing now. */
export function recordsFor(standing: readonly Standing[], additions: readonly string[]): DeclarationRecord[] {
  return standing.map(({ key, declaration }) => ({
    key,
    head: declaration.headSha ?? "",
    covers: declaration.covers ?? [...additions],
  }));
}
