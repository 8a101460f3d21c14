import { describe, expect, it } from "vitest";
import {
  parseBodyDeclarations,
  parseJustification,
  parseTrigger,
  readBodyDeclarations,
  TRIGGERS,
} from "../../../src/analysis/declarations.js";

describe("parseTrigger", () => {
  it.each([
    ["working-set", "working-set"],
    ["Working set", "working-set"],
    ["WORKING_SET", "working-set"],
    ["compute", "compute"],
    ["Geography", "geography"],
    ["geo", "geography"],
    ["independent deploys", "independent-deploys"],
    ["independent-deployments", "independent-deploys"],
  ])("reads %j as %s", (text, trigger) => {
    expect(parseTrigger(text)).toBe(trigger);
  });

  it.each(["", "scale", "working", "constructor", "__proto__"])("knows no trigger %j", (text) => {
    expect(parseTrigger(text)).toBeUndefined();
  });
});

describe("parseJustification", () => {
  it("reads a two-word trigger and keeps the reason as written", () => {
    expect(parseJustification("  working set   orders no longer fit in 1 TiB ")).toEqual({
      ok: true,
      trigger: "working-set",
      reason: "orders no longer fit in 1 TiB",
    });
  });

  it("needs a reason", () => {
    const parsed = parseJustification("geography");
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toContain("say why geography applies");
  });

  it("names the known triggers when the word is unknown", () => {
    const parsed = parseJustification("scale we expect a lot of traffic");
    expect(!parsed.ok && parsed.problem).toBe(`unknown trigger "scale" (known: ${TRIGGERS.join(", ")})`);
  });

  it("caps a long reason", () => {
    const parsed = parseJustification(`compute ${"x".repeat(5000)}`);
    expect(parsed.ok && parsed.reason.length).toBe(300);
  });
});

describe("parseBodyDeclarations", () => {
  it("reads a declaration on its own line with its author and head", () => {
    const body = "Adds the EU region.\n\nboxcutter: geography EU customers need data in eu-central-1\n";
    expect(parseBodyDeclarations(body, "alice", "abc123")).toEqual([
      {
        trigger: "geography",
        reason: "EU customers need data in eu-central-1",
        author: "alice",
        headSha: "abc123",
        source: "body",
      },
    ]);
  });

  it("is case-insensitive and accepts Windows line ends", () => {
    const found = parseBodyDeclarations(
      "intro\r\nBoxcutter: Independent deploys payments ships daily\r\n",
      "bob",
    );
    expect(found.map((d) => [d.trigger, d.reason])).toEqual([
      ["independent-deploys", "payments ships daily"],
    ]);
  });

  it("ignores declarations in fenced code, indented code, quotes and HTML comments", () => {
    const body = [
      "```",
      "boxcutter: compute in a fence",
      "```",
      "~~~~md",
      "boxcutter: compute in a tilde fence",
      "~~~~",
      "    boxcutter: compute indented",
      "> boxcutter: compute quoted",
      "<!-- boxcutter: compute in a template hint -->",
      "<!--",
      "boxcutter: compute inside a comment",
      "-->",
      "boxcutter: working-set the real one",
    ].join("\n");
    expect(parseBodyDeclarations(body, "carol").map((d) => d.reason)).toEqual(["the real one"]);
  });

  it("does not read a declaration inside a sentence", () => {
    expect(parseBodyDeclarations("We could write boxcutter: compute later", "dan")).toEqual([]);
  });

  it("keeps the first line per trigger and reports lines it cannot read", () => {
    const body =
      "boxcutter: compute first\nboxcutter: compute second\nboxcutter: scale more\nboxcutter: geography";
    const { declarations, problems } = readBodyDeclarations(body, "erin");
    expect(declarations.map((d) => d.reason)).toEqual(["first"]);
    expect(problems.map((p) => p.line)).toEqual([3, 4]);
  });

  it("reads nothing from an empty or missing body", () => {
    expect(parseBodyDeclarations(null, "frank")).toEqual([]);
    expect(parseBodyDeclarations("", "frank")).toEqual([]);
  });
});
