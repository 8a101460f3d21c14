import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { promisify } from "node:util";
import { Worker } from "node:worker_threads";
import { load } from "js-yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { bundle } from "../../scripts/bundle.js";
import type { FormatAnswer, FormatJob } from "../../src/extraction/format-thread.js";
import { ReadingMark } from "../../src/extraction/reading-mark.js";
import { useGitHubMock } from "../github/helpers/github-mock.js";
import { pullRequestEvent } from "../github/helpers/payloads.js";
import { PRIVATE_KEY } from "../github/helpers/probot.js";
import {
  appRun,
  AUTHOR,
  BASE,
  HEAD,
  mockAppRun,
  mockPermission,
  type Files,
} from "../github/helpers/scenario.js";
import { startGitHubBridge } from "./github-bridge.js";

const root = join(import.meta.dirname, "../..");
const run = promisify(execFile);

interface ActionManifest {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; main: string };
}

const mock = useGitHubMock();
const manifest = load(readFileSync(join(root, "action.yml"), "utf8")) as ActionManifest;
let actionDir: string;

beforeAll(async () => {
  // Built where no node_modules can be found, as on a runner that checked out a release tag.
  const checkout = mkdtempSync(join(tmpdir(), "boxcutter-action-"));
  actionDir = await bundle("action", join(checkout, "action"));
}, 60_000);

function runBundle(env: NodeJS.ProcessEnv, cwd: string) {
  const entry = join(actionDir, "..", manifest.runs.main);
  return run(process.execPath, [entry], { cwd, env: { PATH: process.env.PATH, ...env } }).catch(
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

/**
 * The bundle as a runner starts it, on the event file of a pull request that adds a queue to the Terraform example,
 * against GitHub faked on loopback; `pullBody` may declare a trigger.
 */
async function runOnTerraformChange(pullBody?: string) {
  const bridge = await startGitHubBridge();
  try {
    const files = (side: string): Files => ({
      "main.tf": readFileSync(join(root, "examples/terraform", side, "main.tf"), "utf8"),
    });
    const scenario = appRun({
      ...(pullBody === undefined ? {} : { pullBody }),
      files: { baseFiles: files("base"), headFiles: files("head") },
      comments: [],
      commentWrite: "create",
    });
    mockAppRun(mock, scenario);
    if (pullBody !== undefined) mockPermission(mock, AUTHOR, "write");
    const dir = mkdtempSync(join(tmpdir(), "boxcutter-event-"));
    const event = join(dir, "event.json");
    const payload = pullRequestEvent("opened", { head: HEAD, base: BASE });
    delete payload.installation;
    writeFileSync(event, JSON.stringify(payload));
    return await runBundle(
      {
        GITHUB_EVENT_NAME: "pull_request",
        GITHUB_EVENT_PATH: event,
        GITHUB_API_URL: bridge.url,
        "INPUT_GITHUB-TOKEN": "ghs_x",
        LOG_LEVEL: "error",
      },
      dir,
    );
  } finally {
    await bridge.close();
  }
}

describe("the Action's bundle", () => {
  it("is the entry point action.yml names, with the workflow token as its default input", () => {
    expect(manifest.runs).toEqual({ using: "node24", main: "action/index.js" });
    expect(manifest.inputs["github-token"]?.default).toBe("${{ github.token }}");
  });

  it("runs with no node_modules: an event it does not handle exits 0, a missing token fails the step", async () => {
    const dir = mkdtempSync(join(tmpdir(), "boxcutter-event-"));
    const event = join(dir, "event.json");
    writeFileSync(event, JSON.stringify({ ref: "refs/heads/main" }));
    const env = { GITHUB_EVENT_NAME: "push", GITHUB_EVENT_PATH: event };

    const ignored = await runBundle({ ...env, "INPUT_GITHUB-TOKEN": "ghs_x" }, dir);
    expect(ignored).toMatchObject({ stdout: "", stderr: "" });
    expect(ignored).not.toHaveProperty("code");

    const noToken = await runBundle(env, dir);
    expect(noToken).toMatchObject({
      code: 1,
      stdout: expect.stringMatching(/^::error title=boxcutter::No token/),
    });
  });

  it("analyses a Terraform pull request end to end, parsing with the WebAssembly files beside it", async () => {
    // The author declares a trigger in the body: with their write role it justifies the change.
    const result = await runOnTerraformChange(
      "boxcutter: independent-deploys the queue belongs to the billing team\n",
    );

    expect(result).not.toHaveProperty("code");
    const [comment] = mock.bodiesOf("POST", /comments$/) as { body: string }[];
    expect(comment!.body).toContain("aws_sqs_queue");
    const [completed] = mock.bodiesOf("PATCH", /check-runs/) as { conclusion: string }[];
    expect(completed!.conclusion).toBe("success");
  });

  it("fails the step when the gate fails: exit 1, an error for the workflow, a failed check run", async () => {
    // No declaration in the body, no trigger met by the files: the added queue is not justified.
    const result = await runOnTerraformChange();

    expect(result).toMatchObject({
      code: 1,
      stdout: expect.stringMatching(/^::error title=boxcutter::The boxcutter gate failed/m),
    });
    const [completed] = mock.bodiesOf("PATCH", /check-runs/) as {
      conclusion: string;
      output: { title: string };
    }[];
    expect(completed!.conclusion).toBe("failure");
    expect(completed!.output.title).toContain("not justified");
  });

  it("carries the format worker beside it, reading a format in its own thread", async () => {
    const mark = new ReadingMark();
    const worker = new Worker(join(actionDir, "format-worker.js"), { workerData: { reading: mark.buffer } });
    try {
      const text = readFileSync(join(root, "examples/terraform/head/main.tf"), "utf8");
      const job: FormatJob = {
        format: "terraform",
        sides: [{ files: [{ path: "main.tf", text }], deadline: Date.now() + 60_000 }],
        graceMs: 1000,
      };
      worker.postMessage(job);
      const [answer] = (await once(worker, "message")) as [FormatAnswer];
      expect(answer.outcome).toMatchObject({
        kind: "done",
        extraction: { systems: [{ format: "terraform" }] },
      });
      expect(mark.read()).toEqual({ format: "terraform", path: "main.tf" });
    } finally {
      await worker.terminate();
    }
  });

  it("builds the Lambda zip's module, which loads the app from the environment and verifies signatures", async () => {
    const dir = await bundle("lambda", join(mkdtempSync(join(tmpdir(), "boxcutter-lambda-")), "lambda"));
    expect(readdirSync(dir).sort()).toEqual([
      "format-worker.mjs",
      "index.mjs",
      "tree-sitter-terraform.wasm",
      "web-tree-sitter.wasm",
    ]);
    const event = {
      headers: { "x-github-delivery": "d", "x-github-event": "ping", "x-hub-signature-256": "sha256=00" },
      body: "{}",
    };
    const script = `const { handler } = await import(${JSON.stringify(join(dir, "index.mjs"))});
      process.stdout.write(JSON.stringify(await handler(${JSON.stringify(event)})));`;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], {
      cwd: dir,
      env: { PATH: process.env.PATH, APP_ID: "1", PRIVATE_KEY, WEBHOOK_SECRET: "s", LOG_LEVEL: "fatal" },
    });
    expect(JSON.parse(stdout)).toMatchObject({ statusCode: 401 });
  });
});
