import { describe, expect, it } from "vitest";
import { validateRequest } from "./helpers/openapi.js";

describe("request validation against GitHub's REST description", () => {
  it("accepts a well-formed check run update", () => {
    expect(
      validateRequest("PATCH", "/repos/o/r/check-runs/12", {
        status: "completed",
        conclusion: "success",
        output: {
          title: "t",
          summary: "s",
          annotations: [{ path: "a", start_line: 1, end_line: 1, annotation_level: "notice", message: "m" }],
        },
      }),
    ).toEqual([]);
  });

  it("rejects unknown paths, bad enums, missing required fields, over-long lists and unknown query parameters", () => {
    expect(validateRequest("GET", "/repos/o/r/check-run/12", undefined)).toEqual([
      "GET /repos/o/r/check-run/12: no such operation in GitHub's REST description",
    ]);
    expect(validateRequest("DELETE", "/repos/o/r/check-runs/12", undefined)[0]).toMatch(/no such operation/);
    expect(validateRequest("PATCH", "/repos/o/r/check-runs/12", { conclusion: "passed" })[0]).toMatch(
      /"passed" is not one of/,
    );
    expect(validateRequest("PATCH", "/repos/o/r/check-runs/12", { status: "completed" })).toEqual([
      "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}: matches none of the allowed shapes",
    ]);
    expect(validateRequest("POST", "/repos/o/r/check-runs", { name: "boxcutter" })).toEqual([
      "POST /repos/{owner}/{repo}/check-runs.head_sha: required",
    ]);
    const annotation = { path: "a", start_line: 1, end_line: 1, annotation_level: "notice", message: "m" };
    const tooMany = { output: { title: "t", summary: "s", annotations: Array(51).fill(annotation) } };
    expect(validateRequest("PATCH", "/repos/o/r/check-runs/1", tooMany).join()).toMatch(
      /51 items, more than 50/,
    );
    expect(validateRequest("GET", "/repos/o/r/pulls?state=opened", undefined)[0]).toMatch(
      /"opened" is not one of/,
    );
    expect(validateRequest("GET", "/repos/o/r/pulls?colour=red", undefined)).toEqual([
      "GET /repos/{owner}/{repo}/pulls: unknown query parameter colour",
    ]);
    expect(validateRequest("POST", "/repos/o/r/issues/1/comments", { text: "hi" })).toEqual([
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments.body: required",
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments.text: not a property GitHub documents",
    ]);
  });
});
