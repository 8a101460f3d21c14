import { describe, expect, it } from "vitest";
import { useGitHubMock } from "./helpers/github-mock.js";
import { INSTALLATION_ID, pullRequestDelivery } from "./helpers/payloads.js";
import { createTestApp } from "./helpers/probot.js";
import { appRun, BASE, HEAD, mockAppRun, PR, repoPath, type Files } from "./helpers/scenario.js";

/**
 * Files from a fork are hostile. Whatever a pull request adds, the delivery must end in a completed check that
 * names the file it could not read, and every request on the way must be one GitHub accepts.
 */

const BASE_FILES: Files = {
  "docker-compose.yml": "services:\n  web:\n    image: nginx\n    ports: ['80:80']\n",
};

/** Ten aliases of ten aliases, nine levels deep: 10^9 nodes once expanded. */
function aliasBomb(): string {
  const names = "abcdefghij";
  const lines = [
    "services:",
    "  web:",
    "    image: nginx",
    `x-a: &a [${Array(10).fill('"lol"').join(", ")}]`,
  ];
  for (let level = 1; level < names.length; level++) {
    const refs = Array(10)
      .fill(`*${names[level - 1]}`)
      .join(", ");
    lines.push(`x-${names[level]}: &${names[level]} [${refs}]`);
  }
  return `${lines.join("\n")}\n`;
}

/** The first bytes of a PNG image: a NUL byte within them makes it binary to GitHub and to the app. */
const PNG = "\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR\u0000\u0000\u0001\u0000";

const INVALID_HCL = [
  'resource "aws_instance" "web" {',
  '  ami = "ami-123"',
  "}",
  "",
  "this is = = not hcl {",
  "",
].join("\n");

const DEPTH = 100_000;
const DEEP_YAML = `${"[".repeat(DEPTH)}${"]".repeat(DEPTH)}\n`;

/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are inspected as loose JSON */
type Body = any;

const mock = useGitHubMock();

/**
 * Delivers a push adding `path` with `text` beside an unchanged compose file; returns the check run's completion.
 * Only what the app could still read of the file can start a comment.
 */
async function deliverAdded(path: string, text: string, readable: { comment: boolean }): Promise<Body> {
  const { probot } = await createTestApp();
  mock.installationToken(INSTALLATION_ID);
  mockAppRun(
    mock,
    appRun({
      files: { baseFiles: BASE_FILES, headFiles: { ...BASE_FILES, [path]: text } },
      comments: [],
      ...(readable.comment ? { commentWrite: "create" as const } : {}),
    }),
  );

  await probot.receive(pullRequestDelivery(`add-${path}`, "synchronize", { head: HEAD, base: BASE }));

  expect(mock.problems()).toEqual([]);
  expect(mock.calls().filter((call) => call.includes("/comments"))).toEqual([
    `GET ${repoPath}/issues/${PR}/comments`,
    ...(readable.comment ? [`POST ${repoPath}/issues/${PR}/comments`] : []),
  ]);
  const completions = mock.bodiesOf("PATCH", /check-runs\//) as Body[];
  expect(completions).toHaveLength(1);
  const [completed] = completions;
  expect(completed.status).toBe("completed");
  return completed;
}

describe("hostile files in a pull request through the app", () => {
  it("skips a compose file whose aliases expand to a billion nodes, naming the file and line", async () => {
    const completed = await deliverAdded("bomb/docker-compose.yml", aliasBomb(), { comment: false });

    expect(completed.conclusion).toBe("success");
    expect(completed.output.title).toBe("No architectural change");
    expect(completed.output.summary).toContain(
      "| `yaml/too-large` | bomb/docker-compose.yml:1 | document expands to more than 2,000,000 nodes through aliases; skipped |",
    );
    expect(completed.output.annotations).toEqual([
      {
        path: "bomb/docker-compose.yml",
        start_line: 1,
        end_line: 1,
        annotation_level: "warning",
        title: "yaml/too-large",
        message: "document expands to more than 2,000,000 nodes through aliases; skipped",
      },
    ]);
  });

  it("skips a binary blob named docker-compose.yml, naming the file", async () => {
    const completed = await deliverAdded("assets/docker-compose.yml", PNG, { comment: false });

    expect(completed.conclusion).toBe("success");
    expect(completed.output.summary).toContain(
      "| `input/binary` | assets/docker-compose.yml | binary file; skipped |",
    );
    // A warning without a line has nowhere to be annotated.
    expect(completed.output.annotations).toBeUndefined();
  });

  it("reads the valid blocks of a .tf file with invalid HCL and names the line of the error", async () => {
    const completed = await deliverAdded("infra/main.tf", INVALID_HCL, { comment: true });

    expect(completed.conclusion).toBe("success");
    // The block before the error still counts: the instance is a new component.
    expect(completed.output.title).toMatch(/^\+1 component/);
    expect(completed.output.summary).toContain("| `terraform/invalid-hcl` | infra/main.tf:5 |");
    expect(
      completed.output.annotations.map((a: Body) => [a.path, a.start_line, a.annotation_level, a.title]),
    ).toContainEqual(["infra/main.tf", 5, "warning", "terraform/invalid-hcl"]);
  });

  it(`refuses YAML nested ${DEPTH.toLocaleString("en")} levels deep, naming the file and line`, async () => {
    const completed = await deliverAdded("deep/docker-compose.yml", DEEP_YAML, { comment: false });

    expect(completed.conclusion).toBe("success");
    expect(completed.output.summary).toContain(
      "| `yaml/invalid` | deep/docker-compose.yml:1 | invalid YAML: nesting exceeded maxDepth (100) |",
    );
    expect(completed.output.annotations.map((a: Body) => [a.path, a.start_line, a.title])).toEqual([
      ["deep/docker-compose.yml", 1, "yaml/invalid"],
    ]);
  });
});
/* eslint-enable @typescript-eslint/no-explicit-any */
