import { describe, expect, it } from "vitest";
import { prCommand } from "../../src/cli/pr.js";
import { fakeIo } from "../helpers.js";
import { useGitHubMock } from "./helpers/github-mock.js";
import { BASE, HEAD, mockCliRun, repoPath, type Files } from "./helpers/scenario.js";

const base: Files = { "compose.yaml": "services:\n  web:\n    image: nginx\n    ports: ['80:80']\n" };
const head: Files = {
  "compose.yaml": `${base["compose.yaml"]}    depends_on: [api]\n  api:\n    image: acme/api\n`,
};
const TARGET = "Codertocat/Hello-World#12";

const mock = useGitHubMock();

describe("boxcutter pr when GitHub cannot be read", () => {
  it("says GitHub could not be reached when the name does not resolve, not that GitHub answered 500", async () => {
    mock.api.get(`${repoPath}/pulls/12`).replyWithError("getaddrinfo ENOTFOUND api.github.com");
    const io = fakeIo("/", { GITHUB_TOKEN: "ghp_test", BOXCUTTER_GITHUB_RETRIES: "0" });

    expect(await prCommand.run([TARGET], io)).toBe(1);

    expect(io.err).toMatch(/^boxcutter pr: could not reach api\.github\.com: .*ENOTFOUND/);
    expect(io.err).not.toContain("answered 500");
  });

  it("names GitHub's status for an answer, and says a token is missing when there is none", async () => {
    mock.api.get(`${repoPath}/pulls/12`).reply(404, { message: "Not Found" });
    const io = fakeIo("/", { BOXCUTTER_GITHUB_RETRIES: "0" });

    expect(await prCommand.run([TARGET], io)).toBe(1);

    expect(io.err).toContain("GitHub answered 404");
    expect(io.err).toContain("No token was given: set GITHUB_TOKEN");
  });

  it("retries a server error and goes on", async () => {
    mock.api.get(`${repoPath}/pulls/12`).reply(502, { message: "Bad Gateway" });
    mockCliRun(mock, 12, { base: BASE, head: HEAD, baseFiles: base, headFiles: head });
    const io = fakeIo("/", { GITHUB_TOKEN: "ghp_test", BOXCUTTER_GITHUB_RETRIES: "1" });

    expect(await prCommand.run([TARGET], io)).toBe(0);

    expect(io.out).toContain("`api`");
    expect(mock.requests.filter((request) => request.path.endsWith("/pulls/12"))).toHaveLength(2);
  });
});
