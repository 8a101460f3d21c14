import { describe, expect, it } from "vitest";
import { analyzeChange } from "../../src/engine.js";
import { toJsonReport } from "../../src/report/json.js";
import { decideVerdict } from "../../src/analysis/verdict/decide.js";
import { renderMarkdown } from "../../src/report/markdown.js";

const compose = (db: string) => ({
  path: "docker-compose.yml",
  text: `services:
  web:
    image: example/web:1
    ports: ["8080:8080"]
    environment:
      DATABASE_URL: postgres://${db}:5432/shop
  ${db}:
    image: postgres:16
`,
});

const terraform = (body: string) => ({ path: "infra/main.tf", text: body });
const QUEUE = `resource "aws_sqs_queue" "jobs" {\n  name = "jobs"\n}\n`;
const WORKER = (queue: string) => `resource "aws_lambda_function" "worker" {
  function_name = "worker"
  runtime       = "python3.12"
  handler       = "app.handler"
}
resource "aws_lambda_event_source_mapping" "worker" {
  event_source_arn = ${queue}.arn
  function_name    = aws_lambda_function.worker.arn
}
`;

describe("renamed components in the report", () => {
  it("shows a compose service renamed with the same image and callers as a rename, not churn", async () => {
    const report = await analyzeChange([compose("db")], [compose("postgres")]);
    const system = report.systems[0]!;
    expect(system.delta.addedComponents).toEqual([]);
    expect(system.delta.removedComponents).toEqual([]);
    expect(system.delta.addedEdges).toEqual([]);
    expect(report.changed).toBe(false);
    const json = toJsonReport(report).systems[0]!;
    expect(json.renamedComponents).toEqual([
      {
        from: "db",
        to: "postgres",
        kind: "datastore",
        reason: "same-image-and-neighbours",
        changes: [],
        file: "docker-compose.yml",
        line: expect.any(Number),
      },
    ]);
    expect(renderMarkdown(report)).toContain(
      "Renamed, the same components under new names: `db` -> `postgres`.",
    );
  });

  it("follows a Terraform moved block", async () => {
    const base = terraform(QUEUE.replace('"jobs" {', '"jobs" {') + WORKER("aws_sqs_queue.jobs"));
    const head = terraform(
      QUEUE.replace('"aws_sqs_queue" "jobs"', '"aws_sqs_queue" "work"') +
        WORKER("aws_sqs_queue.work") +
        "moved {\n  from = aws_sqs_queue.jobs\n  to   = aws_sqs_queue.work\n}\n",
    );
    const report = await analyzeChange([base], [head]);
    const delta = report.systems[0]!.delta;
    expect(delta.renamedComponents.map((r) => [r.base.name, r.head.name, r.reason])).toEqual([
      ["aws_sqs_queue.jobs", "aws_sqs_queue.work", "declared"],
    ]);
    expect(delta.addedEdges).toEqual([]);
    expect(delta.removedEdges).toEqual([]);
  });

  it("lists renames in the changed system's section next to real changes", async () => {
    const base = [compose("db")];
    const head = [
      { ...compose("postgres"), text: compose("postgres").text + "  cache:\n    image: redis:7\n" },
    ];
    const report = await analyzeChange(base, head);
    const markdown = renderMarkdown(report, { verdict: decideVerdict(report, {}, []) });
    expect(markdown).toContain("**Renamed components**");
    expect(markdown).toMatch(/\| `db` \| `postgres` \| same kind, image and calls \|/);
    const swapped = await analyzeChange(
      [compose("db")],
      [
        {
          path: "docker-compose.yml",
          text:
            compose("pg").text.replace("postgres:16", "postgis/postgis:16-3.4") +
            "  cache:\n    image: redis:7\n",
        },
      ],
    );
    expect(renderMarkdown(swapped)).toMatch(
      /\| `db` \| `pg` \| same kind and calls, a store speaking the same protocol; image postgres:16 -> postgis\/postgis:16-3\.4 \|/,
    );
    expect(markdown).toMatch(/1 component renamed/);
  });

  it("compares a renamed entry point with itself in the round trips, blast radius, diagram and JSON", async () => {
    const shop = (entry: string, cache: boolean) => ({
      path: "docker-compose.yml",
      text: `services:
  ${entry}:
    image: example/web:1
    ports: ["8080:8080"]
    environment:
      API_URL: http://api:9000
  api:
    image: example/api:1
    environment:
      DATABASE_URL: postgres://db:5432/shop${cache ? "\n      CACHE_URL: redis://cache:6379" : ""}
  db:
    image: postgres:16
${cache ? "  cache:\n    image: redis:7\n" : ""}`,
    });
    const report = await analyzeChange([shop("web", false)], [shop("storefront", true)]);
    const system = report.systems[0]!;
    expect(system.entryPoints.map((entry) => [entry.entry, entry.renamedFrom])).toEqual([
      ["storefront", "web"],
    ]);
    expect(system.entryPoints[0]!.base?.requestPath).toEqual(["storefront", "api", "db"]);
    expect(system.blastRadius.map((change) => change.component)).toEqual(["cache"]);
    expect(report.headline).toBe(
      "+1 component, +1 round trip on `storefront`, availability 99.70% -> 99.60%",
    );
    const markdown = renderMarkdown(report);
    expect(markdown).toContain("| `storefront` (published port 8080), renamed from `web` | 3 -> 4 (+1) |");
    expect(markdown).toContain("- `cache` (new): on the request path of `storefront`");
    expect(markdown).not.toMatch(/\(gone\)|`storefront` \(new\)|`web`: on no request path/);
    expect(markdown).toContain('["storefront (was web)"]');
    const json = toJsonReport(report).systems[0]!;
    expect(json.entryPoints.map((entry) => [entry.name, entry.renamedFrom])).toEqual([["storefront", "web"]]);
  });

  it("reads a cache moved from Redis to Valkey under a new name as no architectural change", async () => {
    const app = (name: string, image: string) => ({
      path: "docker-compose.yml",
      text: `services:
  web:
    image: example/web:1
    ports: ["8080:8080"]
    depends_on: [${name}]
    environment:
      REDIS_URI: redis://${name}:6379/0
  worker:
    image: example/worker:1
    environment:
      REDIS_URI: redis://${name}:6379/0
  ${name}:
    image: ${image}
`,
    });
    const report = await analyzeChange([app("redis", "redis:7.2")], [app("valkey", "valkey/valkey:8.1")]);
    expect(report.changed).toBe(false);
    expect(report.systems[0]!.delta.renamedComponents.map((r) => r.reason)).toEqual(["compatible-store"]);
    expect(renderMarkdown(report)).toContain(
      "Renamed, the same components under new names: `redis` -> `valkey`.",
    );
  });
});
