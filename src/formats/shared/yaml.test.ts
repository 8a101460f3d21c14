import { describe, expect, it } from "vitest";
import { LineIndex, loadYamlDocuments } from "./yaml.js";

describe("loadYamlDocuments", () => {
  it("returns values with the line of every key and list item", () => {
    const text = [
      "# header",
      "services:",
      "  api:",
      "    ports:",
      "      - '8080:80'",
      "      - 9229",
      "  'db':",
      "    image: postgres",
    ].join("\n");
    const { documents, warnings } = loadYamlDocuments(text, "compose.yaml");
    expect(warnings).toEqual([]);
    const [document] = documents;
    expect(document!.value).toEqual({
      services: { api: { ports: ["8080:80", 9229] }, db: { image: "postgres" } },
    });
    expect(document!.line).toBe(2);
    expect(document!.lineOf(["services", "api"])).toBe(3);
    expect(document!.lineOf(["services", "api", "ports", 1])).toBe(6);
    expect(document!.lineOf(["services", "db", "image"])).toBe(8);
    // An unknown path falls back to its nearest known ancestor.
    expect(document!.lineOf(["services", "api", "environment", "X"])).toBe(3);
    expect(document!.lineOf(["nowhere"])).toBe(2);
  });

  it("splits documents and skips empty ones", () => {
    const { documents } = loadYamlDocuments("---\nkind: A\n---\n---\n\n# c\nkind: B\n", "all.yaml");
    expect(documents.map((document) => [document.value, document.line, document.lineOf(["kind"])])).toEqual([
      [{ kind: "A" }, 2, 2],
      [{ kind: "B" }, 7, 7],
    ]);
  });

  it("applies merge keys and keeps YAML 1.1 booleans and sexagesimals as strings", () => {
    const text = "x-env: &env {A: 1}\nweb:\n  <<: *env\n  B: yes\n  C: 80:80\n  D: on\n";
    const { documents } = loadYamlDocuments(text, "compose.yaml");
    expect(documents[0]!.value).toEqual({ "x-env": { A: 1 }, web: { A: 1, B: "yes", C: "80:80", D: "on" } });
    expect(documents[0]!.lineOf(["web", "B"])).toBe(4);
  });

  it("turns syntax errors into one located warning", () => {
    const { documents, warnings } = loadYamlDocuments("a: 1\nb:\n\t- tab\n", "bad.yaml");
    expect(documents).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ id: "yaml/invalid", file: "bad.yaml", line: 3 });
    expect(warnings[0]!.message).toMatch(/^invalid YAML: /);
  });

  it("warns on unknown tags instead of building them", () => {
    const { documents, warnings } = loadYamlDocuments("a: !!binary aGVsbG8=\n", "tags.yaml");
    expect(documents).toEqual([]);
    expect(warnings.map((warning) => warning.id)).toEqual(["yaml/invalid"]);
  });

  it("refuses a document whose aliases expand past the limit, and keeps the other documents", () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
    ].join("\n");
    const { documents, warnings } = loadYamlDocuments(`ok: 1\n---\n${bomb}\n`, "bomb.yaml", {
      maxExpandedNodes: 500,
    });
    expect(documents.map((document) => document.value)).toEqual([{ ok: 1 }]);
    expect(warnings).toEqual([expect.objectContaining({ id: "yaml/too-large", file: "bomb.yaml", line: 3 })]);
    expect(loadYamlDocuments(bomb, "bomb.yaml", { maxExpandedNodes: 5000 }).warnings).toEqual([]);
  });

  it("refuses nesting deeper than the limit without throwing", () => {
    const deep = `${"[".repeat(200)}${"]".repeat(200)}`;
    const { documents, warnings } = loadYamlDocuments(deep, "deep.yaml", { maxDepth: 50 });
    expect(documents).toEqual([]);
    expect(warnings.map((warning) => warning.id)).toEqual(["yaml/invalid"]);
  });

  it("never throws on binary or truncated input", () => {
    for (const text of [
      "\u0000\u0001\u0002",
      "{",
      "a: [",
      "- - - -",
      "? ",
      "&a *a",
      "*unknown",
      "%YAML 9.9\n---\na: 1",
    ]) {
      expect(() => loadYamlDocuments(text, "x.yaml")).not.toThrow();
    }
  });
});

describe("LineIndex", () => {
  it("maps offsets to 1-based lines", () => {
    const index = new LineIndex("ab\ncd\n\nef");
    expect([0, 2, 3, 5, 6, 7, 9].map((offset) => index.lineAt(offset))).toEqual([1, 1, 2, 2, 3, 4, 4]);
  });
});
