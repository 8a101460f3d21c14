import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Edge, SystemGraph } from "../../graph/model.js";
import type { InputFile } from "../types.js";
import { readFilesUnder } from "../shared/__fixtures__/read-files.js";
import { readFixture } from "./__fixtures__/read-fixture.js";
import { terraformFormat } from "./index.js";

// The documented example is the ALB -> ECS -> RDS case; reading it keeps the example and this test in step.
const EXAMPLE_BASE = join(import.meta.dirname, "../../../examples/terraform/base");

const later = () => ({ deadline: Date.now() + 60_000 });

async function only(files: InputFile[]): Promise<SystemGraph> {
  const { systems } = await terraformFormat.extract(files, later());
  expect(systems).toHaveLength(1);
  return systems[0]!;
}

function edgeList(system: SystemGraph): string[] {
  return system.edges.map((edge) => `${edge.from} -> ${edge.to} (${edge.kind})`).sort();
}

function edge(system: SystemGraph, from: string, to: string): Edge {
  const found = system.edges.find((candidate) => candidate.from === from && candidate.to === to);
  expect(found, `${from} -> ${to}`).toBeDefined();
  return found!;
}

describe("terraformFormat", () => {
  it("claims .tf and .tf.json files only", () => {
    expect(terraformFormat.claims("infra/main.tf")).toBe(true);
    expect(terraformFormat.claims("infra/main.tf.json")).toBe(true);
    expect(terraformFormat.claims("infra/prod.tfvars")).toBe(false);
    expect(terraformFormat.claims("docker-compose.yml")).toBe(false);
  });

  it("reads the example's ALB -> ECS -> RDS with listener, task definition and security-group edges", async () => {
    const system = await only(readFilesUnder(EXAMPLE_BASE));
    expect(system.id).toBe("terraform:.");
    expect(system.components.map((c) => `${c.name}:${c.kind}`)).toEqual([
      "aws_db_instance.main:datastore",
      "aws_ecs_service.api:service",
      "aws_lb.web:gateway",
    ]);
    expect(edgeList(system)).toEqual([
      "aws_ecs_service.api -> aws_db_instance.main (sync)",
      "aws_lb.web -> aws_ecs_service.api (sync)",
    ]);
    const gateway = edge(system, "aws_lb.web", "aws_ecs_service.api");
    expect(gateway.evidence.map((item) => item.rule).sort()).toEqual([
      "terraform/lb-listener",
      "terraform/security-group",
    ]);
    expect(gateway.evidence.find((item) => item.rule === "terraform/security-group")!.detail).toContain(
      "port 8080",
    );
    const database = edge(system, "aws_ecs_service.api", "aws_db_instance.main");
    expect(database.evidence.find((item) => item.rule === "terraform/reference")!.detail).toContain(
      "container_definitions",
    );
    expect(database.evidence.find((item) => item.rule === "terraform/security-group")!.detail).toContain(
      "port 5432",
    );
    expect(system.entryPoints).toHaveLength(1);
    expect(system.entryPoints[0]).toMatchObject({
      component: "aws_lb.web",
      via: "internet-facing load balancer (HTTPS:443)",
    });

    const api = system.components.find((c) => c.name === "aws_ecs_service.api")!;
    expect(api.aliases).toEqual(["aws_ecs_task_definition.api", "shop-api"]);
    expect(api.replicas).toEqual({ min: 2, max: 2 });
    expect(api.resources).toEqual({ cpuCores: 0.5, memoryBytes: 1024 * 1024 * 1024 });
    expect(api.regions).toEqual(["eu-west-1"]);
    const db = system.components.find((c) => c.name === "aws_db_instance.main")!;
    expect(db.resources).toEqual({ cpuCores: 2, memoryBytes: 4 * 1024 ** 3, storageBytes: 50 * 1024 ** 3 });
    expect(db.location).toEqual({ file: "main.tf", line: expect.any(Number) });
  });

  it("reads API Gateway -> Lambda -> DynamoDB through the integration, an alias and an IAM policy", async () => {
    const system = await only(readFixture("serverless"));
    expect(edgeList(system)).toEqual([
      "aws_apigatewayv2_api.http -> aws_lambda_function.orders (sync)",
      "aws_lambda_function.orders -> aws_dynamodb_table.orders (sync)",
    ]);
    expect(
      edge(system, "aws_apigatewayv2_api.http", "aws_lambda_function.orders")
        .evidence.map((e) => e.rule)
        .sort(),
    ).toEqual(["terraform/apigateway-integration"]);
    expect(edge(system, "aws_lambda_function.orders", "aws_dynamodb_table.orders").evidence[0]!.rule).toBe(
      "terraform/iam-policy",
    );
    // The function URL requires IAM auth, so only the API is public.
    expect(system.entryPoints.map((entry) => entry.component)).toEqual(["aws_apigatewayv2_api.http"]);
    expect(system.entryPoints[0]!.via).toMatch(/^API Gateway (route POST \/orders|stage prod)$/);
    const table = system.components.find((c) => c.name === "aws_dynamodb_table.orders")!;
    expect(table.regions).toEqual(["eu-central-1"]);
    expect(system.components.find((c) => c.name === "aws_lambda_function.orders")!.resources).toEqual({
      memoryBytes: 256 * 1024 * 1024,
    });
  });

  it("reads an SQS event source mapping and an SNS fan-out as source -> what it invokes, async", async () => {
    const system = await only(readFixture("messaging"));
    expect(edgeList(system)).toEqual([
      "aws_sns_topic.order_events -> aws_lambda_function.audit (async)",
      "aws_sns_topic.order_events -> aws_sqs_queue.billing (async)",
      "aws_sns_topic.order_events -> aws_sqs_queue.shipping (async)",
      "aws_sqs_queue.billing -> aws_lambda_function.billing (async)",
    ]);
    expect(edge(system, "aws_sqs_queue.billing", "aws_lambda_function.billing").evidence[0]!.rule).toBe(
      "terraform/event-source-mapping",
    );
    expect(edge(system, "aws_sns_topic.order_events", "aws_sqs_queue.shipping").evidence[0]!.rule).toBe(
      "terraform/sns-subscription",
    );
    expect(system.entryPoints).toEqual([]);
  });

  it("takes regions from the default provider and aliases, and keeps a variable without default symbolic", async () => {
    const system = await only(readFixture("regions"));
    const regions = Object.fromEntries(system.components.map((c) => [c.name, c.regions]));
    expect(regions).toEqual({
      "aws_s3_bucket.assets": ["us-east-1"],
      "aws_s3_bucket.assets_west": ["us-west-2"],
      "aws_s3_bucket.backup": undefined,
    });
    const backup = system.components.find((c) => c.name === "aws_s3_bucket.backup")!;
    expect(backup.attributes?.symbolic).toBe("region = var.replica_region");
  });

  it("follows a local module, keeps a registry module opaque, skips plumbing modules and reads for_each", async () => {
    const { systems } = await terraformFormat.extract(readFixture("modules"), later());
    expect(systems.map((s) => s.id)).toEqual(["terraform:infra"]);
    const system = systems[0]!;
    expect(system.components.map((c) => `${c.name}:${c.kind}`)).toEqual([
      "aws_sqs_queue.notifications:queue",
      "module.db:datastore",
      "module.worker.aws_instance.this:service",
    ]);
    const worker = system.components.find((c) => c.name === "module.worker.aws_instance.this")!;
    expect(worker.aliases).toContain("module.worker");
    expect(worker.replicas).toEqual({ min: 3, max: 3 });
    expect(worker.resources).toEqual({ cpuCores: 4, memoryBytes: 16 * 1024 ** 3 });
    const db = system.components.find((c) => c.name === "module.db")!;
    expect(db.attributes?.module_source).toBe("terraform-aws-modules/rds/aws");
    const queues = system.components.find((c) => c.name === "aws_sqs_queue.notifications")!;
    expect(queues.attributes).toMatchObject({ instances: 2, for_each: "emails, sms" });
    expect(edgeList(system)).toEqual([
      "module.worker.aws_instance.this -> aws_sqs_queue.notifications (async)",
      "module.worker.aws_instance.this -> module.db (sync)",
    ]);
  });

  it("says a module source outside the repository is not read, apart from a local module that is missing", async () => {
    const { systems, warnings } = await terraformFormat.extract(readFixture("outside-module"), later());
    expect(warnings.map(({ id, file, line }) => ({ id, file, line }))).toEqual([
      { id: "terraform/outside-repository", file: "infra/main.tf", line: 4 },
      { id: "terraform/missing-module", file: "infra/main.tf", line: 8 },
    ]);
    expect(warnings[0]!.message).toContain("../../platform/modules/queue, outside the repository");
    expect(systems[0]!.components.map((c) => c.name)).toEqual(
      expect.arrayContaining(["module.shared", "module.cache", "aws_sqs_queue.jobs"]),
    );
  });

  it("warns about invalid HCL with file and line, and still reads the other blocks and files", async () => {
    const broken =
      'resource "aws_sqs_queue" "jobs" {\n  name = "jobs"\n}\n\nresource "aws_lambda_function" "run" {\n  function_name = \n  = = "x"\n}\n';
    const other =
      'resource "aws_lambda_function" "worker" {\n  environment {\n    variables = { Q = aws_sqs_queue.jobs.url }\n  }\n}\n';
    const result = await terraformFormat.extract(
      [
        { path: "app/broken.tf", text: broken },
        { path: "app/worker.tf", text: other },
      ],
      later(),
    );
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatchObject({ id: "terraform/invalid-hcl", file: "app/broken.tf" });
    expect(result.warnings[0]!.line).toBeGreaterThanOrEqual(5);
    expect(result.warnings[0]!.line).toBeLessThanOrEqual(8);
    const system = result.systems[0]!;
    expect(system.id).toBe("terraform:app");
    expect(system.components.map((c) => c.name)).toContain("aws_sqs_queue.jobs");
    expect(edgeList(system)).toContain("aws_lambda_function.worker -> aws_sqs_queue.jobs (async)");
  });

  it("reads the JSON syntax", async () => {
    const text = JSON.stringify({
      resource: {
        aws_lambda_function: {
          api: {
            function_name: "api",
            environment: { variables: { TABLE: "${aws_dynamodb_table.items.name}" } },
          },
        },
        aws_dynamodb_table: { items: { name: "items" } },
      },
    });
    const system = await only([{ path: "main.tf.json", text }]);
    expect(edgeList(system)).toEqual(["aws_lambda_function.api -> aws_dynamodb_table.items (sync)"]);
  });

  it("warns on invalid JSON syntax instead of throwing", async () => {
    const result = await terraformFormat.extract(
      [{ path: "x/main.tf.json", text: '{\n  "resource": {\n' }],
      later(),
    );
    expect(result.warnings.map((w) => w.id)).toEqual(["terraform/invalid-json"]);
  });

  it("survives 100k-deep nesting and a binary-looking file", async () => {
    const deep = `locals {\n  x = ${"[".repeat(100_000)}${"]".repeat(100_000)}\n}\nresource "aws_sqs_queue" "q" {}\n`;
    const result = await terraformFormat.extract(
      [
        { path: "deep/main.tf", text: deep },
        { path: "deep/junk.tf", text: "\u0000\u0001\u0002 {{{ ]]" },
      ],
      later(),
    );
    expect(result.systems[0]!.components.map((c) => c.name)).toEqual(["aws_sqs_queue.q"]);
    expect(result.warnings.map((w) => w.id).sort()).toEqual(["terraform/invalid-hcl", "terraform/too-deep"]);
  });

  it("stops at the deadline with a warning", async () => {
    const result = await terraformFormat.extract(
      [{ path: "main.tf", text: 'resource "aws_sqs_queue" "q" {}\n' }],
      { deadline: Date.now() - 1 },
    );
    expect(result.systems).toEqual([]);
    expect(result.warnings.map((w) => w.id)).toEqual(["terraform/deadline"]);
  });

  it("treats a folder called as a module by another root as a module, but not when only its examples call it", async () => {
    const result = await terraformFormat.extract(
      [
        { path: "main.tf", text: 'resource "aws_sqs_queue" "q" {}\n' },
        { path: "examples/basic/main.tf", text: 'module "app" {\n  source = "../.."\n}\n' },
        { path: "live/main.tf", text: 'module "net" {\n  source = "../shared"\n}\n' },
        { path: "shared/main.tf", text: 'resource "aws_sns_topic" "t" {}\n' },
      ],
      later(),
    );
    expect(result.systems.map((s) => s.id)).toEqual([
      "terraform:.",
      "terraform:examples/basic",
      "terraform:live",
    ]);
    expect(result.systems[1]!.components.map((c) => c.name)).toEqual(["module.app.aws_sqs_queue.q"]);
    expect(result.systems[2]!.components.map((c) => c.name)).toEqual(["module.net.aws_sns_topic.t"]);
  });

  it("drops resources whose count is literally zero and says when count is symbolic", async () => {
    const text =
      'variable "on" {\n  default = false\n}\nvariable "n" {}\nresource "aws_sqs_queue" "off" {\n  count = var.on ? 1 : 0\n}\nresource "aws_instance" "web" {\n  count = var.n\n  instance_type = "t3.micro"\n}\n';
    const system = await only([{ path: "main.tf", text }]);
    expect(system.components.map((c) => c.name)).toEqual(["aws_instance.web"]);
    expect(system.components[0]!.attributes?.symbolic).toBe("count = var.n");
    expect(system.components[0]!.replicas).toBeUndefined();
    expect(system.components[0]!.resources).toEqual({ cpuCores: 2, memoryBytes: 1024 ** 3 });
  });
});
