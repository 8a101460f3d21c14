import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FORMATS } from "../../src/formats/index.js";
import type { FormatExtractor, InputFile } from "../../src/formats/types.js";

/**
 * Properties of every extractor over generated files, then the same files broken at random (cut short, spliced
 * with YAML, JSON and HCL syntax, lines repeated): `extract` never throws and always returns (a loop would hit
 * the test's timeout), every warning has an id and names a file it was given, and every call joins two
 * components of its system. Seeds are fixed so a failure reproduces.
 */

const RUNS = { seed: 20_261_203, numRuns: 80 };
const NAMES = ["web", "api", "db", "cache", "queue", "@team", "a b", '"x"', "../up", "%%{init}%%", "web"];
const name = fc.constantFrom(...NAMES);
const host = fc.oneof(name, fc.constant("postgres://u:pw@db:5432/x"), fc.constant("http://api:8080/v1"));

const composeFiles = fc
  .array(
    fc.record({
      name,
      image: fc.constantFrom("nginx", "postgres:16", "redis", "acme/app", "rabbitmq", ""),
      dependsOn: fc.array(name, { maxLength: 4 }),
      env: fc.array(fc.tuple(fc.constantFrom("DB_URL", "API_HOST", "TOKEN", "X"), host), { maxLength: 3 }),
      ports: fc.array(fc.constantFrom("80:80", "8080", "127.0.0.1:5432:5432", "x"), { maxLength: 2 }),
      extendsName: fc.option(name, { nil: undefined }),
    }),
    { maxLength: 6 },
  )
  .chain((services) =>
    fc
      .constantFrom(
        "",
        "include: [compose.yaml]\n",
        "include: [../../x.yaml]\n",
        "include: [other/compose.yaml]\n",
      )
      .map((include) => {
        const lines = [include + "services:"];
        for (const service of services) {
          lines.push(`  ${JSON.stringify(service.name)}:`, `    image: ${JSON.stringify(service.image)}`);
          if (service.dependsOn.length > 0)
            lines.push(`    depends_on: ${JSON.stringify(service.dependsOn)}`);
          if (service.ports.length > 0) lines.push(`    ports: ${JSON.stringify(service.ports)}`);
          if (service.extendsName !== undefined)
            lines.push(`    extends: ${JSON.stringify(service.extendsName)}`);
          if (service.env.length > 0) {
            lines.push("    environment:");
            for (const [key, value] of service.env) lines.push(`      ${key}: ${JSON.stringify(value)}`);
          }
        }
        return [
          { path: "compose.yaml", text: `${lines.join("\n")}\n` },
          { path: "other/compose.yaml", text: "services:\n  other:\n    image: nginx\n" },
        ];
      }),
  );

const kubernetesFiles = fc
  .array(
    fc.record({
      kind: fc.constantFrom("Deployment", "Service", "Ingress", "List", "ConfigMap", "Kustomization"),
      name,
      target: host,
      port: fc.constantFrom(80, 8080, "http", -1),
    }),
    { maxLength: 6 },
  )
  .chain((objects) =>
    fc.constantFrom("yaml", "json").map((syntax) => {
      const documents = objects.map(({ kind, name: objectName, target, port }) => ({
        apiVersion: kind === "Deployment" ? "apps/v1" : kind === "Ingress" ? "networking.k8s.io/v1" : "v1",
        kind,
        metadata: { name: objectName, labels: { app: objectName } },
        resources: kind === "Kustomization" ? [".", "../../..", "app.yaml"] : undefined,
        items:
          kind === "List"
            ? [{ apiVersion: "v1", kind: "Service", metadata: { name: objectName } }]
            : undefined,
        spec: {
          selector: { app: objectName },
          ports: [{ port }],
          rules: [{ http: { paths: [{ backend: { service: { name: target, port: { number: port } } } }] } }],
          template: {
            metadata: { labels: { app: objectName } },
            spec: { containers: [{ name: "c", image: "acme/app", env: [{ name: "URL", value: target }] }] },
          },
        },
      }));
      return syntax === "json"
        ? [
            {
              path: "k8s/app.json",
              text: JSON.stringify({ apiVersion: "v1", kind: "List", items: documents }),
            },
          ]
        : [
            {
              path: "k8s/app.yaml",
              text: documents.map((document) => JSON.stringify(document)).join("\n---\n"),
            },
          ];
    }),
  );

const terraformFiles = fc
  .array(
    fc.oneof(
      fc
        .tuple(fc.constantFrom("aws_lambda_function", "aws_sqs_queue", "aws_db_instance", "aws_lb"), name)
        .map(([type, label]) => `resource "${type}" ${JSON.stringify(label)} {\n  name = "${label}"\n}\n`),
      fc
        .tuple(name, fc.constantFrom("./", "./modules/a", "../../..", "git::https://x/y.git", "."))
        .map(([label, source]) => `module ${JSON.stringify(label)} {\n  source = "${source}"\n}\n`),
      fc.nat({ max: 300 }).map((depth) => `locals {\n  deep = ${"[".repeat(depth)}${"]".repeat(depth)}\n}\n`),
      fc.constant("locals {\n  doc = <<EOT\nno end\n"),
      fc.constant('variable "db_password" {\n  default = "hunter2"\n}\n'),
    ),
    { maxLength: 6 },
  )
  .map((blocks) => [
    { path: "infra/main.tf", text: blocks.join("\n") },
    { path: "infra/modules/a/main.tf", text: 'module "back" {\n  source = "../.."\n}\n' },
  ]);

const SPLICES = [
  "{",
  "}",
  "[",
  "]",
  ":",
  "- ",
  "&a ",
  "*a",
  "<<",
  "\t",
  "\n",
  '"',
  "'",
  "#",
  "\u0000",
  "%",
  "${",
  "---\n",
];

/** The files broken in one random way (or left as they are). */
function mutated(files: fc.Arbitrary<InputFile[]>): fc.Arbitrary<InputFile[]> {
  return fc
    .tuple(
      files,
      fc.nat(),
      fc.nat(),
      fc.constantFrom(...SPLICES),
      fc.constantFrom("none", "cut", "splice", "repeat"),
    )
    .map(([inputs, at, length, splice, how]) =>
      inputs.map((file, index) => {
        if (index > 0 || how === "none") return file;
        const cut = at % (file.text.length + 1);
        const text =
          how === "cut"
            ? file.text.slice(0, cut)
            : how === "splice"
              ? file.text.slice(0, cut) + splice + file.text.slice(cut)
              : file.text.slice(0, cut) +
                file.text.slice(cut, cut + (length % 200)).repeat(3) +
                file.text.slice(cut);
        return { path: file.path, text };
      }),
    );
}

const GENERATORS: Record<string, fc.Arbitrary<InputFile[]>> = {
  compose: composeFiles,
  kubernetes: kubernetesFiles,
  terraform: terraformFiles,
};

async function expectContract(format: FormatExtractor, files: InputFile[]): Promise<void> {
  const extraction = await format.extract(files, { deadline: Date.now() + 10_000 });
  const paths = new Set(["", ".", ...files.map((file) => file.path)]);
  for (const warning of extraction.warnings) {
    expect(warning.id).toMatch(/^[a-z]+\/[a-z0-9-]+$/);
    expect([warning.id, paths.has(warning.file)]).toEqual([warning.id, true]);
  }
  for (const system of extraction.systems) {
    const components = new Set(system.components.map((component) => component.name));
    for (const edge of system.edges)
      expect([system.id, edge.from, edge.to, components.has(edge.from) && components.has(edge.to)]).toEqual([
        system.id,
        edge.from,
        edge.to,
        true,
      ]);
  }
}

describe("extractor properties", () => {
  it("covers every registered format", () => {
    expect(FORMATS.map((format) => format.id).sort()).toEqual(Object.keys(GENERATORS).sort());
  });

  for (const format of FORMATS) {
    it(`${format.id}: generated and broken files never throw, loop or leave the contract`, async () => {
      await fc.assert(
        fc.asyncProperty(mutated(GENERATORS[format.id]!), (files) => expectContract(format, files)),
        RUNS,
      );
    }, 60_000);
  }
});
