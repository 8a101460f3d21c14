import { readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { PULL_REQUEST_EVENTS } from "../../src/github/handlers.js";

const readme = readFileSync(join(import.meta.dirname, "../../README.md"), "utf8");

/** The first YAML block of a README section. */
function yamlBlock(heading: string): string {
  const start = readme.indexOf(`\n${heading}\n`);
  expect(start, `README has a "${heading}" section`).toBeGreaterThan(-1);
  const block = /```yaml\n([\s\S]*?)```/.exec(readme.slice(start));
  expect(block, `"${heading}" has a yaml block`).not.toBeNull();
  return block![1]!;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the workflow is inspected as loose YAML */
describe("the README's example workflow", () => {
  const workflow = load(yamlBlock("### Install as an Action")) as any;

  it("is valid YAML for a workflow with the events and permissions the app needs", () => {
    expect(Object.keys(workflow.on).sort()).toEqual(["issue_comment", "pull_request"]);
    const handled = PULL_REQUEST_EVENTS.map((event) => event.replace("pull_request.", ""));
    expect([...workflow.on.pull_request.types].sort()).toEqual([...handled].sort());
    expect(workflow.permissions).toEqual({ checks: "write", "pull-requests": "write", contents: "read" });
  });

  it("runs the action in one step, with no checkout or install", () => {
    const jobs = Object.values(workflow.jobs) as any[];
    expect(jobs).toHaveLength(1);
    expect(jobs[0]["runs-on"]).toBe("ubuntu-latest");
    expect(jobs[0].steps).toEqual([{ uses: expect.stringMatching(/^[\w-]+\/boxcutter@v\d+$/) }]);
  });
});
