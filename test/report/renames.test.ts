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
    expect(markdown).toMatch(/1 component renamed/);
  });
});
