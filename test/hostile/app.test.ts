import { describe, expect, it } from "vitest";
import { useGitHubMock } from "../github/helpers/github-mock.js";
import { INSTALLATION_ID, pullRequestDelivery } from "../github/helpers/payloads.js";
import { createTestApp } from "../github/helpers/probot.js";
import {
  appRun,
  BASE,
  CHECK,
  HEAD,
  mockAppRun,
  PR,
  repoPath,
  type Files,
} from "../github/helpers/scenario.js";
import { CASES, type Entry, type HostileCase } from "./corpus.js";
import {
  expectInertMarkdown,
  expectNothingLeaked,
  expectValidMermaid,
  expectWarnings,
  fencedDiagrams,
} from "./outputs.js";

/**
 * The hostile corpus through the app: a pull request adds each case's files, GitHub (faked at the HTTP level)
 * serves them, and the delivery must end in one completed check run and at most one comment, both naming the
 * files they could not read and neither leaking, mentioning, linking nor breaking its diagrams. Links, FIFOs and
 * cases of tens of megabytes are what a checkout holds, not what GitHub serves: the command-line tests cover them.
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are inspected as loose JSON */
type Body = any;

const mock = useGitHubMock();

/** Git blobs as text: bytes that are not UTF-8 arrive as GitHub would decode them, NUL bytes mark binary. */
function asBlobs(files: Record<string, Entry>): Files | undefined {
  const blobs: Files = {};
  for (const [path, entry] of Object.entries(files)) {
    if (typeof entry === "string") blobs[path] = entry;
    else if (entry instanceof Uint8Array) blobs[path] = Buffer.from(entry).toString("latin1");
    else return undefined;
  }
  return blobs;
}

const SERVED = CASES.filter((hostile) => !hostile.large && asBlobs(hostile.files()) !== undefined);

async function deliver(hostile: HostileCase): Promise<{ completed: Body; comments: string[] }> {
  const { probot } = await createTestApp();
  mock.installationToken(INSTALLATION_ID);
  const headFiles = asBlobs(hostile.files())!;
  mockAppRun(mock, appRun({ files: { baseFiles: {}, headFiles }, comments: [] }));
  // Whether a comment is due depends on what the case adds; a check with many annotations is sent in batches.
  mock.api.post(`${repoPath}/issues/${PR}/comments`).optionally().reply(201, { id: 501 });
  mock.api.patch(`${repoPath}/check-runs/${CHECK}`).times(4).optionally().reply(200, { id: CHECK });

  await probot.receive(pullRequestDelivery("push", "synchronize", { head: HEAD, base: BASE }));

  expect(mock.problems()).toEqual([]);
  const comments = (mock.bodiesOf("POST", /\/issues\/\d+\/comments$/) as Body[]).map(
    (body) => body.body as string,
  );
  expect(comments.length).toBeLessThanOrEqual(1);
  const updates = mock.bodiesOf("PATCH", /check-runs\//) as Body[];
  const completed = updates.find((update) => update.status === "completed");
  expect(completed?.conclusion).toMatch(/^(success|failure|neutral)$/);
  return { completed, comments };
}

describe("hostile files in a pull request through the app", () => {
  it.each(SERVED.map((hostile) => [hostile.name, hostile] as const))("%s", async (_name, hostile) => {
    const { completed, comments } = await deliver(hostile);
    const annotations: Body[] = completed.output.annotations ?? [];
    const summary: string = completed.output.summary;

    // Every problem the case plants is named with its file, and annotated at its line when it has one.
    for (const want of hostile.warnings.filter((w) => !w.id.startsWith("input/"))) {
      expect(summary).toMatch(new RegExp(want.file.replace(/\./g, "\\.")));
    }
    const located = hostile.warnings.filter((w) => w.line !== undefined && !w.id.startsWith("input/"));
    expectWarnings(
      "annotations",
      annotations.map((a) => ({ id: a.title, file: a.path, line: a.start_line })),
      located,
    );

    for (const [where, text] of [
      ["check title", completed.output.title as string],
      ["check summary", summary],
      ["annotations", JSON.stringify(annotations)],
      ...comments.map((comment) => ["comment", comment] as const),
    ] as const) {
      expectNothingLeaked(where, text);
    }
    for (const markdown of [summary, ...comments])
      expectInertMarkdown("markdown", markdown, "https://github.com/Codertocat/Hello-World");
    // The cases that add services are reported in a comment with a diagram, so both are checked for real.
    if (/^(Markdown|secrets)/.test(hostile.name))
      expect(comments.flatMap(fencedDiagrams).length).toBeGreaterThan(0);
    await expectValidMermaid("comment", comments.flatMap(fencedDiagrams));
  });
});
/* eslint-enable @typescript-eslint/no-explicit-any */
