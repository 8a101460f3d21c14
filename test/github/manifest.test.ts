import { readFileSync } from "node:fs";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { PULL_REQUEST_EVENTS } from "../../src/github/handlers.js";

const manifest = load(readFileSync(new URL("../../app.yml", import.meta.url), "utf8")) as {
  default_permissions: Record<string, string>;
  default_events: string[];
};

describe("app.yml", () => {
  it("asks for the least permissions the app needs", () => {
    expect(manifest.default_permissions).toEqual({
      checks: "write",
      pull_requests: "write",
      issues: "write",
      contents: "read",
      metadata: "read",
    });
  });

  it("subscribes to every event the app handles", () => {
    const handled = new Set([
      ...PULL_REQUEST_EVENTS.map((event) => event.split(".")[0]!),
      "check_run",
      "check_suite",
    ]);
    for (const event of handled) expect(manifest.default_events).toContain(event);
    expect(manifest.default_events).toContain("issue_comment");
  });

  it("documents every environment variable in .env.example", () => {
    const example = readFileSync(new URL("../../.env.example", import.meta.url), "utf8");
    const names = [...example.matchAll(/^([A-Z_]+)=/gm)].map((match) => match[1]);
    for (const name of [
      "APP_ID",
      "PRIVATE_KEY",
      "PRIVATE_KEY_PATH",
      "WEBHOOK_SECRET",
      "WEBHOOK_PROXY_URL",
      "LOG_LEVEL",
      "HOST",
      "PORT",
      "NODE_ENV",
      "GITHUB_TOKEN",
    ]) {
      expect(names).toContain(name);
    }
  });
});
