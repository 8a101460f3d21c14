import { Octokit } from "@octokit/rest";
import { describe, expect, it } from "vitest";
import {
  atLeast,
  authorityOf,
  levelFromAnswer,
  PermissionLookup,
  type PermissionLevel,
} from "../../src/github/permission.js";
import { useGitHubMock } from "./helpers/github-mock.js";

const repo = { owner: "acme", repo: "shop" };
const mock = useGitHubMock();

function lookup(): PermissionLookup {
  return new PermissionLookup(new Octokit({ auth: "test-token", retry: { enabled: false } }), repo);
}

function mockRole(login: string, permission: string, roleName: string, times = 1): void {
  mock.api
    .get(`/repos/acme/shop/collaborators/${login}/permission`)
    .times(times)
    .reply(200, { permission, role_name: roleName, user: { login, id: 1, type: "User" } });
}

describe("repository roles", () => {
  it.each<[PermissionLevel, PermissionLevel, boolean]>([
    ["admin", "write", true],
    ["maintain", "write", true],
    ["write", "write", true],
    ["triage", "write", false],
    ["read", "triage", false],
    ["none", "read", false],
    ["triage", "triage", true],
  ])("%s is at least %s: %s", (actual, required, expected) => {
    expect(atLeast(actual, required)).toBe(expected);
  });

  it("tells triage and maintain apart by role name, and reads a custom role by its base permission", () => {
    expect(levelFromAnswer({ permission: "read", role_name: "triage" })).toBe("triage");
    expect(levelFromAnswer({ permission: "write", role_name: "maintain" })).toBe("maintain");
    expect(levelFromAnswer({ permission: "write", role_name: "release-manager" })).toBe("write");
    expect(levelFromAnswer({ permission: "none", role_name: "" })).toBe("none");
    expect(levelFromAnswer({})).toBe("none");
  });

  it("asks GitHub once per user, whatever the case of the login", async () => {
    mockRole("octocat", "write", "write");
    mockRole("hubot", "read", "read");
    const roles = lookup();

    expect(await roles.has("octocat", "write")).toBe(true);
    expect(await roles.has("Octocat", "maintain")).toBe(false);
    expect(await roles.levelOf("hubot")).toBe("read");
    expect(await roles.has("hubot", "write")).toBe(false);
    expect(mock.calls()).toEqual([
      "GET /repos/acme/shop/collaborators/octocat/permission",
      "GET /repos/acme/shop/collaborators/hubot/permission",
    ]);
  });

  it("reads a login GitHub does not know as no access", async () => {
    mock.api.get("/repos/acme/shop/collaborators/ghost/permission").reply(404, { message: "Not Found" });
    expect(await lookup().levelOf("ghost")).toBe("none");
  });

  it("asks again after a failed lookup instead of remembering the failure", async () => {
    mock.api.get("/repos/acme/shop/collaborators/octocat/permission").reply(502, { message: "Bad Gateway" });
    mockRole("octocat", "admin", "admin");
    const roles = lookup();

    await expect(roles.levelOf("octocat")).rejects.toMatchObject({ status: 502 });
    expect(await roles.levelOf("octocat")).toBe("admin");
  });

  it("lets the author justify their own pull request only when allowed, and never without the role", async () => {
    mockRole("author", "write", "write");
    mockRole("reader", "read", "read");
    const roles = lookup();
    const rules = { permission: "write" as const, allowAuthor: false };

    expect(await authorityOf(roles, "author", "author", rules)).toEqual({
      allowed: false,
      level: "write",
      reason: "own-pull-request",
    });
    expect(await authorityOf(roles, "author", "author", { ...rules, allowAuthor: true })).toEqual({
      allowed: true,
      level: "write",
    });
    expect(await authorityOf(roles, "reader", "author", { ...rules, allowAuthor: true })).toEqual({
      allowed: false,
      level: "read",
      reason: "permission",
    });
  });
});
