import { describe, expect, it } from "vitest";
import { analyzeSystem } from "../../analysis/analyze.js";
import type { SystemGraph } from "../../graph/model.js";
import type { InputFile } from "../types.js";
import { readFixture } from "./__fixtures__/read-fixture.js";
import { terraformFormat } from "./index.js";

async function only(files: InputFile[]): Promise<SystemGraph> {
  const systems = await roots(files);
  expect(systems).toHaveLength(1);
  return systems[0]!;
}

/** Every root's system, by folder (`terraform:modules/api` is `modules/api`). */
async function roots(files: InputFile[]): Promise<SystemGraph[] & { at: (folder: string) => SystemGraph }> {
  const { systems, warnings } = await terraformFormat.extract(files, { deadline: Date.now() + 60_000 });
  expect(warnings).toEqual([]);
  return Object.assign(systems, {
    at: (folder: string) => systems.find((system) => system.id === `terraform:${folder}`)!,
  });
}

/** Where a stand-in of `system` resolves to. */
function resolvesTo(system: SystemGraph, name: string) {
  return system.components.find((component) => component.name === name)?.resolvesTo;
}

/** `from -> to [rules]`, sorted. */
function edges(system: SystemGraph): string[] {
  return system.edges
    .map(
      (edge) =>
        `${edge.from} -> ${edge.to} [${[...new Set(edge.evidence.map((e) => e.rule))].sort().join(",")}]`,
    )
    .sort();
}

describe("secrets and parameters", () => {
  it("a reader calls what an SSM parameter or a secret version holds; holders and value copies call nothing", async () => {
    const system = await only(readFixture("secrets-aws"));
    expect(edges(system)).toEqual([
      "aws_ecs_service.shop -> api.github.com [terraform/provider-key]",
      "aws_ecs_service.shop -> aws_db_instance.orders [terraform/secret]",
      "aws_ecs_service.shop -> aws_elasticache_replication_group.sessions [terraform/secret]",
      "aws_ecs_service.shop -> aws_secretsmanager_secret.cache [terraform/reference]",
      "aws_ecs_service.shop -> aws_ssm_parameter.db_host [terraform/reference]",
    ]);
    const viaParameter = system.edges.find((edge) => edge.to === "aws_db_instance.orders")!;
    expect(viaParameter.evidence[0]).toMatchObject({ file: "main.tf", line: 50 });
    expect(viaParameter.evidence[0]!.detail).toContain("secret value aws_ssm_parameter.db_host: value");
  });

  it("a secret named literally in secret_key_ref is looked up in a secret module, entry by entry", async () => {
    const system = await only(readFixture("secrets-gcp"));
    expect(system.components.find((c) => c.name === "module.secrets")?.kind).toBe("datastore");
    expect(edges(system)).toEqual([
      "google_cloud_run_v2_service.api -> google_redis_instance.cache [terraform/secret]",
      "google_cloud_run_v2_service.api -> module.secrets [terraform/secret]",
    ]);
    const read = system.edges.find((edge) => edge.to === "module.secrets")!;
    expect(read.evidence[0]).toMatchObject({ line: 33 });
    expect(read.evidence[0]!.detail).toContain('secret "cache-host"');
  });
});

describe("key vaults", () => {
  it("a reader of a vault calls what its secrets hold; the vault calls nothing", async () => {
    const system = await only(readFixture("key-vault"));
    expect(system.components.find((c) => c.name === "azurerm_key_vault.vault")?.aliases).toContain(
      "azurerm_key_vault_secret.connection",
    );
    expect(edges(system)).toEqual([
      "azurerm_linux_web_app.api -> azurerm_cosmosdb_account.db [terraform/secret]",
      "azurerm_linux_web_app.api -> azurerm_key_vault.vault [terraform/reference]",
    ]);
  });
});

describe("references that are not calls", () => {
  it("ignores names, descriptions, tags and roles built from another component, and build tooling", async () => {
    const system = await only(readFixture("secrets-aws"));
    const names = system.components.map((component) => component.name);
    expect(names).toContain("aws_lambda_function.report");
    expect(names).not.toContain("module.build");
    expect(system.edges.filter((edge) => edge.from === "aws_lambda_function.report")).toEqual([]);
    expect(system.edges.filter((edge) => edge.from === "aws_db_instance.orders")).toEqual([]);
  });
});

describe("provider credentials", () => {
  it("a GITHUB_TOKEN setting makes the GitHub API an external component", async () => {
    const system = await only(readFixture("secrets-aws"));
    expect(system.components.find((c) => c.name === "api.github.com")).toMatchObject({
      kind: "external",
      location: { file: "main.tf", line: 52 },
    });
    const edge = system.edges.find((candidate) => candidate.to === "api.github.com")!;
    expect(edge.evidence[0]!.detail).toBe(
      "aws_ecs_task_definition.shop: GITHUB_TOKEN is set (credential of a hosted API)",
    );
  });
});

describe("gateway modules", () => {
  it("load balancer modules face the internet unless internal is set; CloudFront does, private APIs do not", async () => {
    const system = await only(readFixture("gateway-module"));
    expect(system.entryPoints.map((entry) => `${entry.component}: ${entry.via}`)).toEqual([
      "module.cdn: CloudFront distribution",
      "module.public_lb: internet-facing load balancer (HTTP:80, HTTPS:443)",
    ]);
    expect(system.entryPoints[1]!.evidence[0]).toMatchObject({ rule: "terraform/gateway-module", line: 1 });
  });
});

describe("URLs built from name templates", () => {
  const withoutAzd = async (): Promise<SystemGraph> =>
    only(readFixture("named-urls").filter((file) => file.path.endsWith(".tf")));

  it("a URL host built like another component's name is a call; allowed origins and bare tokens are not", async () => {
    const system = await withoutAzd();
    expect(edges(system)).toEqual([
      "module.web.azurerm_linux_web_app.site -> module.api.azurerm_linux_web_app.site [terraform/named-url]",
    ]);
    const evidence = system.edges[0]!.evidence[0]!;
    expect(evidence).toMatchObject({ file: "infra/main.tf", line: 18 });
  });

  it("an azd build hook reading a Terraform output makes the tagged service call what the output names", async () => {
    const system = await only(readFixture("named-urls"));
    expect(edges(system)).toEqual([
      "module.web.azurerm_linux_web_app.site -> module.api.azurerm_linux_web_app.site [terraform/azd-hook,terraform/named-url]",
    ]);
    const hook = system.edges[0]!.evidence.find((item) => item.rule === "terraform/azd-hook")!;
    expect(hook).toMatchObject({ file: "azure.yaml", line: 8 });
    expect(hook.detail).toBe("service web build hook reads output API_URL");
  });

  it("claims azure.yaml and warns on a broken one without stopping", async () => {
    expect(terraformFormat.claims("azure.yaml")).toBe(true);
    expect(terraformFormat.claims("infra/azure.yml")).toBe(true);
    const files = [...readFixture("named-urls"), { path: "other/azure.yaml", text: "services: [\n" }];
    const { systems, warnings } = await terraformFormat.extract(files, { deadline: Date.now() + 60_000 });
    expect(systems).toHaveLength(1);
    expect(warnings.map((warning) => [warning.id, warning.file])).toEqual([
      ["terraform/invalid-azure-yaml", "other/azure.yaml"],
    ]);
  });
});

describe("settings on hostile input", () => {
  it("stops on locals that refer to each other and still reads the other settings", async () => {
    const text = [
      "locals {",
      "  a = local.b",
      "  b = local.a",
      "}",
      'resource "azurerm_linux_web_app" "loop" {',
      '  name = "loop-${local.a}"',
      '  app_settings = merge(local.a, { TARGET = "https://x-loop-${local.a}.example.net", OPENAI_API_KEY = local.b })',
      "}",
      'resource "azurerm_linux_web_app" "caller" {',
      '  name = "caller"',
      '  app_settings = { TARGET = "https://app-loop-${local.a}.example.net" }',
      "}",
    ].join("\n");
    const system = await only([{ path: "main.tf", text }]);
    expect(edges(system)).toEqual([
      "azurerm_linux_web_app.caller -> azurerm_linux_web_app.loop [terraform/named-url]",
      "azurerm_linux_web_app.loop -> api.openai.com [terraform/provider-key]",
    ]);
  });
});

describe("task sizes", () => {
  it("a task definition whose cpu is only known at apply time keeps its memory and lists the cpu as symbolic", async () => {
    const text = [
      'resource "aws_ecs_task_definition" "api" {',
      '  family = "api"',
      "  cpu    = var.cpu",
      "  memory = 1024",
      "}",
      'resource "aws_ecs_service" "api" {',
      "  task_definition = aws_ecs_task_definition.api.arn",
      "}",
      "",
    ].join("\n");
    const system = await only([{ path: "main.tf", text }]);
    const service = system.components.find((component) => component.name === "aws_ecs_service.api");
    expect(service?.resources).toEqual({ memoryBytes: 1024 * 1024 * 1024 });
    expect(service?.attributes?.symbolic).toBe("cpu = var.cpu");
  });
});

describe("module wiring and event sources", () => {
  it("event sources point at what they invoke; permissions and resource policies are not calls; a proxy sits between caller and database", async () => {
    const system = await only(readFixture("events"));
    expect(edges(system)).toEqual([
      "aws_cloudwatch_event_rule.nightly -> aws_lambda_function.nightly [terraform/eventbridge-target]",
      "aws_db_proxy.orders -> aws_rds_cluster.orders [terraform/db-proxy-target]",
      "aws_kinesis_stream.clicks -> aws_lambda_function.clicks [terraform/event-source-mapping]",
      "aws_lambda_function.clicks -> aws_sqs_queue.failed_clicks [terraform/failure-destination]",
      "aws_s3_bucket.uploads -> aws_lambda_function.thumbnails [terraform/s3-notification]",
      "module.jobs -> module.indexer [terraform/event-source-mapping]",
      "module.orders.aws_ecs_service.this -> aws_db_proxy.orders [terraform/reference]",
      "module.orders.aws_ecs_service.this -> module.jobs [terraform/reference]",
    ]);
    const kinds = Object.fromEntries(system.components.map((c) => [c.name, c.kind]));
    expect(kinds["aws_db_proxy.orders"]).toBe("gateway");
    expect(system.edges.find((edge) => edge.to === "module.indexer")?.kind).toBe("async");
  });
});

describe("event deliveries", () => {
  it("a bucket notifying a function and a table stream triggering one are async, off the writer's request path", async () => {
    const system = await only([
      {
        path: "infra/main.tf",
        text: `
resource "aws_lambda_function" "upload" {
  function_name = "upload"
  environment {
    variables = { BUCKET = aws_s3_bucket.uploads.id }
  }
}
resource "aws_lambda_function_url" "upload" {
  function_name      = aws_lambda_function.upload.function_name
  authorization_type = "NONE"
}
resource "aws_s3_bucket" "uploads" {
  bucket = "uploads"
}
resource "aws_lambda_function" "thumbnails" {
  function_name = "thumbnails"
}
resource "aws_s3_bucket_notification" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  lambda_function {
    lambda_function_arn = aws_lambda_function.thumbnails.arn
    events              = ["s3:ObjectCreated:*"]
  }
}
resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  hash_key     = "id"
  stream_enabled = true
}
resource "aws_lambda_function" "audit" {
  function_name = "audit"
}
resource "aws_lambda_event_source_mapping" "orders" {
  event_source_arn = aws_dynamodb_table.orders.stream_arn
  function_name    = aws_lambda_function.audit.arn
}
`,
      },
    ]);
    const kinds = Object.fromEntries(system.edges.map((edge) => [`${edge.from} -> ${edge.to}`, edge.kind]));
    expect(kinds).toEqual({
      "aws_lambda_function.upload -> aws_s3_bucket.uploads": "sync",
      "aws_s3_bucket.uploads -> aws_lambda_function.thumbnails": "async",
      "aws_dynamodb_table.orders -> aws_lambda_function.audit": "async",
    });
    const report = analyzeSystem(undefined, system, 0.999);
    const path = report.entryPoints.find((entry) => entry.entry === "aws_lambda_function.upload");
    expect(path?.head?.requestPath).toEqual(["aws_lambda_function.upload", "aws_s3_bucket.uploads"]);
    expect(report.background).toContain("aws_lambda_function.thumbnails");
  });
});

describe("security groups shared by a proxy and its database", () => {
  const files = (dbGroupOnProxy: boolean) => [
    {
      path: "infra/main.tf",
      text: `
resource "aws_security_group" "app" {
  name = "app"
}
resource "aws_security_group" "db" {
  name = "db"
  ingress {
    from_port       = 3306
    to_port         = 3306
    protocol        = "tcp"
    security_groups = [aws_security_group.app.id]
  }
}
resource "aws_security_group" "proxy" {
  name = "proxy"
}
resource "aws_instance" "setup" {
  ami                    = "ami-123"
  vpc_security_group_ids = [aws_security_group.app.id]
}
resource "aws_rds_cluster" "orders" {
  engine                 = "aurora-mysql"
  vpc_security_group_ids = [aws_security_group.db.id]
}
resource "aws_db_proxy" "orders" {
  name                   = "orders"
  engine_family          = "MYSQL"
  vpc_security_group_ids = [aws_security_group.${dbGroupOnProxy ? "db" : "proxy"}.id]
}
resource "aws_db_proxy_target" "orders" {
  db_proxy_name         = aws_db_proxy.orders.name
  target_group_name     = "default"
  db_cluster_identifier = aws_rds_cluster.orders.id
}
`,
    },
  ];

  it("a grant into a group holding both the proxy and the database it fronts draws no call", async () => {
    expect(edges(await only(files(true)))).toEqual([
      "aws_db_proxy.orders -> aws_rds_cluster.orders [terraform/db-proxy-target]",
    ]);
  });

  it("a grant into the database's own group still calls it", async () => {
    expect(edges(await only(files(false)))).toEqual([
      "aws_db_proxy.orders -> aws_rds_cluster.orders [terraform/db-proxy-target]",
      "aws_instance.setup -> aws_rds_cluster.orders [terraform/security-group]",
    ]);
  });
});

describe("remote state", () => {
  it("a component reading another root's output through terraform_remote_state calls what that output names", async () => {
    const { systems, warnings } = await terraformFormat.extract(readFixture("remote-state"), {
      deadline: Date.now() + 60_000,
    });
    expect(warnings).toEqual([]);
    const api = systems.find((system) => system.id === "terraform:api")!;
    expect(edges(api)).toEqual([
      "aws_lambda_function.api -> aws_lambda_function.reports [terraform/remote-state]",
      "aws_lambda_function.api -> aws_sqs_queue.orders [terraform/remote-state]",
    ]);
    expect(api.components.find((c) => c.name === "aws_sqs_queue.orders")).toMatchObject({
      kind: "queue",
      resolvesTo: { system: "terraform:queue", component: "aws_sqs_queue.orders" },
    });
  });
});

describe("redirects", () => {
  it("a listener rule redirecting to the CDN in front is no call, so the CDN still calls the balancer", async () => {
    const system = await only([
      {
        path: "main.tf",
        text: `
resource "aws_lb" "web" {
  name     = "web"
  internal = false
}
resource "aws_lb_target_group" "web" {
  name = "web"
}
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  default_action {
    type = "fixed-response"
    fixed_response {
      content_type = "text/plain"
      status_code  = "403"
    }
  }
}
resource "aws_lb_listener_rule" "from_cdn" {
  listener_arn = aws_lb_listener.http.arn
  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}
resource "aws_lb_listener_rule" "to_cdn" {
  listener_arn = aws_lb_listener.http.arn
  action {
    type = "redirect"
    redirect {
      host        = aws_cloudfront_distribution.web.domain_name
      status_code = "HTTP_301"
    }
  }
}
resource "aws_cloudfront_distribution" "web" {
  enabled = true
  origin {
    domain_name = aws_lb.web.dns_name
    origin_id   = "web"
  }
}
resource "aws_ecs_service" "web" {
  name = "web"
  load_balancer {
    target_group_arn = aws_lb_target_group.web.arn
    container_port   = 8501
  }
}
`,
      },
    ]);
    expect(edges(system)).toEqual([
      "aws_cloudfront_distribution.web -> aws_lb.web [terraform/reference]",
      "aws_lb.web -> aws_ecs_service.web [terraform/lb-listener-rule]",
    ]);
  });
});

describe("event patterns", () => {
  it("a rule matching a bucket's events is called by the bucket, asynchronously, and calls its target", async () => {
    const system = await only([
      {
        path: "main.tf",
        text: `
resource "aws_s3_bucket" "assets" {
  bucket = "assets"
}
resource "aws_s3_bucket_notification" "assets" {
  bucket      = aws_s3_bucket.assets.id
  eventbridge = true
}
resource "aws_cloudwatch_event_rule" "uploaded" {
  name = "uploaded"
  event_pattern = jsonencode({
    source      = ["aws.s3"]
    detail-type = ["Object Created"]
    detail      = { bucket = { name = [aws_s3_bucket.assets.id] } }
  })
}
resource "aws_cloudwatch_event_target" "build" {
  rule = aws_cloudwatch_event_rule.uploaded.name
  arn  = aws_lambda_function.build.arn
}
resource "aws_lambda_function" "build" {
  function_name = "build"
}
`,
      },
    ]);
    expect(edges(system)).toEqual([
      "aws_cloudwatch_event_rule.uploaded -> aws_lambda_function.build [terraform/eventbridge-target]",
      "aws_s3_bucket.assets -> aws_cloudwatch_event_rule.uploaded [terraform/event-pattern]",
    ]);
    expect(system.edges.every((edge) => edge.kind === "async")).toBe(true);
  });
});

describe("secrets read by reference in secret_key_ref", () => {
  it("the name of a secret_key_ref block says which secret is read: the reader calls it and what it holds", async () => {
    const system = await only([
      {
        path: "main.tf",
        text: `
resource "google_sql_database_instance" "db" {
  name             = "db"
  database_version = "POSTGRES_14"
}
resource "google_secret_manager_secret" "settings" {
  secret_id = "settings"
}
resource "google_secret_manager_secret_version" "settings" {
  secret      = google_secret_manager_secret.settings.id
  secret_data = "DATABASE_URL=postgres://app@//cloudsql/\${google_sql_database_instance.db.connection_name}/app"
}
resource "google_cloud_run_service" "api" {
  name     = google_secret_manager_secret.settings.secret_id
  location = "europe-west1"
  template {
    spec {
      containers {
        image = "api"
        env {
          name = "SETTINGS"
          value_from {
            secret_key_ref {
              name = google_secret_manager_secret.settings.secret_id
              key  = "latest"
            }
          }
        }
      }
    }
  }
}
`,
      },
    ]);
    expect(edges(system)).toEqual([
      "google_cloud_run_service.api -> google_secret_manager_secret.settings [terraform/reference]",
      "google_cloud_run_service.api -> google_sql_database_instance.db [terraform/secret]",
    ]);
    // The service's own name, built from the secret's id, is still naming only: one piece of evidence each.
    expect(system.edges.map((edge) => edge.evidence.length)).toEqual([1, 1]);
  });
});

describe("Firebase Hosting", () => {
  it("a hosting site is a public gateway that calls the Cloud Run service its version rewrites to", async () => {
    const system = await only([
      {
        path: "main.tf",
        text: `
resource "google_firebase_hosting_site" "web" {
  project = "shop"
  site_id = "shop-web"
}
resource "google_firebase_hosting_version" "web" {
  site_id = google_firebase_hosting_site.web.site_id
  config {
    rewrites {
      glob = "/api/**"
      run {
        service_id = google_cloud_run_v2_service.api.name
        region     = "europe-west1"
      }
    }
    redirects {
      glob        = "/old/**"
      location    = google_cloud_run_v2_service.legacy.uri
      status_code = 302
    }
  }
}
resource "google_cloud_run_v2_service" "api" {
  name     = "api"
  location = "europe-west1"
}
resource "google_cloud_run_v2_service" "legacy" {
  name     = "legacy"
  location = "europe-west1"
}
`,
      },
    ]);
    expect(system.components.find((c) => c.name === "google_firebase_hosting_site.web")?.kind).toBe(
      "gateway",
    );
    expect(edges(system)).toEqual([
      "google_firebase_hosting_site.web -> google_cloud_run_v2_service.api [terraform/firebase-rewrite]",
    ]);
    expect(system.entryPoints.map((entry) => `${entry.component}: ${entry.via}`)).toEqual([
      "google_firebase_hosting_site.web: Firebase Hosting site",
    ]);
  });
});

describe("stores named in settings", () => {
  it("a setting holding a store's generated name calls the store; a service's name or a bare token does not", async () => {
    const system = await only([
      {
        path: "main.tf",
        text: `
resource "random_id" "suffix" {
  byte_length = 4
}
locals {
  database = "orders-\${random_id.suffix.hex}"
  worker   = "worker-\${random_id.suffix.hex}"
}
resource "google_firestore_database" "orders" {
  name        = local.database
  location_id = "nam5"
  type        = "FIRESTORE_NATIVE"
}
resource "google_cloud_run_v2_job" "worker" {
  name     = local.worker
  location = "europe-west1"
}
resource "google_cloud_run_v2_service" "api" {
  name     = "api"
  location = "europe-west1"
  template {
    containers {
      image = "api"
      env {
        name  = "FIRESTORE_DATABASE"
        value = local.database
      }
      env {
        name  = "WORKER_JOB"
        value = local.worker
      }
      env {
        name  = "SUFFIX"
        value = random_id.suffix.hex
      }
    }
  }
}
`,
      },
    ]);
    expect(edges(system)).toEqual([
      "google_cloud_run_v2_service.api -> google_firestore_database.orders [terraform/named-value]",
    ]);
    expect(system.edges[0]!.evidence[0]).toMatchObject({ file: "main.tf", line: 24 });
  });
});

describe("build-time settings and a task role shared by two services", () => {
  const files = (withBuilds: boolean) => [
    {
      path: "main.tf",
      text: `
resource "aws_ecr_repository" "api" {
  name = "api"
}
resource "aws_ecr_repository" "web" {
  name = "web"
}
resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"
}
resource "aws_s3_bucket" "sources" {
  bucket = "sources"
}
resource "aws_lb" "api" {
  name     = "api"
  internal = false
}
resource "aws_iam_role" "task" {
  name = "task"
}
resource "aws_iam_role_policy" "task" {
  role = aws_iam_role.task.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["dynamodb:*"], Resource = [aws_dynamodb_table.orders.arn] }]
  })
}
resource "aws_ecs_task_definition" "api" {
  family        = "api"
  task_role_arn = aws_iam_role.task.arn
  container_definitions = jsonencode([{ name = "api", image = aws_ecr_repository.api.repository_url }])
}
resource "aws_ecs_task_definition" "web" {
  family        = "web"
  task_role_arn = aws_iam_role.task.arn
  container_definitions = jsonencode([{ name = "web", image = aws_ecr_repository.web.repository_url }])
}
resource "aws_ecs_service" "api" {
  name            = "api"
  task_definition = aws_ecs_task_definition.api.arn
}
resource "aws_ecs_service" "web" {
  name            = "web"
  task_definition = aws_ecs_task_definition.web.arn
}
${withBuilds ? BUILDS : ""}
`,
    },
  ];
  const BUILDS = `
resource "aws_codebuild_project" "api" {
  name = "build-api"
  source {
    type     = "S3"
    location = aws_s3_bucket.sources.bucket
  }
  environment {
    image = "aws/codebuild/standard:7.0"
    environment_variable {
      name  = "REPO_URL"
      value = aws_ecr_repository.api.repository_url
    }
    environment_variable {
      name  = "TABLE"
      value = aws_dynamodb_table.orders.name
    }
    environment_variable {
      name  = "SOURCES"
      value = aws_s3_bucket.sources.id
    }
  }
}
resource "aws_codebuild_project" "web" {
  name = "build-web"
  environment {
    image = "aws/codebuild/standard:7.0"
    environment_variable {
      name  = "TASK_DEFINITION_FAMILY"
      value = aws_ecs_task_definition.web.family
    }
    environment_variable {
      name  = "API_URL"
      value = aws_lb.api.dns_name
    }
  }
}`;

  it("what a build project's environment names is called by the workload it builds, not by the other users of the role", async () => {
    expect(edges(await only(files(true)))).toEqual([
      "aws_ecs_service.api -> aws_dynamodb_table.orders [terraform/build-setting,terraform/iam-policy]",
      "aws_ecs_service.web -> aws_lb.api [terraform/build-setting]",
    ]);
  });

  it("without a signal of which user calls it, every service running as the role calls what it is granted", async () => {
    expect(edges(await only(files(false)))).toEqual([
      "aws_ecs_service.api -> aws_dynamodb_table.orders [terraform/iam-policy]",
      "aws_ecs_service.web -> aws_dynamodb_table.orders [terraform/iam-policy]",
    ]);
  });
});

describe("function and Eventarc triggers", () => {
  it("a bucket or topic named in a trigger invokes the function or service, asynchronously", async () => {
    const system = await only([
      {
        path: "main.tf",
        text: `
resource "google_storage_bucket" "uploads" {
  name     = "uploads"
  location = "EU"
}
resource "google_pubsub_topic" "orders" {
  name = "orders"
}
resource "google_cloudfunctions2_function" "thumbnail" {
  name     = "thumbnail"
  location = "europe-west1"
  event_trigger {
    event_type = "google.cloud.storage.object.v1.finalized"
    event_filters {
      attribute = "bucket"
      value     = google_storage_bucket.uploads.name
    }
  }
}
resource "google_cloudfunctions_function" "audit" {
  name    = "audit"
  runtime = "python311"
  event_trigger {
    event_type = "google.pubsub.topic.publish"
    resource   = google_pubsub_topic.orders.id
  }
}
resource "google_cloud_run_v2_service" "billing" {
  name     = "billing"
  location = "europe-west1"
}
resource "google_eventarc_trigger" "billing" {
  name     = "billing"
  location = "europe-west1"
  matching_criteria {
    attribute = "type"
    value     = "google.cloud.pubsub.topic.v1.messagePublished"
  }
  destination {
    cloud_run_service {
      service = google_cloud_run_v2_service.billing.name
      region  = "europe-west1"
    }
  }
  transport {
    pubsub {
      topic = google_pubsub_topic.orders.id
    }
  }
}
`,
      },
    ]);
    expect(edges(system)).toEqual([
      "google_pubsub_topic.orders -> google_cloud_run_v2_service.billing [terraform/event-trigger]",
      "google_pubsub_topic.orders -> google_cloudfunctions_function.audit [terraform/event-trigger]",
      "google_storage_bucket.uploads -> google_cloudfunctions2_function.thumbnail [terraform/event-trigger]",
    ]);
    expect(system.edges.every((edge) => edge.kind === "async")).toBe(true);
  });
});

describe("Helm releases", () => {
  it("a release is a workload calling what its set blocks and values name, through a module's entries too", async () => {
    const system = await only(readFixture("helm"));
    const kinds = Object.fromEntries(system.components.map((c) => [c.name, c.kind]));
    expect(kinds).toMatchObject({
      "helm_release.billing": "service",
      "helm_release.reports": "service",
      "helm_release.sessions": "cache",
      "module.checkout.helm_release.release": "service",
    });
    expect(kinds["helm_release.dns"]).toBeUndefined();
    expect(system.components.find((c) => c.name === "helm_release.billing")?.aliases).toContain("billing");
    expect(edges(system)).toEqual([
      "helm_release.billing -> api.stripe.com [terraform/provider-key]",
      "helm_release.billing -> google_sql_database_instance.main [terraform/reference]",
      "helm_release.billing -> google_storage_bucket.invoices [terraform/reference]",
      "helm_release.reports -> google_pubsub_topic.orders [terraform/reference]",
      "module.checkout.helm_release.release -> google_pubsub_topic.orders [terraform/reference]",
    ]);
    expect(JSON.stringify(system)).not.toContain("hunter2");
  });
});

describe("Pub/Sub subscriptions", () => {
  it("a consumer reads through its subscription, which delivers to its endpoint, table or bucket asynchronously", async () => {
    const system = await only(readFixture("pubsub"));
    const queues = system.components.filter((c) => c.kind === "queue").map((c) => c.name);
    expect(queues).toContain("google_pubsub_subscription.orders_worker");
    expect(system.components.find((c) => c.name === "google_bigquery_dataset.analytics")?.aliases).toContain(
      "google_bigquery_table.orders",
    );
    expect(edges(system)).toEqual([
      "google_cloud_run_v2_service.worker -> google_pubsub_subscription.orders_worker [terraform/reference]",
      "google_pubsub_subscription.orders_archive -> google_pubsub_topic.orders [terraform/reference]",
      "google_pubsub_subscription.orders_archive -> google_storage_bucket.archive [terraform/reference]",
      "google_pubsub_subscription.orders_bigquery -> google_bigquery_dataset.analytics [terraform/reference]",
      "google_pubsub_subscription.orders_bigquery -> google_pubsub_topic.orders [terraform/reference]",
      "google_pubsub_subscription.orders_mailer -> google_cloud_run_v2_service.mailer [terraform/reference]",
      "google_pubsub_subscription.orders_mailer -> google_pubsub_topic.orders [terraform/reference]",
      "google_pubsub_subscription.orders_worker -> google_pubsub_topic.dead_letters [terraform/reference]",
      "google_pubsub_subscription.orders_worker -> google_pubsub_topic.orders [terraform/reference]",
    ]);
    expect(system.edges.every((edge) => edge.kind === "async")).toBe(true);
  });
});

describe("AppSync APIs", () => {
  it("a data source is a call of its API, and an API is public unless private", async () => {
    const system = await only([
      {
        path: "main.tf",
        text: `
resource "aws_appsync_graphql_api" "public" {
  name                = "public"
  authentication_type = "AMAZON_COGNITO_USER_POOLS"
}
resource "aws_appsync_graphql_api" "internal" {
  name                = "internal"
  authentication_type = "AWS_IAM"
  visibility          = "PRIVATE"
}
resource "awscc_events_event_bus" "jobs" {
  name = "jobs"
}
resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"
}
resource "aws_iam_role" "appsync" {
  name = "appsync"
}
resource "aws_appsync_datasource" "jobs" {
  api_id           = aws_appsync_graphql_api.public.id
  name             = "jobs"
  type             = "AMAZON_EVENTBRIDGE"
  service_role_arn = aws_iam_role.appsync.arn
  event_bridge_config {
    event_bus_arn = awscc_events_event_bus.jobs.arn
  }
}
resource "aws_appsync_datasource" "orders" {
  api_id = aws_appsync_graphql_api.internal.id
  name   = "orders"
  type   = "AMAZON_DYNAMODB"
  dynamodb_config {
    table_name = aws_dynamodb_table.orders.name
  }
}
resource "aws_appsync_datasource" "status" {
  api_id = aws_appsync_graphql_api.public.id
  name   = "status"
  type   = "NONE"
}
`,
      },
    ]);
    expect(system.components.find((c) => c.name === "awscc_events_event_bus.jobs")?.kind).toBe("queue");
    expect(edges(system)).toEqual([
      "aws_appsync_graphql_api.internal -> aws_dynamodb_table.orders [terraform/appsync-datasource]",
      "aws_appsync_graphql_api.public -> awscc_events_event_bus.jobs [terraform/appsync-datasource]",
    ]);
    expect(system.entryPoints.map((entry) => `${entry.component}: ${entry.via}`)).toEqual([
      "aws_appsync_graphql_api.public: AppSync GraphQL endpoint",
    ]);
  });
});

describe("object arguments and locals", () => {
  it("a path into an object reads only that entry, and a Lambda image build module is build tooling", async () => {
    const system = await only([
      {
        path: "main.tf",
        text: `
locals {
  functions = {
    reader = { environment = { TABLE = aws_dynamodb_table.orders.name } }
    writer = { environment = { QUEUE = aws_sqs_queue.jobs.url } }
  }
}
resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"
}
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}
module "reader_image" {
  source      = "terraform-aws-modules/lambda/aws//modules/docker-build"
  ecr_repo    = "functions"
  source_path = "src/reader"
}
resource "aws_lambda_function" "reader" {
  function_name = "reader"
  package_type  = "Image"
  image_uri     = module.reader_image.image_uri
  environment {
    variables = local.functions.reader.environment
  }
}
resource "aws_lambda_function" "writer" {
  function_name = "writer"
  environment {
    variables = local.functions.writer.environment
  }
}
module "worker" {
  source = "./modules/worker"
  stores = { queue = aws_sqs_queue.jobs.url, table = aws_dynamodb_table.orders.name }
}
`,
      },
      {
        path: "modules/worker/main.tf",
        text: `
variable "stores" {}
resource "aws_lambda_function" "this" {
  function_name = "worker"
  environment {
    variables = { QUEUE = var.stores.queue }
  }
}
`,
      },
    ]);
    expect(system.components.map((c) => c.name)).not.toContain("module.reader_image");
    expect(edges(system)).toEqual([
      "aws_lambda_function.reader -> aws_dynamodb_table.orders [terraform/reference]",
      "aws_lambda_function.writer -> aws_sqs_queue.jobs [terraform/reference]",
      "module.worker.aws_lambda_function.this -> aws_sqs_queue.jobs [terraform/reference]",
    ]);
  });
});

describe("grants wider than the settings", () => {
  it("a grant bundling several components only permits on those a function's settings never name", async () => {
    const system = await only([
      {
        path: "main.tf",
        text: `
data "aws_iam_policy_document" "validate" {
  statement {
    actions   = ["s3:GetObject", "sqs:SendMessage"]
    resources = [aws_s3_bucket.uploads.arn, aws_sqs_queue.jobs.arn]
  }
}
data "aws_iam_policy_document" "notify" {
  statement {
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alerts.arn]
  }
}
data "aws_iam_policy_document" "report" {
  statement {
    actions   = ["s3:*"]
    resources = ["\${aws_s3_bucket.uploads.arn}/*"]
  }
}
data "aws_iam_policy_document" "thumbnail" {
  statement {
    actions   = ["s3:*"]
    resources = ["\${aws_s3_bucket.uploads.arn}/*"]
  }
}
resource "aws_iam_role_policy" "validate" {
  role   = aws_iam_role.validate.id
  policy = data.aws_iam_policy_document.validate.json
}
resource "aws_iam_role_policy" "notify" {
  role   = aws_iam_role.notify.id
  policy = data.aws_iam_policy_document.notify.json
}
resource "aws_iam_role_policy" "report" {
  role   = aws_iam_role.report.id
  policy = data.aws_iam_policy_document.report.json
}
resource "aws_iam_role_policy" "thumbnail" {
  role   = aws_iam_role.thumbnail.id
  policy = data.aws_iam_policy_document.thumbnail.json
}
resource "aws_iam_role" "validate" {
  name = "validate"
}
resource "aws_iam_role" "notify" {
  name = "notify"
}
resource "aws_iam_role" "report" {
  name = "report"
}
resource "aws_iam_role" "thumbnail" {
  name = "thumbnail"
}
resource "aws_lambda_function" "validate" {
  function_name = "validate"
  role          = aws_iam_role.validate.arn
  environment {
    variables = { QUEUE_URL = aws_sqs_queue.jobs.url }
  }
}
resource "aws_lambda_function" "notify" {
  function_name = "notify"
  role          = aws_iam_role.notify.arn
  environment {
    variables = { QUEUE_URL = aws_sqs_queue.jobs.url }
  }
}
resource "aws_sns_topic" "alerts" {
  name = "alerts"
}
resource "aws_lambda_function" "report" {
  function_name = "report"
  role          = aws_iam_role.report.arn
}
resource "aws_lambda_function" "thumbnail" {
  function_name = "thumbnail"
  role          = aws_iam_role.thumbnail.arn
  environment {
    variables = { TABLE = aws_dynamodb_table.images.name }
  }
}
resource "aws_s3_bucket" "uploads" {
  bucket = "uploads"
}
resource "aws_s3_bucket_notification" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  lambda_function {
    lambda_function_arn = aws_lambda_function.thumbnail.arn
    events              = ["s3:ObjectCreated:*"]
  }
}
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}
resource "aws_dynamodb_table" "images" {
  name     = "images"
  hash_key = "key"
}
`,
      },
    ]);
    expect(edges(system)).toEqual([
      "aws_lambda_function.notify -> aws_sns_topic.alerts [terraform/iam-policy]",
      "aws_lambda_function.notify -> aws_sqs_queue.jobs [terraform/reference]",
      "aws_lambda_function.report -> aws_s3_bucket.uploads [terraform/iam-policy]",
      "aws_lambda_function.thumbnail -> aws_dynamodb_table.images [terraform/reference]",
      "aws_lambda_function.thumbnail -> aws_s3_bucket.uploads [terraform/iam-policy]",
      "aws_lambda_function.validate -> aws_sqs_queue.jobs [terraform/iam-policy,terraform/reference]",
      "aws_s3_bucket.uploads -> aws_lambda_function.thumbnail [terraform/s3-notification]",
    ]);
  });
});

describe("optional inputs", () => {
  it("a conditional takes the branch the files decide: a given input, or a literal flag", async () => {
    const system = await only([
      {
        path: "main.tf",
        text: `
resource "aws_apigatewayv2_api" "shared" {
  name          = "shared"
  protocol_type = "HTTP"
}
module "worker" {
  source  = "./modules/worker"
  api_url = aws_apigatewayv2_api.shared.api_endpoint
}
module "standalone" {
  source = "./modules/worker"
}
`,
      },
      {
        path: "modules/worker/main.tf",
        text: `
variable "api_url" {
  default = ""
}
variable "archive" {
  default = false
}
resource "aws_apigatewayv2_api" "own" {
  name          = "own"
  protocol_type = "HTTP"
}
resource "aws_dynamodb_table" "live" {
  name     = "live"
  hash_key = "id"
}
resource "aws_dynamodb_table" "archive" {
  name     = "archive"
  hash_key = "id"
}
locals {
  api_url = var.api_url == "" ? aws_apigatewayv2_api.own.api_endpoint : var.api_url
  table   = var.archive ? aws_dynamodb_table.archive.name : aws_dynamodb_table.live.name
}
resource "aws_lambda_function" "this" {
  function_name = "worker"
  environment {
    variables = { API_URL = local.api_url, TABLE = local.table }
  }
}
`,
      },
    ]);
    expect(edges(system).filter((edge) => edge.includes("aws_lambda_function.this ->"))).toEqual([
      "module.standalone.aws_lambda_function.this -> module.standalone.aws_apigatewayv2_api.own [terraform/reference]",
      "module.standalone.aws_lambda_function.this -> module.standalone.aws_dynamodb_table.live [terraform/reference]",
      "module.worker.aws_lambda_function.this -> aws_apigatewayv2_api.shared [terraform/reference]",
      "module.worker.aws_lambda_function.this -> module.worker.aws_dynamodb_table.live [terraform/reference]",
    ]);
  });
});

describe("CloudFormation stacks", () => {
  it("a stack is one component, and an export read by name stands for the stack that exports it", async () => {
    const system = await only([
      {
        path: "main.tf",
        text: `
locals {
  url_export = "merged-api-url"
}
resource "aws_cloudformation_stack" "merged_api" {
  name          = "merged-api"
  template_body = templatefile("\${path.module}/merged-api.yaml.tftpl", { url_export = local.url_export })
}
resource "aws_cloudformation_stack" "events" {
  name          = "legacy-sqs"
  template_body = file("\${path.module}/queue.yaml")
}
resource "aws_cloudformation_stack" "network" {
  name         = "shared-vpc"
  template_url = "https://example.com/vpc.yaml"
}
data "aws_cloudformation_export" "url" {
  name       = local.url_export
  depends_on = [aws_cloudformation_stack.merged_api]
}
data "aws_cloudformation_export" "queue" {
  name       = "legacy-queue-url"
  depends_on = [aws_cloudformation_stack.events]
}
resource "aws_lambda_function" "status" {
  function_name = "status"
  environment {
    variables = { GRAPHQL_URL = data.aws_cloudformation_export.url.value }
  }
}
resource "aws_lambda_function" "legacy" {
  function_name = "legacy"
  environment {
    variables = { QUEUE_URL = data.aws_cloudformation_export.queue.value }
  }
}
`,
      },
    ]);
    const kinds = Object.fromEntries(system.components.map((c) => [c.name, c.kind]));
    expect(kinds["aws_cloudformation_stack.merged_api"]).toBe("service");
    expect(kinds["aws_cloudformation_stack.events"]).toBe("queue");
    expect(kinds).not.toHaveProperty(["aws_cloudformation_stack.network"]);
    expect(edges(system)).toEqual([
      "aws_lambda_function.legacy -> aws_cloudformation_stack.events [terraform/reference]",
      "aws_lambda_function.status -> aws_cloudformation_stack.merged_api [terraform/reference]",
    ]);
  });
});

describe("managed stores and processors", () => {
  it("MongoDB Atlas clusters, OpenSearch Serverless collections and Document AI processors are components", async () => {
    const system = await only([
      {
        path: "main.tf",
        text: `
variable "db_user" {
  default = "app"
}
resource "mongodbatlas_cluster" "main" {
  project_id = "project"
  name       = "main"
}
locals {
  atlas_uri = replace(mongodbatlas_cluster.main.srv_address, "://", "://\${var.db_user}@")
}
resource "google_cloud_run_service" "app" {
  name     = "app"
  location = "us-central1"
  template {
    spec {
      containers {
        env {
          name  = "ATLAS_URI"
          value = local.atlas_uri
        }
      }
    }
  }
}
resource "google_document_ai_processor" "ocr" {
  location     = "us"
  display_name = "ocr"
  type         = "OCR_PROCESSOR"
}
resource "google_cloudfunctions2_function" "summarize" {
  name     = "summarize"
  location = "us-central1"
  service_config {
    environment_variables = { DOCAI_PROCESSOR = google_document_ai_processor.ocr.id }
  }
}
resource "aws_opensearchserverless_collection" "vectors" {
  name = "vectors"
  type = "VECTORSEARCH"
}
resource "aws_lambda_function" "embed" {
  function_name = "embed"
  environment {
    variables = { OPENSEARCH_ENDPOINT = aws_opensearchserverless_collection.vectors.collection_endpoint }
  }
}
`,
      },
    ]);
    const kinds = Object.fromEntries(system.components.map((c) => [c.name, c.kind]));
    expect(kinds).toMatchObject({
      "mongodbatlas_cluster.main": "datastore",
      "google_document_ai_processor.ocr": "service",
      "aws_opensearchserverless_collection.vectors": "datastore",
    });
    expect(edges(system)).toEqual([
      "aws_lambda_function.embed -> aws_opensearchserverless_collection.vectors [terraform/reference]",
      "google_cloud_run_service.app -> mongodbatlas_cluster.main [terraform/reference]",
      "google_cloudfunctions2_function.summarize -> google_document_ai_processor.ocr [terraform/reference]",
    ]);
  });
});

describe("locals built from locals", () => {
  it("works out each local once, however often and however deep it is used", async () => {
    const locals = Array.from({ length: 30 }, (_, i) => `  a${i + 1} = local.a${i} + local.a${i}`).join("\n");
    const system = await only([
      {
        path: "main.tf",
        text: `
locals {
  a0 = 1
${locals}
}
resource "aws_sqs_queue" "spare" {
  name  = "spare"
  count = local.a30 == ${2 ** 30} ? 0 : 1
}
resource "aws_sqs_queue" "jobs" {
  name  = "jobs"
  count = local.a30 > 0 ? 1 : 0
}
`,
      },
    ]);
    expect(system.components.map((c) => c.name)).toEqual(["aws_sqs_queue.jobs"]);
    expect(system.components[0]!.attributes?.symbolic).toBeUndefined();
  });
});

describe("forwarding rules", () => {
  it("an external forwarding rule is an entry point; internal ones and Private Service Connect endpoints are not", async () => {
    const rule = (name: string, scheme?: string) =>
      [
        `resource "google_compute_forwarding_rule" "${name}" {`,
        `  name   = "${name}"`,
        ...(scheme === undefined ? [] : [`  load_balancing_scheme = "${scheme}"`]),
        "}",
      ].join("\n");
    const text = [
      rule("public"),
      rule("managed", "EXTERNAL_MANAGED"),
      rule("inside", "INTERNAL"),
      rule("psc", ""),
    ];
    const system = await only([{ path: "main.tf", text: `${text.join("\n\n")}\n` }]);

    expect(system.entryPoints.map((entry) => entry.component).sort()).toEqual([
      "google_compute_forwarding_rule.managed",
      "google_compute_forwarding_rule.public",
    ]);
  });
});

describe("Terragrunt", () => {
  it("a variable Terragrunt fills from another configuration's output calls what that output references", async () => {
    const files = [
      {
        path: "modules/api/main.tf",
        text: [
          'resource "aws_lambda_function" "api" {',
          '  function_name = "api"',
          "}",
          'resource "aws_lambda_function_url" "api" {',
          "  function_name = aws_lambda_function.api.function_name",
          "}",
          'output "function_url" {',
          "  value = aws_lambda_function_url.api.function_url",
          "}",
          "",
        ].join("\n"),
      },
      {
        path: "modules/cdn/main.tf",
        text: [
          'variable "function_url" {}',
          'resource "aws_cloudfront_distribution" "cdn" {',
          "  origin {",
          '    domain_name = split("/", var.function_url)[2]',
          "  }",
          "}",
          "",
        ].join("\n"),
      },
      {
        path: "live/prod/api/terragrunt.hcl",
        text: 'terraform {\n  source = "git::https://github.com/acme/shop//modules/api?ref=${get_env("VERSION")}"\n}\n',
      },
      {
        path: "live/prod/cdn/terragrunt.hcl",
        text: [
          "terraform {",
          '  source = "../../..//modules/cdn"',
          "}",
          'dependency "api" {',
          '  config_path = "../api"',
          "}",
          "inputs = {",
          "  function_url = dependency.api.outputs.function_url",
          "}",
          "",
        ].join("\n"),
      },
    ];
    const cdn = (await roots(files)).at("modules/cdn");

    expect(edges(cdn)).toEqual([
      "aws_cloudfront_distribution.cdn -> aws_lambda_function.api [terraform/terragrunt-input]",
    ]);
    expect(resolvesTo(cdn, "aws_lambda_function.api")).toEqual({
      system: "terraform:modules/api",
      component: "aws_lambda_function.api",
    });
    expect(cdn.edges[0]!.evidence[0]).toMatchObject({ file: "modules/cdn/main.tf", line: 4 });
    expect(cdn.edges[0]!.evidence[0]!.detail).toContain("live/prod/cdn/terragrunt.hcl:8");
  });
  it("reads through a workflow's rendered definition and its role's policies, and grants to another root's role", async () => {
    const files = [
      {
        path: "modules/api/main.tf",
        text: [
          'resource "aws_lambda_function" "worker" {',
          '  function_name = "worker"',
          "}",
          'output "worker_arn" {',
          "  value = aws_lambda_function.worker.arn",
          "}",
          'output "worker_name" {',
          "  value = aws_lambda_function.worker.function_name",
          "}",
          "",
        ].join("\n"),
      },
      {
        path: "modules/queue/main.tf",
        text: [
          'variable "worker_arn" {}',
          'variable "worker_name" {}',
          'variable "worker_role" {}',
          'resource "aws_dynamodb_table" "locks" {',
          '  name = "locks"',
          "}",
          'resource "aws_sns_topic" "done" {',
          '  name = "done"',
          "}",
          'resource "aws_iam_role" "runner" {',
          '  name = "runner"',
          "}",
          'data "template_file" "main" {',
          '  template = file("main.json")',
          "  vars     = { worker = var.worker_name, table = aws_dynamodb_table.locks.name }",
          "}",
          'data "template_file" "cleanup" {',
          '  template = file("cleanup.json")',
          "  vars     = { table = aws_dynamodb_table.locks.name }",
          "}",
          'resource "aws_sfn_state_machine" "main" {',
          "  role_arn   = aws_iam_role.runner.arn",
          "  definition = data.template_file.main.rendered",
          "}",
          'resource "aws_sfn_state_machine" "cleanup" {',
          "  role_arn   = aws_iam_role.runner.arn",
          "  definition = data.template_file.cleanup.rendered",
          "}",
          'data "aws_iam_policy_document" "runner" {',
          "  statement {",
          '    actions   = ["lambda:InvokeFunction"]',
          "    resources = [var.worker_arn]",
          "  }",
          "  statement {",
          '    actions   = ["states:StartExecution"]',
          "    resources = [aws_sfn_state_machine.main.arn, aws_sfn_state_machine.cleanup.arn]",
          "  }",
          "}",
          'resource "aws_iam_role_policy" "runner" {',
          "  role   = aws_iam_role.runner.id",
          "  policy = data.aws_iam_policy_document.runner.json",
          "}",
          'data "aws_iam_policy_document" "publish" {',
          "  statement {",
          '    actions   = ["sns:Publish"]',
          "    resources = [aws_sns_topic.done.arn]",
          "  }",
          "}",
          'resource "aws_iam_policy" "publish" {',
          "  policy = data.aws_iam_policy_document.publish.json",
          "}",
          'resource "aws_iam_role_policy_attachment" "publish" {',
          "  role       = var.worker_role",
          "  policy_arn = aws_iam_policy.publish.arn",
          "}",
          "",
        ].join("\n"),
      },
      { path: "live/api/terragrunt.hcl", text: 'terraform {\n  source = "../../modules//api"\n}\n' },
      {
        path: "live/queue/terragrunt.hcl",
        text: [
          "terraform {",
          '  source = "../../modules//queue"',
          "}",
          'dependency "api" {',
          '  config_path = "../api"',
          "}",
          "inputs = {",
          "  worker_arn  = dependency.api.outputs.worker_arn",
          "  worker_name = dependency.api.outputs.worker_name",
          "  worker_role = dependency.api.outputs.worker_name",
          "}",
          "",
        ].join("\n"),
      },
    ];
    const systems = await roots(files);
    const [queue, api] = [systems.at("modules/queue"), systems.at("modules/api")];

    // The cleanup workflow shares the role but names neither the worker nor the other workflow.
    expect(edges(queue)).toEqual([
      "aws_sfn_state_machine.cleanup -> aws_dynamodb_table.locks [terraform/reference]",
      "aws_sfn_state_machine.main -> aws_dynamodb_table.locks [terraform/reference]",
      "aws_sfn_state_machine.main -> aws_lambda_function.worker [terraform/terragrunt-input]",
    ]);
    expect(edges(api)).toEqual([
      "aws_lambda_function.worker -> aws_sns_topic.done [terraform/terragrunt-input]",
    ]);
    expect(resolvesTo(api, "aws_sns_topic.done")).toEqual({
      system: "terraform:modules/queue",
      component: "aws_sns_topic.done",
    });
    expect(api.edges[0]!.evidence[0]).toMatchObject({ file: "modules/queue/main.tf", line: 53 });
  });
});

describe("addresses that stand for a function", () => {
  it("a CDN whose origin is a function URL calls the function; a bucket module's name is matched in settings", async () => {
    const system = await only([
      {
        path: "main.tf",
        text: [
          'variable "product" {}',
          'module "api" {',
          '  source = "github.com/acme/terraform-modules//lambda?ref=v1.2.0"',
          '  name   = "${var.product}-api"',
          '  environment_variables = { DEFINITIONS_BUCKET = "${var.product}-definitions" }',
          "}",
          'module "definitions" {',
          '  source      = "github.com/acme/terraform-modules//S3?ref=v1.2.0"',
          '  bucket_name = "${var.product}-definitions"',
          "}",
          'resource "aws_lambda_function_url" "api" {',
          "  function_name      = module.api.function_name",
          '  authorization_type = "NONE"',
          "}",
          'resource "aws_cloudfront_distribution" "cdn" {',
          "  origin {",
          '    domain_name = split("/", aws_lambda_function_url.api.function_url)[2]',
          "    origin_id   = aws_lambda_function_url.api.function_name",
          "  }",
          "}",
          "",
        ].join("\n"),
      },
    ]);
    expect(system.components.find((c) => c.name === "module.definitions")?.kind).toBe("datastore");
    expect(edges(system)).toEqual([
      "aws_cloudfront_distribution.cdn -> module.api [terraform/reference]",
      "module.api -> module.definitions [terraform/named-value]",
    ]);
    expect(system.entryPoints.map((entry) => entry.component).sort()).toEqual([
      "aws_cloudfront_distribution.cdn",
      "module.api",
    ]);
  });

  it("an alias made by the Lambda module's alias submodule stands for its function", async () => {
    const system = await only([
      {
        path: "main.tf",
        text: [
          'module "fn" {',
          '  source        = "terraform-aws-modules/lambda/aws"',
          '  function_name = "votes"',
          "}",
          'module "live" {',
          '  source           = "terraform-aws-modules/lambda/aws//modules/alias"',
          '  name             = "live"',
          "  function_name    = module.fn.lambda_function_name",
          "  function_version = module.fn.lambda_function_version",
          "}",
          'module "http" {',
          '  source       = "terraform-aws-modules/apigateway-v2/aws"',
          '  integrations = { "$default" = { lambda_arn = module.live.lambda_alias_arn } }',
          "}",
          "",
        ].join("\n"),
      },
    ]);
    expect(system.components.map((c) => c.name).sort()).toEqual(["module.fn", "module.http"]);
    expect(edges(system)).toEqual(["module.http -> module.fn [terraform/reference]"]);
  });
});

describe("who may call and who operates", () => {
  it("access restrictions name the caller, and grants to the identity applying Terraform are not calls", async () => {
    const system = await only([
      {
        path: "main.tf",
        text: [
          'data "azurerm_client_config" "current" {}',
          'resource "azurerm_cdn_frontdoor_profile" "edge" {',
          '  name = "edge"',
          "}",
          'resource "azurerm_linux_web_app" "app" {',
          '  name = "app"',
          "  site_config {",
          "    ip_restriction {",
          '      service_tag = "AzureFrontDoor.Backend"',
          "      headers {",
          "        x_azure_fdid = [azurerm_cdn_frontdoor_profile.edge.resource_guid]",
          "      }",
          "    }",
          "  }",
          "  app_settings = { REDIS_HOST = azurerm_redis_cache.sessions.hostname }",
          "}",
          'resource "azurerm_redis_cache" "sessions" {',
          '  name = "sessions"',
          "}",
          'resource "azurerm_postgresql_flexible_server" "db" {',
          '  name = "db"',
          "  authentication {",
          "    active_directory_auth_enabled = true",
          "    tenant_id                     = data.azurerm_client_config.current.tenant_id",
          "  }",
          "}",
          'resource "azurerm_key_vault" "vault" {',
          '  name      = "vault"',
          "  tenant_id = data.azurerm_client_config.current.tenant_id",
          "}",
          'resource "azurerm_role_assignment" "operator" {',
          "  scope                = azurerm_key_vault.vault.id",
          '  role_definition_name = "Key Vault Administrator"',
          "  principal_id         = data.azurerm_client_config.current.object_id",
          "}",
          "",
        ].join("\n"),
      },
    ]);
    expect(edges(system)).toEqual([
      "azurerm_linux_web_app.app -> azurerm_redis_cache.sessions [terraform/reference]",
    ]);
  });
});

describe("stores named across roots", () => {
  it("a setting holding the literal name of another root's store or workflow calls it; short or ambiguous names do not", async () => {
    const tf = (path: string, lines: string[]) => ({ path, text: [...lines, ""].join("\n") });
    const files = [
      tf("tables/main.tf", [
        'resource "aws_dynamodb_table" "scans" {',
        '  name = "completed-scans"',
        "}",
        'resource "aws_dynamodb_table" "jobs" {',
        '  name = "jobs"',
        "}",
        'resource "aws_sqs_queue" "work" {',
        '  name = "shared-work"',
        "}",
      ]),
      tf("other/main.tf", [
        'resource "aws_sqs_queue" "work" {',
        '  name = "shared-work"',
        "}",
        'resource "aws_sfn_state_machine" "scan" {',
        '  name = "file-scan-queue"',
        "}",
      ]),
      tf("api/main.tf", [
        'resource "aws_lambda_function" "api" {',
        '  function_name = "api"',
        "  environment {",
        "    variables = {",
        '      SCANS_TABLE = "completed-scans"',
        '      JOBS_TABLE  = "jobs"',
        '      WORK_QUEUE  = "shared-work"',
        '      WORKFLOW    = "file-scan-queue"',
        "    }",
        "  }",
        "}",
      ]),
    ];
    const api = (await roots(files)).at("api");
    expect(edges(api)).toEqual([
      "aws_lambda_function.api -> aws_dynamodb_table.scans [terraform/named-value]",
      "aws_lambda_function.api -> aws_sfn_state_machine.scan [terraform/named-value]",
    ]);
    expect(resolvesTo(api, "aws_dynamodb_table.scans")).toEqual({
      system: "terraform:tables",
      component: "aws_dynamodb_table.scans",
    });
    expect(api.edges[0]!.evidence[0]).toMatchObject({ file: "api/main.tf", line: 5 });
  });
});

describe("grants on secrets", () => {
  it("a vault granted to an app that names it nowhere is only allowed; a Key Vault reference reads it", async () => {
    const system = await only([
      {
        path: "main.tf",
        text: [
          'resource "azurerm_key_vault" "vault" {',
          '  name = "vault"',
          "}",
          'resource "azurerm_key_vault_secret" "token" {',
          '  name         = "token"',
          '  value        = "x"',
          "  key_vault_id = azurerm_key_vault.vault.id",
          "}",
          'resource "azurerm_linux_web_app" "viewer" {',
          '  name = "viewer"',
          "  identity {",
          '    type = "SystemAssigned"',
          "  }",
          "}",
          'resource "azurerm_linux_web_app" "api" {',
          '  name = "api"',
          "  identity {",
          '    type = "SystemAssigned"',
          "  }",
          '  app_settings = { TOKEN = "@Microsoft.KeyVault(SecretUri=${azurerm_key_vault_secret.token.id})" }',
          "}",
          'resource "azurerm_key_vault_access_policy" "viewer" {',
          "  key_vault_id       = azurerm_key_vault.vault.id",
          "  object_id          = azurerm_linux_web_app.viewer.identity[0].principal_id",
          '  secret_permissions = ["Get"]',
          "}",
          'resource "azurerm_key_vault_access_policy" "api" {',
          "  key_vault_id       = azurerm_key_vault.vault.id",
          "  object_id          = azurerm_linux_web_app.api.identity[0].principal_id",
          '  secret_permissions = ["Get"]',
          "}",
          "",
        ].join("\n"),
      },
    ]);
    expect(edges(system)).toEqual([
      "azurerm_linux_web_app.api -> azurerm_key_vault.vault [terraform/iam-policy,terraform/reference]",
    ]);
  });
});

describe("Azure Verified Modules", () => {
  it("registry modules for MemoryDB, file systems, warehouses and GraphQL APIs take their kind; a service task behind its balancer is a service", async () => {
    const modules: [string, string][] = [
      ["sessions", "terraform-aws-modules/memory-db/aws"],
      ["shared_files", "terraform-aws-modules/efs/aws"],
      ["warehouse", "terraform-google-modules/bigquery/google"],
      ["graphql", "terraform-aws-modules/appsync/aws"],
      ["web", "cloudposse/ecs-alb-service-task/aws"],
    ];
    const system = await only([
      {
        path: "main.tf",
        text: modules.map(([call, source]) => `module "${call}" {\n  source = "${source}"\n}\n`).join(""),
      },
    ]);
    expect(Object.fromEntries(system.components.map((c) => [c.name, c.kind]))).toEqual({
      "module.graphql": "gateway",
      "module.sessions": "cache",
      "module.shared_files": "datastore",
      "module.warehouse": "datastore",
      "module.web": "service",
    });
  });

  it("a module's kind comes from the resource its avm-res name says; identities, plans and utilities are plumbing", async () => {
    const avm = (call: string, resource: string, lines: string[] = []) => [
      `module "${call}" {`,
      `  source  = "Azure/avm-res-${resource}/azurerm"`,
      '  version = "0.1.0"',
      ...lines,
      "}",
    ];
    const system = await only([
      {
        path: "main.tf",
        text: [
          ...avm("naming_regions", "network-virtualnetwork"),
          'module "regions" {',
          '  source = "Azure/avm-utl-regions/azurerm"',
          "}",
          ...avm("identity", "managedidentity-userassignedidentity"),
          ...avm("plan", "web-serverfarm"),
          ...avm("db", "dbforpostgresql-flexibleserver"),
          ...avm("cache", "cache-redisenterprise"),
          ...avm("files", "storage-storageaccount"),
          ...avm("gateway", "network-applicationgateway", [
            "  backend_address_pools = { app = { fqdns = [module.web.resource_uri] } }",
          ]),
          ...avm("web", "web-site", [
            "  service_plan_resource_id = module.plan.resource_id",
            "  managed_identities = { user_assigned_resource_ids = [module.identity.resource_id] }",
            "  app_settings = {",
            "    DB_HOST    = module.db.fqdn",
            "    CACHE_HOST = module.cache.hostname",
            "    FILES      = module.files.resource_id",
            "  }",
          ]),
          "",
        ].join("\n"),
      },
    ]);
    const kinds = Object.fromEntries(system.components.map((c) => [c.name, c.kind]));
    expect(kinds).toEqual({
      "module.cache": "cache",
      "module.db": "datastore",
      "module.files": "datastore",
      "module.gateway": "gateway",
      "module.web": "service",
    });
    expect(edges(system)).toEqual([
      "module.gateway -> module.web [terraform/reference]",
      "module.web -> module.cache [terraform/reference]",
      "module.web -> module.db [terraform/reference]",
      "module.web -> module.files [terraform/reference]",
    ]);
  });
});

describe("Azure AI and managed stores", () => {
  it("an app calls the AI account, search service and managed Redis it is configured with; a static web app is public", async () => {
    const system = await only([
      {
        path: "main.tf",
        text: [
          'resource "azurerm_static_web_app" "site" {',
          '  name = "site"',
          "}",
          'resource "azurerm_cognitive_account" "ai" {',
          '  name = "ai"',
          '  kind = "OpenAI"',
          "}",
          'resource "azurerm_cognitive_deployment" "chat" {',
          '  name                 = "chat"',
          "  cognitive_account_id = azurerm_cognitive_account.ai.id",
          "}",
          'resource "azurerm_search_service" "search" {',
          '  name = "search"',
          "}",
          'resource "azurerm_managed_redis" "cache" {',
          '  name = "cache"',
          "}",
          'resource "azurerm_linux_web_app" "api" {',
          '  name                          = "api"',
          "  public_network_access_enabled = false",
          "  app_settings = {",
          "    OPENAI_ENDPOINT   = azurerm_cognitive_account.ai.endpoint",
          "    OPENAI_DEPLOYMENT = azurerm_cognitive_deployment.chat.name",
          '    SEARCH_ENDPOINT   = "https://${azurerm_search_service.search.name}.search.windows.net"',
          "    REDIS_HOST        = azurerm_managed_redis.cache.hostname",
          "  }",
          "}",
          "",
        ].join("\n"),
      },
    ]);
    expect(Object.fromEntries(system.components.map((c) => [c.name, c.kind]))).toEqual({
      "azurerm_cognitive_account.ai": "service",
      "azurerm_linux_web_app.api": "service",
      "azurerm_managed_redis.cache": "cache",
      "azurerm_search_service.search": "datastore",
      "azurerm_static_web_app.site": "service",
    });
    expect(edges(system)).toEqual([
      "azurerm_linux_web_app.api -> azurerm_cognitive_account.ai [terraform/reference]",
      "azurerm_linux_web_app.api -> azurerm_managed_redis.cache [terraform/reference]",
      "azurerm_linux_web_app.api -> azurerm_search_service.search [terraform/reference]",
    ]);
    expect(system.entryPoints.map((entry) => entry.component)).toEqual(["azurerm_static_web_app.site"]);
  });
});

describe("domain names", () => {
  it("a URL on a DNS record's name calls what the record points at; a service behind it reads its own URL", async () => {
    const system = await only([
      {
        path: "main.tf",
        text: [
          'variable "domain" {}',
          'resource "aws_lb" "api" {',
          '  name = "api"',
          "}",
          'resource "aws_lb_target_group" "api" {',
          '  name = "api"',
          "}",
          'resource "aws_lb_listener" "api" {',
          "  load_balancer_arn = aws_lb.api.arn",
          "  default_action {",
          "    target_group_arn = aws_lb_target_group.api.arn",
          "  }",
          "}",
          'resource "aws_ecs_service" "api" {',
          '  name = "api"',
          "  load_balancer {",
          "    target_group_arn = aws_lb_target_group.api.arn",
          "  }",
          "  task_definition = aws_ecs_task_definition.api.arn",
          "}",
          'resource "aws_ecs_task_definition" "api" {',
          '  family = "api"',
          "  container_definitions = jsonencode([{",
          '    name        = "api"',
          "    environment = [",
          '      { name = "PUBLIC_URL", value = "https://api.${var.domain}" },',
          '      { name = "SITE_URL", value = "https://${var.domain}" },',
          "    ]",
          "  }])",
          "}",
          'resource "aws_route53_record" "api" {',
          '  name = "api.${var.domain}"',
          '  type = "A"',
          "  alias {",
          "    name    = aws_lb.api.dns_name",
          "    zone_id = aws_lb.api.zone_id",
          "  }",
          "}",
          'resource "aws_cloudfront_distribution" "site" {',
          "  aliases = [var.domain]",
          "  origin {",
          "    domain_name = aws_lb.api.dns_name",
          "  }",
          "}",
          'resource "aws_lambda_function" "worker" {',
          '  function_name = "worker"',
          "  environment {",
          "    variables = {",
          '      API_URL  = "https://api.${var.domain}/v1"',
          '      SITE_URL = "https://${var.domain}"',
          "    }",
          "  }",
          "}",
          "",
        ].join("\n"),
      },
    ]);
    expect(edges(system).filter((edge) => edge.includes("dns-name"))).toEqual([
      "aws_lambda_function.worker -> aws_cloudfront_distribution.site [terraform/dns-name]",
      "aws_lambda_function.worker -> aws_lb.api [terraform/dns-name]",
    ]);
    expect(edges(system)).toContain("aws_lb.api -> aws_ecs_service.api [terraform/lb-listener]");
    // The service behind the balancer, itself behind the distribution, reads its own public URLs.
    expect(edges(system).filter((edge) => edge.startsWith("aws_ecs_service.api"))).toEqual([]);
  });
});

describe("grants written as ARNs", () => {
  it("an ARN built from a store's name grants on that store; a wildcard names none", async () => {
    const system = await only([
      {
        path: "main.tf",
        text: [
          'variable "bucket_name" {}',
          'variable "prefix" {}',
          'resource "aws_s3_bucket" "uploads" {',
          "  bucket = var.bucket_name",
          "}",
          'resource "aws_dynamodb_table" "jobs" {',
          '  name = "${var.prefix}-jobs"',
          "}",
          'resource "aws_dynamodb_table" "audit" {',
          '  name = "${var.prefix}-audit"',
          "}",
          'resource "aws_iam_role" "fn" {',
          '  name = "fn"',
          "}",
          'resource "aws_lambda_function" "fn" {',
          '  function_name = "fn"',
          "  role          = aws_iam_role.fn.arn",
          "}",
          'data "aws_iam_policy_document" "fn" {',
          "  statement {",
          '    actions   = ["s3:GetObject"]',
          '    resources = ["arn:aws:s3:::${var.bucket_name}/*"]',
          "  }",
          "  statement {",
          '    actions   = ["dynamodb:PutItem"]',
          "    resources = [",
          '      "arn:aws:dynamodb:${var.region}:${var.account}:table/${var.prefix}-jobs",',
          '      "arn:aws:dynamodb:*:*:table/${var.prefix}-*",',
          "    ]",
          "  }",
          "}",
          'resource "aws_iam_role_policy" "fn" {',
          "  role   = aws_iam_role.fn.id",
          "  policy = data.aws_iam_policy_document.fn.json",
          "}",
          "",
        ].join("\n"),
      },
    ]);
    expect(edges(system)).toEqual([
      "aws_lambda_function.fn -> aws_dynamodb_table.jobs [terraform/iam-policy]",
      "aws_lambda_function.fn -> aws_s3_bucket.uploads [terraform/iam-policy]",
    ]);
    const jobs = system.edges.find((edge) => edge.to === "aws_dynamodb_table.jobs")!;
    expect(jobs.evidence[0]).toMatchObject({ file: "main.tf", line: 27 });
  });
});

describe("tasks started without a service", () => {
  it("an ECS task definition run by a state machine or an event rule is a component of its own", async () => {
    const system = await only([
      {
        path: "main.tf",
        text: `
resource "aws_s3_bucket" "reports" {
  bucket = "reports"
}
resource "aws_ecs_task_definition" "scanner" {
  family                = "scanner"
  container_definitions = jsonencode([{ name = "scanner", environment = [{ name = "BUCKET", value = aws_s3_bucket.reports.bucket }] }])
}
resource "aws_ecs_task_definition" "cleanup" {
  family                = "cleanup"
  container_definitions = jsonencode([{ name = "cleanup" }])
}
data "template_file" "scans" {
  template = "{}"
  vars = {
    task_definition = aws_ecs_task_definition.scanner.arn
  }
}
resource "aws_sfn_state_machine" "scans" {
  name       = "scans"
  definition = data.template_file.scans.rendered
}
resource "aws_cloudwatch_event_rule" "nightly" {
  schedule_expression = "rate(1 day)"
}
resource "aws_cloudwatch_event_target" "cleanup" {
  rule = aws_cloudwatch_event_rule.nightly.name
  arn  = "arn:aws:ecs:ca-central-1:123456789012:cluster/tools"
  ecs_target {
    task_definition_arn = aws_ecs_task_definition.cleanup.arn
  }
}
`,
      },
    ]);
    const kinds = system.components.map((component) => `${component.name}:${component.kind}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        "aws_ecs_task_definition.scanner:service",
        "aws_ecs_task_definition.cleanup:service",
      ]),
    );
    expect(edges(system)).toEqual(
      expect.arrayContaining([
        "aws_sfn_state_machine.scans -> aws_ecs_task_definition.scanner [terraform/reference]",
        "aws_ecs_task_definition.scanner -> aws_s3_bucket.reports [terraform/reference]",
        "aws_cloudwatch_event_rule.nightly -> aws_ecs_task_definition.cleanup [terraform/eventbridge-target]",
      ]),
    );
  });
});

describe("mail and vector search", () => {
  it("SES receipt rules receive mail from outside and call their actions' targets", async () => {
    const system = await only([
      {
        path: "main.tf",
        text: `
resource "aws_sns_topic" "problems" {
  name = "problems"
}
resource "aws_lambda_function" "intake" {
  function_name = "intake"
}
resource "aws_s3_bucket" "raw" {
  bucket = "raw-mail"
}
resource "aws_ses_receipt_rule_set" "main" {
  rule_set_name = "main"
}
resource "aws_ses_receipt_rule" "problems" {
  name          = "problems"
  rule_set_name = aws_ses_receipt_rule_set.main.rule_set_name
  recipients    = ["problems@example.com"]
  sns_action {
    topic_arn = aws_sns_topic.problems.arn
    position  = 1
  }
  s3_action {
    bucket_name = aws_s3_bucket.raw.id
    position    = 2
  }
  lambda_action {
    function_arn = aws_lambda_function.intake.arn
    position     = 3
  }
}
`,
      },
    ]);
    expect(system.components.map((component) => `${component.name}:${component.kind}`)).toContain(
      "aws_ses_receipt_rule_set.main:gateway",
    );
    expect(system.components.map((component) => component.name)).not.toContain(
      "aws_ses_receipt_rule.problems",
    );
    expect(edges(system)).toEqual(
      expect.arrayContaining([
        "aws_ses_receipt_rule_set.main -> aws_lambda_function.intake [terraform/reference]",
        "aws_ses_receipt_rule_set.main -> aws_s3_bucket.raw [terraform/reference]",
        "aws_ses_receipt_rule_set.main -> aws_sns_topic.problems [terraform/reference]",
      ]),
    );
    expect(system.entryPoints.map((entry) => `${entry.component} (${entry.via})`)).toEqual([
      "aws_ses_receipt_rule_set.main (SES inbound mail)",
    ]);
  });

  it("a Vertex AI index is a datastore, served by the index endpoint it is deployed to", async () => {
    const system = await only([
      {
        path: "main.tf",
        text: `
resource "google_vertex_ai_index" "docs" {
  display_name = "docs"
}
resource "google_vertex_ai_index_endpoint" "docs" {
  display_name = "docs"
}
resource "google_vertex_ai_index_endpoint_deployed_index" "docs" {
  index_endpoint    = google_vertex_ai_index_endpoint.docs.id
  index             = google_vertex_ai_index.docs.id
  deployed_index_id = "docs"
}
resource "google_cloudfunctions2_function" "webhook" {
  name = "webhook"
  service_config {
    environment_variables = {
      INDEX_ID          = google_vertex_ai_index.docs.id
      INDEX_ENDPOINT_ID = google_vertex_ai_index_endpoint.docs.id
    }
  }
}
`,
      },
    ]);
    expect(system.components.map((component) => `${component.name}:${component.kind}`)).toEqual(
      expect.arrayContaining([
        "google_vertex_ai_index.docs:datastore",
        "google_vertex_ai_index_endpoint.docs:gateway",
      ]),
    );
    expect(edges(system)).toEqual(
      expect.arrayContaining([
        "google_cloudfunctions2_function.webhook -> google_vertex_ai_index.docs [terraform/reference]",
        "google_cloudfunctions2_function.webhook -> google_vertex_ai_index_endpoint.docs [terraform/reference]",
        "google_vertex_ai_index_endpoint.docs -> google_vertex_ai_index.docs [terraform/deployed-index]",
      ]),
    );
    expect(system.entryPoints).toEqual([]);
  });
});

describe("Terragrunt event sources", () => {
  it("a subscription whose topic is another configuration's output points from that topic to the subscriber", async () => {
    const files = [
      {
        path: "aws/sns/main.tf",
        text: 'resource "aws_sns_topic" "problems" {\n  name = "problems"\n}\noutput "topic_arn" {\n  value = aws_sns_topic.problems.arn\n}\n',
      },
      {
        path: "aws/sqs/main.tf",
        text: [
          'variable "topic_arn" {}',
          'resource "aws_sqs_queue" "problems" {',
          '  name = "problems"',
          "}",
          'resource "aws_sns_topic_subscription" "problems" {',
          "  topic_arn = var.topic_arn",
          '  protocol  = "sqs"',
          "  endpoint  = aws_sqs_queue.problems.arn",
          "}",
          "",
        ].join("\n"),
      },
      { path: "env/sns/terragrunt.hcl", text: 'terraform {\n  source = "../../aws//sns"\n}\n' },
      {
        path: "env/sqs/terragrunt.hcl",
        text: [
          "terraform {",
          '  source = "../../aws//sqs"',
          "}",
          'dependency "sns" {',
          '  config_path = "../sns"',
          "}",
          "inputs = {",
          "  topic_arn = dependency.sns.outputs.topic_arn",
          "}",
          "",
        ].join("\n"),
      },
    ];
    const systems = await roots(files);
    expect(edges(systems.at("aws/sns"))).toEqual([
      "aws_sns_topic.problems -> aws_sqs_queue.problems [terraform/sns-subscription]",
    ]);
    expect(resolvesTo(systems.at("aws/sns"), "aws_sqs_queue.problems")).toEqual({
      system: "terraform:aws/sqs",
      component: "aws_sqs_queue.problems",
    });
    expect(edges(systems.at("aws/sqs"))).toEqual([]);
  });

  it("an API integration whose URI is another configuration's output calls that function", async () => {
    const files = [
      {
        path: "aws/lambda/main.tf",
        text: 'resource "aws_lambda_function" "form" {\n  function_name = "form"\n}\noutput "invoke_arn" {\n  value = aws_lambda_function.form.invoke_arn\n}\n',
      },
      {
        path: "aws/api/main.tf",
        text: [
          'variable "invoke_arn" {}',
          'resource "aws_api_gateway_rest_api" "api" {',
          '  name = "api"',
          "}",
          'resource "aws_api_gateway_integration" "form" {',
          "  rest_api_id = aws_api_gateway_rest_api.api.id",
          '  type        = "AWS_PROXY"',
          "  uri         = var.invoke_arn",
          "}",
          "",
        ].join("\n"),
      },
      { path: "env/lambda/terragrunt.hcl", text: 'terraform {\n  source = "../../aws//lambda"\n}\n' },
      {
        path: "env/api/terragrunt.hcl",
        text: [
          "terraform {",
          '  source = "../../aws//api"',
          "}",
          'dependency "lambda" {',
          '  config_path = "../lambda"',
          "}",
          "inputs = {",
          "  invoke_arn = dependency.lambda.outputs.invoke_arn",
          "}",
          "",
        ].join("\n"),
      },
    ];
    const api = (await roots(files)).at("aws/api");
    expect(edges(api)).toEqual([
      "aws_api_gateway_rest_api.api -> aws_lambda_function.form [terraform/apigateway-integration]",
    ]);
    expect(resolvesTo(api, "aws_lambda_function.form")).toEqual({
      system: "terraform:aws/lambda",
      component: "aws_lambda_function.form",
    });
  });
});
