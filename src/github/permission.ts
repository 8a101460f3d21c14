import { httpStatusOf, type GitHubClient, type RepoRef } from "./client.js";

/** GitHub's repository roles, weakest first; `none` is someone with no access to the repository. */
export const PERMISSION_LEVELS = ["none", "read", "triage", "write", "maintain", "admin"] as const;
export type PermissionLevel = (typeof PERMISSION_LEVELS)[number];
/** The levels a configuration may require. */
export const REQUIRED_LEVELS = PERMISSION_LEVELS.filter(
  (level): level is Exclude<PermissionLevel, "none"> => level !== "none",
);

export function isPermissionLevel(value: unknown): value is PermissionLevel {
  return typeof value === "string" && (PERMISSION_LEVELS as readonly string[]).includes(value);
}

export function atLeast(actual: PermissionLevel, required: PermissionLevel): boolean {
  return PERMISSION_LEVELS.indexOf(actual) >= PERMISSION_LEVELS.indexOf(required);
}

/**
 * `role_name` tells triage and maintain apart; `permission` folds them into read and write, but is the only one
 * that still means something for a custom role (whose `role_name` is the organisation's own name for it).
 */
export function levelFromAnswer(answer: { permission?: string; role_name?: string }): PermissionLevel {
  const role = answer.role_name?.toLowerCase();
  if (isPermissionLevel(role)) return role;
  const legacy = answer.permission?.toLowerCase();
  return isPermissionLevel(legacy) ? legacy : "none";
}

/**
 * A user's role on one repository, asked once per user and kept for one delivery only: a role can change between
 * deliveries, and a justification must be judged by the role its author has when it is read.
 */
export class PermissionLookup {
  readonly #client: GitHubClient;
  readonly #repo: RepoRef;
  readonly #levels = new Map<string, Promise<PermissionLevel>>();

  constructor(client: GitHubClient, repo: RepoRef) {
    this.#client = client;
    this.#repo = repo;
  }

  levelOf(login: string): Promise<PermissionLevel> {
    const key = login.toLowerCase();
    let level = this.#levels.get(key);
    if (!level) {
      level = this.#ask(login);
      this.#levels.set(key, level);
      // A failed lookup is not remembered, so the next question asks again.
      level.catch(() => this.#levels.delete(key));
    }
    return level;
  }

  async has(login: string, required: PermissionLevel): Promise<boolean> {
    return atLeast(await this.levelOf(login), required);
  }

  async #ask(login: string): Promise<PermissionLevel> {
    try {
      const { data } = await this.#client.request(
        "GET /repos/{owner}/{repo}/collaborators/{username}/permission",
        { ...this.#repo, username: login },
      );
      return levelFromAnswer(data);
    } catch (error) {
      // GitHub answers 404 for a login that does not exist (a deleted account, say): no access at all.
      if (httpStatusOf(error) === 404) return "none";
      throw error;
    }
  }
}

export interface JustifyRules {
  /** The role needed to justify (and to unjustify or re-check). */
  permission: PermissionLevel;
  /** Whether the pull request's author may justify their own pull request. */
  allowAuthor: boolean;
}

export type Authority =
  | { allowed: true; level: PermissionLevel }
  | { allowed: false; level: PermissionLevel; reason: "permission" | "own-pull-request" };

/**
 * Whether what `login` declares about a pull request counts: a `justify` command, or the declaration in the body
 * (whose author is the pull request's). The role is asked for first so a refusal can say what the user has.
 */
export async function authorityOf(
  lookup: PermissionLookup,
  login: string,
  pullRequestAuthor: string,
  rules: JustifyRules,
): Promise<Authority> {
  const level = await lookup.levelOf(login);
  if (!atLeast(level, rules.permission)) return { allowed: false, level, reason: "permission" };
  if (!rules.allowAuthor && login.toLowerCase() === pullRequestAuthor.toLowerCase()) {
    return { allowed: false, level, reason: "own-pull-request" };
  }
  return { allowed: true, level };
}
