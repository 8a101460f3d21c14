/**
 * The four honest reasons to pay for distribution, and what people declare about them: a line in the pull request
 * body, a `justify` command in a comment, or `--declare` on the command line.
 */
import { proseLines } from "./prose-lines.js";

export const TRIGGERS = ["working-set", "compute", "geography", "independent-deploys"] as const;
export type Trigger = (typeof TRIGGERS)[number];

export type DeclarationSource = "body" | "command" | "cli";

export interface Declaration {
  trigger: Trigger;
  /** As written, trimmed and capped: whoever prints it escapes it. */
  reason: string;
  /** GitHub login (or the local user's name for `cli`). */
  author: string;
  /** The head the declaration was given at: additions made after it are not covered by it. */
  headSha?: string;
  /** ISO 8601 time it was given, when known. */
  at?: string;
  source: DeclarationSource;
  /**
   * The additions (`system` and component name joined by `componentKey`) standing when it was given. Absent: it was
   * given at the head under review, and covers every addition there.
   */
  covers?: string[];
}

/** What a declaration must say, as one parse result. */
export type ParsedJustification =
  { ok: true; trigger: Trigger; reason: string } | { ok: false; problem: string };

export const MAX_REASON_LENGTH = 300;
/** A body may hold one declaration per trigger; more lines say nothing new. */
const MAX_BODY_DECLARATIONS = TRIGGERS.length;

const SPELLINGS: Record<string, Trigger> = {
  "working-set": "working-set",
  workingset: "working-set",
  "working-sets": "working-set",
  compute: "compute",
  geography: "geography",
  geo: "geography",
  geographic: "geography",
  geographical: "geography",
  "independent-deploys": "independent-deploys",
  "independent-deploy": "independent-deploys",
  "independent-deployments": "independent-deploys",
  "independent-deployment": "independent-deploys",
  independentdeploys: "independent-deploys",
};

/** `Working set`, `working_set`, `WORKING-SET` all name the same trigger; anything else is undefined. */
export function parseTrigger(text: string): Trigger | undefined {
  const key = text
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, "-");
  return Object.hasOwn(SPELLINGS, key) ? SPELLINGS[key] : undefined;
}

/**
 * Reads `<trigger> <reason>` (the words after `boxcutter:`, `justify` or `--declare`). The trigger may be written
 * as one word or two (`working set`); the reason is required, because "why" is the whole point.
 */
export function parseJustification(text: string): ParsedJustification {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((word) => word !== "");
  if (words.length === 0) return { ok: false, problem: `name a trigger: ${TRIGGERS.join(", ")}` };
  for (const count of [2, 1]) {
    const trigger = words.length >= count ? parseTrigger(words.slice(0, count).join(" ")) : undefined;
    if (!trigger) continue;
    const reason = capReason(words.slice(count).join(" "));
    if (reason === "") return { ok: false, problem: `say why ${trigger} applies after the trigger` };
    return { ok: true, trigger, reason };
  }
  return {
    ok: false,
    problem: `unknown trigger "${capReason(words[0]!, 40)}" (known: ${TRIGGERS.join(", ")})`,
  };
}

function capReason(text: string, max = MAX_REASON_LENGTH): string {
  const trimmed = text.trim();
  return trimmed.length > max ? `${trimmed.slice(0, max - 3)}...` : trimmed;
}

export interface BodyDeclarationProblem {
  line: number;
  problem: string;
}

const BODY_DIRECTIVE = /^ {0,3}boxcutter:(.*)$/i;

/**
 * The declarations in a pull request body: `boxcutter: <trigger> <reason>` on its own line, outside code and
 * quotes. The first line for a trigger wins; a line that names no known trigger or gives no reason is a problem.
 */
export function readBodyDeclarations(
  body: string | null | undefined,
  author: string,
  headSha?: string,
): { declarations: Declaration[]; problems: BodyDeclarationProblem[] } {
  const declarations: Declaration[] = [];
  const problems: BodyDeclarationProblem[] = [];
  for (const { line, text } of proseLines(body ?? "")) {
    const directive = BODY_DIRECTIVE.exec(text);
    if (!directive) continue;
    const parsed = parseJustification(directive[1]!);
    if (!parsed.ok) {
      problems.push({ line, problem: parsed.problem });
      continue;
    }
    if (declarations.some((declaration) => declaration.trigger === parsed.trigger)) continue;
    if (declarations.length >= MAX_BODY_DECLARATIONS) break;
    declarations.push({
      trigger: parsed.trigger,
      reason: parsed.reason,
      author,
      ...(headSha ? { headSha } : {}),
      source: "body",
    });
  }
  return { declarations, problems };
}

export function parseBodyDeclarations(
  body: string | null | undefined,
  author: string,
  headSha?: string,
): Declaration[] {
  return readBodyDeclarations(body, author, headSha).declarations;
}

/** The key an addition is known by in `Declaration.covers`. */
export function componentKey(system: string, component: string): string {
  return `${system}\u0000${component}`;
}
