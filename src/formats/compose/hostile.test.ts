import { describe, expect, it } from "vitest";
import type { Extraction } from "../types.js";
import { readFixture } from "./__fixtures__/read-fixture.js";
import { composeFormat } from "./index.js";

async function extract(files: Record<string, string>, deadline = Date.now() + 60_000): Promise<Extraction> {
  return composeFormat.extract(
    Object.entries(files).map(([path, text]) => ({ path, text })),
    { deadline },
  );
}

const ids = (result: Extraction) =>
  result.warnings.map((warning) => [warning.id, warning.file, warning.line]);

describe("hostile compose input", () => {
  it("turns invalid YAML into a located warning and no system", async () => {
    const result = await extract({ "compose.yaml": "services:\n  web:\n    image: [unclosed\n" });
    expect(result.systems).toEqual([]);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatchObject({ id: "yaml/invalid", file: "compose.yaml" });
    expect(result.warnings[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it("warns about files that are not compose files", async () => {
    const result = await extract({
      "compose.yaml": "name: shop\nvolumes:\n  data: {}\n",
      "tools/docker-compose.yml": "- just\n- a list\n",
      "empty/compose.yml": "",
    });
    expect(result.systems).toEqual([]);
    expect(ids(result)).toEqual([
      ["compose/not-compose", "compose.yaml", 1],
      ["compose/not-compose", "empty/compose.yml", 1],
      ["compose/not-compose", "tools/docker-compose.yml", 1],
    ]);
  });

  it("reports wrong types field by field and keeps what is usable", async () => {
    const result = await extract({
      "compose.yaml": [
        "services:",
        "  web:",
        "    image: shop/web",
        "    environment: 42",
        "    ports:",
        "      - {target: http}",
        "      - [8080, 80]",
        "      - '8081:80'",
        "    depends_on: 7",
        "    links: {db: true}",
        "    env_file: [12]",
        "    networks: front",
        "    deploy: [replicas]",
        "    scale: many",
        "    profiles: debug",
        "  db: just-a-string",
        "  cache:",
        "    image: {name: redis}",
        "    environment:",
        "      NESTED: {a: 1}",
        "    deploy:",
        "      replicas: -1",
        "      resources:",
        "        limits: {cpus: lots, memory: huge}",
        "",
      ].join("\n"),
    });
    expect(ids(result)).toEqual([
      ["compose/invalid-depends_on", "compose.yaml", 9],
      ["compose/invalid-links", "compose.yaml", 10],
      ["compose/invalid-environment", "compose.yaml", 4],
      ["compose/invalid-env_file", "compose.yaml", 11],
      ["compose/invalid-ports", "compose.yaml", 6],
      ["compose/invalid-ports", "compose.yaml", 7],
      ["compose/invalid-networks", "compose.yaml", 12],
      ["compose/invalid-scale", "compose.yaml", 14],
      ["compose/invalid-deploy", "compose.yaml", 13],
      ["compose/invalid-profiles", "compose.yaml", 15],
      ["compose/invalid-service", "compose.yaml", 16],
      ["compose/invalid-image", "compose.yaml", 18],
      ["compose/invalid-environment", "compose.yaml", 20],
      ["compose/invalid-deploy", "compose.yaml", 22],
      ["compose/invalid-deploy", "compose.yaml", 24],
      ["compose/invalid-deploy", "compose.yaml", 24],
    ]);
    const graph = result.systems[0]!;
    // Unreadable images leave the kind to the role each service is named for.
    expect(graph.components.map((component) => [component.name, component.kind])).toEqual([
      ["web", "service"],
      ["db", "datastore"],
      ["cache", "cache"],
    ]);
    expect(graph.entryPoints.map((entry) => entry.via)).toEqual(["published port 8081"]);
  });

  it("warns when services is a list", async () => {
    const result = await extract({ "docker-compose.yml": "services:\n  - web\n  - db\n" });
    expect(ids(result)).toEqual([["compose/invalid-services", "docker-compose.yml", 1]]);
    expect(result.systems[0]!.components).toEqual([]);
  });

  it("refuses an alias bomb without building it", async () => {
    const bomb = [
      "x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]",
      "x-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "x-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "x-d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
      "x-e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]",
      "x-f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]",
      "x-g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]",
      "services:",
      "  web:",
      "    image: shop/web",
      "    command: *g",
      "",
    ].join("\n");
    const result = await extract({ "compose.yaml": bomb });
    expect(result.systems).toEqual([]);
    expect(ids(result)).toEqual([["yaml/too-large", "compose.yaml", 1]]);
  });

  it("survives deep nesting and binary-looking text", async () => {
    const deep = `services:\n  web:\n    image: x\n    labels: ${"[".repeat(5000)}${"]".repeat(5000)}\n`;
    const result = await extract({
      "compose.yaml": deep,
      "x/compose.yaml": "\u0000\u0001\u0002PK\u0003\u0004",
    });
    expect(result.systems).toEqual([]);
    expect(result.warnings.map((warning) => warning.file).sort()).toEqual(["compose.yaml", "x/compose.yaml"]);
  });

  it("stops following an extends chain that is too long", async () => {
    const lines = ["services:"];
    for (let index = 0; index < 20_000; index++) lines.push(`  s${index}:`, `    extends: s${index + 1}`);
    lines.push("  s20000:", "    image: shop/base");
    const result = await extract({ "compose.yaml": `${lines.join("\n")}\n` });
    expect(result.systems[0]!.components).toHaveLength(20_001);
    expect(result.warnings.length).toBeGreaterThan(0);
    expect(new Set(result.warnings.map((warning) => warning.id))).toEqual(
      new Set(["compose/extends-too-deep"]),
    );
  });

  it("stops at the deadline with a warning", async () => {
    const result = await extract({ "compose.yaml": "services:\n  web:\n    image: x\n" }, Date.now() - 1);
    expect(result.systems).toEqual([]);
    expect(ids(result)).toEqual([["compose/deadline", "compose.yaml", undefined]]);
  });

  it("reads a large file (2,000 services) and links them", async () => {
    const lines = ["services:"];
    for (let index = 0; index < 2000; index++) {
      lines.push(
        `  svc-${index}:`,
        "    image: shop/svc",
        "    environment:",
        `      NEXT_URL: http://svc-${(index + 1) % 2000}:80`,
      );
    }
    const result = await extract({ "compose.yaml": `${lines.join("\n")}\n` });
    expect(result.systems[0]!.components).toHaveLength(2000);
    expect(result.systems[0]!.edges).toHaveLength(2000);
  });

  it("never throws when any value of a realistic file is replaced by a value of another type", async () => {
    const files = readFixture("shop");
    const compose = files.find((file) => file.path === "compose.yaml")!;
    const replacements = ["42", "[]", "{}", "null", "true", "[{a: b}]", "'::::'", "{x: [1, {y: 2}]}"];
    const lines = compose.text.split("\n");
    let runs = 0;
    for (let index = 0; index < lines.length; index++) {
      const match = /^(\s*(?:- )?[\w.-]+:)\s*\S.*$/.exec(lines[index]!);
      if (!match) continue;
      for (const replacement of replacements) {
        const mutated = [...lines];
        mutated[index] = `${match[1]} ${replacement}`;
        const input = files.map((file) => (file === compose ? { ...file, text: mutated.join("\n") } : file));
        const result = await composeFormat.extract(input, { deadline: Date.now() + 60_000 });
        expect(result.warnings.filter((warning) => warning.id === "compose/failed")).toEqual([]);
        expect(result.systems.length).toBeGreaterThan(0);
        runs++;
      }
    }
    expect(runs).toBeGreaterThan(200);
  });
});
