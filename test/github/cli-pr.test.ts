import { describe, expect, it } from "vitest";
import { parseTarget, prCommand } from "../../src/cli/pr.js";
import { fakeIo } from "../helpers.js";
import { useGitHubMock } from "./helpers/github-mock.js";
import {
  BASE,
  HEAD,
  mockCheckCreate,
  mockCliRun,
  mockCommentCreate,
  mockComments,
  repoPath,
  type Files,
} from "./helpers/scenario.js";

const base: Files = {
  "deploy/compose.yaml": "services:\n  web:\n    image: nginx\n    ports: ['8080:80']\n",
};
const head: Files = {
  "deploy/compose.yaml":
    base["deploy/compose.yaml"] + "    depends_on: [cache]\n  cache:\n    image: redis:7\n",
};

const TOKEN = { GITHUB_TOKEN: "ghp_test" };

function mockAnalysis() {
  mockCliRun(mock, 12, { base: BASE, head: HEAD, baseFiles: base, headFiles: head });
}

const mock = useGitHubMock();

describe("boxcutter pr", () => {
  it("parses owner/repo#number and pull request URLs, and refuses anything else", () => {
    expect(parseTarget("acme/shop#42")).toEqual({ owner: "acme", repo: "shop", number: 42 });
    expect(parseTarget("https://github.com/acme/shop.js/pull/7")).toEqual({
      owner: "acme",
      repo: "shop.js",
      number: 7,
    });
    expect(() => parseTarget("acme/shop/42")).toThrow(/expected <owner>\/<repo>#<number>/);
  });

  it("prints the report for a pull request without writing anything", async () => {
    mockAnalysis();
    const io = fakeIo("/", TOKEN);
    expect(await prCommand.run(["Codertocat/Hello-World#12"], io)).toBe(0);
    expect(io.out).toContain("+1 component");
    expect(io.out).toContain("`cache`");
    expect(mock.calls().some((call) => call.startsWith("PATCH") || call.includes("check-runs"))).toBe(false);
  });

  it("posts the comment with --post and explains when the token cannot write check runs", async () => {
    mockAnalysis();
    mock.api.get("/user").reply(200, { login: "octocat" });
    mockComments(mock, 12);
    mockCommentCreate(mock, 12);
    mock.api
      .post(`${repoPath}/check-runs`)
      .reply(403, { message: "Resource not accessible by personal access token" });
    const io = fakeIo("/", TOKEN);

    expect(await prCommand.run(["Codertocat/Hello-World#12", "--post"], io)).toBe(0);

    const [comment] = mock.bodiesOf("POST", /comments$/) as { body: string }[];
    expect(comment!.body).toMatch(new RegExp(`^<!-- boxcutter:report head=${HEAD} `));
    expect(io.err).toContain("comment created");
    expect(io.err).toContain("Only GitHub App installation tokens can");
  });

  it("writes the check run when the token may", async () => {
    mockAnalysis();
    mock.api.get("/user").reply(403, { message: "Resource not accessible by integration" });
    mockComments(mock, 12);
    mockCommentCreate(mock, 12);
    mockCheckCreate(mock, 33);
    mock.api.patch(`${repoPath}/check-runs/33`).reply(200, { id: 33 });
    const io = fakeIo("/", TOKEN);

    expect(await prCommand.run(["Codertocat/Hello-World#12", "--post"], io)).toBe(0);
    expect(io.err).toContain("check run written");
    // The change adds a component nothing justifies: the verdict fails the check run.
    expect((mock.bodiesOf("PATCH", /check-runs\/33/)[0] as { conclusion: string }).conclusion).toBe(
      "failure",
    );
  });

  it("leads with the verdict the check run would carry, and exits 1 with --gate when it fails", async () => {
    mockAnalysis();
    const io = fakeIo("/", TOKEN);
    expect(await prCommand.run(["Codertocat/Hello-World#12", "--gate"], io)).toBe(1);
    expect(io.out.split("\n")[0]).toMatch(/^\*\*boxcutter:\*\* .*\*\*not justified\*\*/);
  });

  it("judges the change by --declare as by a line of the pull request body", async () => {
    mockAnalysis();
    const io = fakeIo("/", TOKEN);
    const args = ["Codertocat/Hello-World#12", "--gate", "--declare", "working-set the cache holds 2 TiB"];
    expect(await prCommand.run(args, io)).toBe(0);
    expect(io.out.split("\n")[0]).toContain("**justified: working-set**");
    expect(io.out).toContain("the cache holds 2 TiB (declared on the command line");
  });

  it("prints the verdict beside a JSON report, which carries it", async () => {
    mockAnalysis();
    const io = fakeIo("/", TOKEN);
    expect(await prCommand.run(["Codertocat/Hello-World#12", "--format", "json"], io)).toBe(0);
    expect(JSON.parse(io.out)).toMatchObject({ verdict: { verdict: "unjustified" } });
    expect(io.err).toMatch(/^\+1 cache, .*not justified/);
  });

  it("refuses to post a declaration only the command line made", async () => {
    const io = fakeIo("/", TOKEN);
    expect(await prCommand.run(["acme/shop#1", "--post", "--declare", "compute big"], io)).toBe(2);
    expect(io.err).toContain("--declare is not posted");
    expect(mock.calls()).toEqual([]);
  });

  it("exits 2 on usage errors and 1 when GitHub cannot be read", async () => {
    expect(await prCommand.run(["acme/shop"], fakeIo("/", TOKEN))).toBe(2);
    expect(await prCommand.run(["acme/shop#1", "--post"], fakeIo())).toBe(2);
    mock.api.get("/repos/acme/shop/pulls/1").reply(404, { message: "Not Found" });
    const io = fakeIo("/", TOKEN);
    expect(await prCommand.run(["acme/shop#1"], io)).toBe(1);
    expect(io.err).toContain("GitHub answered 404");
  });
});
