import { describe, expect, it } from "vitest";
import { evidenceAt } from "./evidence.js";

describe("evidenceAt", () => {
  it("records the place and rule and redacts credentials in the detail", () => {
    expect(
      evidenceAt(
        { file: "infra/main.tf", line: 12 },
        "terraform/reference",
        "url = postgres://app:hunter2@db:5432/app",
      ),
    ).toEqual({
      file: "infra/main.tf",
      line: 12,
      rule: "terraform/reference",
      detail: "url = postgres://app:***@db:5432/app",
    });
  });
});
