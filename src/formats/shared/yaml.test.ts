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

  it("reads a flow collection whose lines sit at its key's indentation, as Go's parser does", () => {
    const text = [
      "services:",
      "  flagd:",
      "    command: [",
      '      "start",',
      '    "--uri",',
      "    ]",
      "    ports:",
      '      - "8013"',
    ].join("\n");
    const { documents, warnings } = loadYamlDocuments(text, "compose.yaml");
    expect(warnings).toEqual([]);
    expect(documents[0]!.value).toEqual({
      services: { flagd: { command: ["start", "--uri"], ports: ["8013"] } },
    });
    expect(documents[0]!.lineOf(["services", "flagd", "ports", 0])).toBe(8);
  });

  it("turns syntax errors into one located warning", () => {
    const { documents, warnings } = loadYamlDocuments("a: 1\nb:\n\t- tab\n", "bad.yaml");
    expect(documents).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ id: "yaml/invalid", file: "bad.yaml", line: 3 });
    expect(warnings[0]!.message).toMatch(/^invalid YAML: /);
  });

  it("names a key defined twice, keeps the last definition and the other documents", () => {
    const text = "a: 1\n---\nservices:\n  web: {image: a}\n  web: {image: b}\n";
    const { documents, warnings } = loadYamlDocuments(text, "compose.yaml");
    expect(documents.map((document) => document.value)).toEqual([
      { a: 1 },
      { services: { web: { image: "b" } } },
    ]);
    expect(warnings).toEqual([
      {
        id: "yaml/duplicate-key",
        file: "compose.yaml",
        line: 5,
        message: "a key defined twice in one mapping; the last definition is used",
      },
    ]);
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

  it("finds lines inside lists of mappings, through repeated keys and up to an alias", () => {
    const text = [
      "kind: Deployment", // 1
      "spec:", // 2
      "  containers:", // 3
      "    - name: a", // 4
      "      env: &env", // 5
      "        - {name: X, value: one}", // 6
      "    - name: b", // 7
      "      env: *env", // 8
      "  replicas: 1", // 9
      "  replicas: 2", // 10
    ].join("\n");
    const [document] = loadYamlDocuments(text, "d.yaml").documents;
    expect(document!.lineOf(["spec", "containers", 1, "name"])).toBe(7);
    expect(document!.lineOf(["spec", "containers", 0, "env", 0, "value"])).toBe(6);
    // Below an alias there is nothing of its own: the alias's line.
    expect(document!.lineOf(["spec", "containers", 1, "env", 0, "value"])).toBe(8);
    expect(document!.lineOf(["spec", "containers", 5])).toBe(3);
    // The constructed value keeps the last of a repeated key, and so does its line.
    expect(document!.lineOf(["spec", "replicas"])).toBe(10);
  });

  it("keeps the good documents of a file when one cannot be built", () => {
    const { documents, warnings } = loadYamlDocuments("a: 1\n---\nb: !!binary aGk=\n---\nc: 3\n", "m.yaml");
    expect(
      documents.map((document) => [
        document.value,
        document.lineOf([Object.keys(document.value as object)[0]!]),
      ]),
    ).toEqual([
      [{ a: 1 }, 1],
      [{ c: 3 }, 5],
    ]);
    expect(warnings.map((warning) => [warning.id, warning.line])).toEqual([["yaml/invalid", 3]]);
  });

  it("applies the merge-key budget per document, not per file", () => {
    // 1,200 documents of 10 merge keys each: more than the parser allows in one document, fine in each.
    const document = `base: &base {a: 1}\n${Array.from({ length: 10 }, (_, index) => `k${index}: {<<: *base}`).join("\n")}\n`;
    const text = Array.from({ length: 1200 }, () => document).join("---\n");
    const { documents, warnings } = loadYamlDocuments(text, "many.yaml");
    expect(warnings).toEqual([]);
    expect(documents).toHaveLength(1200);
    expect(documents[1199]!.value).toMatchObject({ k9: { a: 1 } });
    expect(documents[1199]!.lineOf(["k9"])).toBe(1199 * 12 + 11);
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
