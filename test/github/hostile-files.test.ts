import { describe, expect, it } from "vitest";
import { useGitHubMock } from "./helpers/github-mock.js";
import { INSTALLATION_ID, pullRequestDelivery } from "./helpers/payloads.js";
import { createTestApp } from "./helpers/probot.js";
import { aliasBomb, DEEP_YAML, NESTING_DEPTH, STAND_IN_MESSAGE } from "../helpers/hostile-files.js";
import { appRun, BASE, HEAD, mockAppRun, PR, repoPath, type Files } from "./helpers/scenario.js";

/**
 * Files from a fork are hostile. Whatever a pull request adds, the delivery must end in a completed check that
 * names the file it could not read, and every request on the way must be one GitHub accepts.
 */

/** `file:line` as the comment links it: to the line at the pull request's head. */
function link(file: string, line?: number): string {
  const text = line === undefined ? file : `${file}:${line}`;
  return `[${text}](https://github.com/Codertocat/Hello-World/blob/${HEAD}/${file}${line === undefined ? "" : `#L${line}`})`;
}

const BASE_FILES: Files = {
  "docker-compose.yml": "services:\n  web:\n    image: nginx\n    ports: ['80:80']\n",
};

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

/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are inspected as loose JSON */
type Body = any;

const mock = useGitHubMock();

/**
 * Delivers a push adding `path` with `text` beside an unchanged compose file; returns the check run's completion.
 * Only what the app could still read of the file can start a comment.
 */
async function deliverAdded(path: string, text: string, readable: { comment: boolean }): Promise<Body> {
  return deliver(BASE_FILES, { ...BASE_FILES, [path]: text }, readable);
}

/** Delivers a push taking the repository from `baseFiles` to `headFiles`; returns the check run's completion. */
async function deliver(baseFiles: Files, headFiles: Files, readable: { comment: boolean }): Promise<Body> {
  const { probot } = await createTestApp();
  mock.installationToken(INSTALLATION_ID);
  mockAppRun(
    mock,
    appRun({
      files: { baseFiles, headFiles },
      comments: [],
      ...(readable.comment ? { commentWrite: "create" as const } : {}),
    }),
  );

  await probot.receive(pullRequestDelivery("push", "synchronize", { head: HEAD, base: BASE }));

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
      `| \`yaml/too-large\` | ${link("bomb/docker-compose.yml", 1)} | document expands to more than 2,000,000 nodes through aliases; skipped |`,
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
      `| \`input/binary\` | ${link("assets/docker-compose.yml")} | binary file; skipped |`,
    );
    // A warning without a line has nowhere to be annotated.
    expect(completed.output.annotations).toBeUndefined();
  });

  it("reads the valid blocks of a .tf file with invalid HCL and names the line of the error", async () => {
    const completed = await deliverAdded("infra/main.tf", INVALID_HCL, { comment: true });

    // The block before the error still counts: the instance is a new component, which nothing justifies.
    expect(completed.output.title).toMatch(/^\+1 service.*: not justified/);
    expect(completed.output.summary).toContain(`| \`terraform/invalid-hcl\` | ${link("infra/main.tf", 5)} |`);
    expect(
      completed.output.annotations.map((a: Body) => [a.path, a.start_line, a.annotation_level, a.title]),
    ).toContainEqual(["infra/main.tf", 5, "warning", "terraform/invalid-hcl"]);
  });

  it(`refuses YAML nested ${NESTING_DEPTH.toLocaleString("en")} levels deep, naming the file and line`, async () => {
    const completed = await deliverAdded("deep/docker-compose.yml", DEEP_YAML, { comment: false });

    expect(completed.conclusion).toBe("success");
    expect(completed.output.summary).toContain(
      `| \`yaml/invalid\` | ${link("deep/docker-compose.yml", 1)} | invalid YAML: nesting exceeded maxDepth (100) |`,
    );
    expect(completed.output.annotations.map((a: Body) => [a.path, a.start_line, a.title])).toEqual([
      ["deep/docker-compose.yml", 1, "yaml/invalid"],
    ]);
  });
});

const TERRAFORM = 'resource "aws_lb" "front" {\n  internal = false\n}\n';

/** Each replaces a file that defines components at base with content the app cannot read. */
const REPLACEMENTS: { kind: string; path: string; text: string; warning: string }[] = [
  {
    kind: "an alias bomb",
    path: "docker-compose.yml",
    text: aliasBomb(),
    warning: `| \`yaml/too-large\` | ${link("docker-compose.yml", 1)} |`,
  },
  {
    kind: "a binary blob",
    path: "docker-compose.yml",
    text: PNG,
    warning: `| \`input/binary\` | ${link("docker-compose.yml")} | binary file; skipped |`,
  },
  {
    kind: `YAML nested ${NESTING_DEPTH.toLocaleString("en")} levels deep`,
    path: "docker-compose.yml",
    text: DEEP_YAML,
    warning: `| \`yaml/invalid\` | ${link("docker-compose.yml", 1)} |`,
  },
  {
    kind: "HCL that loses its blocks",
    path: "infra/main.tf",
    text: `}}} not hcl {\n\n${TERRAFORM}`,
    warning: `| \`terraform/invalid-hcl\` | ${link("infra/main.tf", 1)} |`,
  },
];

describe("a pull request replacing an infrastructure file with content the app cannot read", () => {
  it.each(REPLACEMENTS)("$kind: no change, no comment, the base version stands in", async (replacement) => {
    const baseFiles = { ...BASE_FILES, "infra/main.tf": TERRAFORM };
    const completed = await deliver(
      baseFiles,
      { ...baseFiles, [replacement.path]: replacement.text },
      { comment: false },
    );

    expect(completed.conclusion).toBe("success");
    expect(completed.output.title).toBe("No architectural change");
    expect(completed.output.summary).not.toMatch(/-\d+ components?/);
    expect(completed.output.summary).toContain(replacement.warning);
    expect(completed.output.summary).toContain(
      `| \`engine/head-unreadable\` | ${link(replacement.path)} | ${STAND_IN_MESSAGE} |`,
    );
  });
});
/* eslint-enable @typescript-eslint/no-explicit-any */
