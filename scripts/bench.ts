/**
 * Speed of extraction and analysis on the bundled example and on generated large inputs.
 * Prints the median of several runs; it asserts nothing (speed is watched here, not in tests).
 */
import { resolve } from "node:path";
import { analyzeChange, analyzeGraphs, buildGraphs } from "../src/engine.js";
import { readTree } from "../src/files/read-dir.js";
import type { InputFile } from "../src/formats/types.js";
import type { SystemGraph } from "../src/graph/model.js";

interface Case {
  name: string;
  base: InputFile[];
  head: InputFile[];
}

const BUDGET = { timeBudgetMs: 60_000 };

function bytesOf(files: InputFile[]): number {
  return files.reduce((total, file) => total + Buffer.byteLength(file.text), 0);
}

/** A compose project of `count` services in tiers, each calling a few in the next tier, plus stores and queues. */
function generatedCompose(count: number, envPerService: number, seed: number): string {
  const lines = ["services:"];
  const tierSize = Math.max(1, Math.floor(count / 5));
  for (let index = 0; index < count; index++) {
    const name = `svc-${index}`;
    const tier = Math.floor(index / tierSize);
    const kind =
      index % 50 === 49
        ? "postgres:16"
        : index % 50 === 48
          ? "redis:7"
          : index % 50 === 47
            ? "rabbitmq:3"
            : undefined;
    lines.push(`  ${name}:`);
    lines.push(kind ? `    image: ${kind}` : `    build: ./services/${name}`);
    if (tier === 0 && index % 20 === 0) lines.push(`    ports: ["${8000 + index}:8080"]`);
    if (!kind) {
      const callees = [1, 2, 3]
        .map((step) => index + tierSize + ((index * 7 + step * 13 + seed) % tierSize))
        .filter((callee) => callee < count && callee !== index);
      if (callees.length > 0)
        lines.push(`    depends_on: [${[...new Set(callees)].map((callee) => `svc-${callee}`).join(", ")}]`);
      lines.push("    environment:");
      for (const callee of callees) lines.push(`      SVC_${callee}_URL: http://svc-${callee}:8080/api`);
      for (let extra = 0; extra < envPerService; extra++) {
        lines.push(
          `      SETTING_${extra}: "value ${extra} for ${name} with some padding text to look like real config"`,
        );
      }
    }
  }
  return `${lines.join("\n")}\n`;
}

/** `count` Deployments, each behind a Service and calling two others by URL: a dense generated manifest. */
function generatedManifest(count: number): string {
  const documents: string[] = [];
  for (let index = 0; index < count; index++) {
    const name = `app-${index}`;
    const callees = [1, 2].map((step) => `app-${(index + step) % count}`);
    documents.push(
      [
        "apiVersion: apps/v1",
        "kind: Deployment",
        `metadata: { name: ${name}, namespace: shop }`,
        "spec:",
        "  replicas: 2",
        `  selector: { matchLabels: { app: ${name} } }`,
        "  template:",
        `    metadata: { labels: { app: ${name} } }`,
        "    spec:",
        "      containers:",
        `        - name: ${name}`,
        `          image: registry.example.com/shop/${name}:1.0`,
        "          env:",
        ...callees.map(
          (callee, step) => `            - { name: UPSTREAM_${step}_URL, value: "http://${callee}:8080" }`,
        ),
        "          resources: { requests: { cpu: 250m, memory: 256Mi } }",
      ].join("\n"),
      [
        "apiVersion: v1",
        "kind: Service",
        `metadata: { name: ${name}, namespace: shop }`,
        `spec: { selector: { app: ${name} }, ports: [{ port: 8080 }] }`,
      ].join("\n"),
    );
  }
  return `${documents.join("\n---\n")}\n`;
}

/** A Terraform root module of `count` Lambda functions, each reading a DynamoDB table and publishing to a queue. */
function generatedTerraform(count: number): string {
  const blocks: string[] = [];
  for (let index = 0; index < count; index++) {
    blocks.push(
      `resource "aws_dynamodb_table" "t${index}" {\n  name = "t${index}"\n  hash_key = "id"\n}\n`,
      `resource "aws_sqs_queue" "q${index}" {\n  name = "q${index}"\n}\n`,
      `resource "aws_lambda_function" "f${index}" {\n  function_name = "f${index}"\n  runtime = "nodejs20.x"\n  environment {\n    variables = {\n      TABLE = aws_dynamodb_table.t${index}.name\n      QUEUE_URL = aws_sqs_queue.q${index}.url\n    }\n  }\n}\n`,
    );
  }
  return blocks.join("\n");
}

/** A graph where every one of `count` services is an entry point and calls the next three: the analysis worst case. */
function denseGraph(count: number, extraCalls: number): SystemGraph {
  const names = Array.from({ length: count }, (_, index) => `svc-${index}`);
  const location = { file: "compose.yaml" };
  return {
    id: "compose:.",
    format: "compose",
    components: names.map((name) => ({ name, kind: "service" as const, system: "compose:.", location })),
    edges: names.flatMap((name, index) =>
      Array.from({ length: extraCalls }, (_, step) => ({
        from: name,
        to: names[(index + step + 1) % count]!,
        kind: "sync" as const,
        evidence: [],
      })),
    ),
    entryPoints: names.map((component) => ({ component, via: "published port", evidence: [] })),
  };
}

async function median(runs: number, task: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    await task();
    times.push(performance.now() - start);
  }
  times.sort((left, right) => left - right);
  return times[Math.floor(times.length / 2)]!;
}

function row(name: string, step: string, ms: number, bytes: number): string {
  const mbPerSecond = bytes / 1024 / 1024 / (ms / 1000);
  return `${name.padEnd(28)} ${step.padEnd(14)} ${ms.toFixed(1).padStart(9)} ms ${mbPerSecond.toFixed(1).padStart(8)} MB/s  (${(bytes / 1024).toFixed(0)} KiB)`;
}

async function main(): Promise<void> {
  const root = resolve(import.meta.dirname, "..");
  const shopBase = await readTree(resolve(root, "examples/shop/base"));
  const shopHead = await readTree(resolve(root, "examples/shop/head"));
  const five = generatedCompose(500, 3, 0);
  const fiveHead = generatedCompose(520, 3, 1);
  const large = generatedCompose(4000, 14, 0);
  const tree = async (folder: string): Promise<InputFile[]> => (await readTree(resolve(root, folder))).files;
  const manifest = generatedManifest(6000);
  const terraform = generatedTerraform(2000);
  const cases: Case[] = [
    { name: "examples/shop", base: shopBase.files, head: shopHead.files },
    {
      name: "examples/kubernetes",
      base: await tree("examples/kubernetes/base"),
      head: await tree("examples/kubernetes/head"),
    },
    {
      name: "examples/terraform",
      base: await tree("examples/terraform/base"),
      head: await tree("examples/terraform/head"),
    },
    {
      name: `kubernetes, ${(Buffer.byteLength(manifest) / 1024 / 1024).toFixed(1)} MB manifest`,
      base: [{ path: "k8s/apps.yaml", text: manifest }],
      head: [{ path: "k8s/apps.yaml", text: manifest.replace("replicas: 2", "replicas: 3") }],
    },
    {
      name: `terraform, ${(Buffer.byteLength(terraform) / 1024 / 1024).toFixed(1)} MB of HCL`,
      base: [{ path: "infra/main.tf", text: terraform }],
      head: [{ path: "infra/main.tf", text: terraform.replace('name = "t0"', 'name = "t0-renamed"') }],
    },
    {
      name: "compose, 500 services",
      base: [{ path: "compose.yaml", text: five }],
      head: [{ path: "compose.yaml", text: fiveHead }],
    },
    {
      name: `compose, ${(Buffer.byteLength(large) / 1024 / 1024).toFixed(1)} MB YAML`,
      base: [{ path: "compose.yaml", text: large }],
      head: [{ path: "compose.yaml", text: large.replace("svc-1:", "svc-renamed:") }],
    },
  ];
  console.log(`node ${process.version}, median of runs\n`);
  for (const { name, base, head } of cases) {
    const runs = bytesOf(head) > 1_000_000 ? 3 : 10;
    const build = await median(runs, () => buildGraphs(head, BUDGET));
    const analyze = await median(runs, () => analyzeChange(base, head, BUDGET));
    const graphs = await buildGraphs(head, BUDGET);
    const components = graphs.systems.reduce((total, system) => total + system.components.length, 0);
    const edges = graphs.systems.reduce((total, system) => total + system.edges.length, 0);
    console.log(row(name, "buildGraphs", build, bytesOf(head)));
    console.log(row(name, "analyzeChange", analyze, bytesOf(base) + bytesOf(head)));
    console.log(
      `${"".padEnd(28)} ${components} components, ${edges} edges, ${graphs.warnings.length} warnings\n`,
    );
  }
  for (const count of [500, 2000]) {
    const base = { systems: [denseGraph(count, 2)], warnings: [], notes: [] };
    const head = { systems: [denseGraph(count, 3)], warnings: [], notes: [] };
    const ms = await median(3, async () => analyzeGraphs(base, head));
    console.log(
      `${`analysis, ${count} entry points`.padEnd(28)} ${"analyzeGraphs".padEnd(14)} ${ms.toFixed(1).padStart(9)} ms  (every service an entry point on a ${count}-cycle)`,
    );
  }
}

await main();
