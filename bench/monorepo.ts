/**
 * Synthetic monorepos: half Kubernetes files (a Deployment and its Service, calling neighbours by URL), a fifth
 * compose projects, the rest Terraform modules of functions, queues and tables; about 3 KB a file, as real
 * infrastructure files run. The pull request adds a few services in all three formats and wires them in.
 */

/** Repository path to text. */
export type Files = Record<string, string>;

export interface Monorepo {
  /** Files in the head tree (the size the bench is labelled with). */
  size: number;
  base: Files;
  head: Files;
  /** Paths the pull request adds or changes. */
  changed: string[];
}

const K8S_PER_NAMESPACE = 25;
const TF_PER_MODULE = 10;
/** The pull request: new Kubernetes services, one new compose project and one new Terraform file. */
const ADDED_K8S = 2;

function padding(prefix: string, lines: number, indent: string): string[] {
  return Array.from(
    { length: lines },
    (_, index) =>
      `${indent}- { name: ${prefix}_SETTING_${index}, value: "setting ${index} of ${prefix.toLowerCase()}" }`,
  );
}

function kubernetesFile(namespace: string, index: number, callees: number[]): string {
  const name = `app-${index}`;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
  labels: { app: ${name}, team: ${namespace}, tier: backend }
  annotations:
    owner: "${namespace}-team@example.com"
spec:
  replicas: 3
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name}, team: ${namespace} }
    spec:
      serviceAccountName: ${name}
      containers:
        - name: ${name}
          image: registry.example.com/${namespace}/${name}:1.${index % 17}.0
          ports:
            - { name: http, containerPort: 8080 }
          env:
${callees.map((callee) => `            - { name: APP_${callee}_URL, value: "http://app-${callee}.${namespace}.svc.cluster.local:8080/v1" }`).join("\n")}
            - { name: DATABASE_PASSWORD, valueFrom: { secretKeyRef: { name: ${name}-db, key: password } } }
${padding(`APP_${index}`, 18, "            ").join("\n")}
          resources:
            requests: { cpu: 250m, memory: 256Mi }
            limits: { cpu: "1", memory: 512Mi }
          readinessProbe:
            httpGet: { path: /healthz, port: http }
            periodSeconds: 10
          livenessProbe:
            httpGet: { path: /livez, port: http }
            initialDelaySeconds: 15
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
  labels: { app: ${name} }
spec:
  selector: { app: ${name} }
  ports:
    - { name: http, port: 8080, targetPort: http }
`;
}

/** A compose project: a web entry point, an API calling a worker queue, a database and a cache. */
function composeFile(project: number, extraService: boolean): string {
  const env = (name: string) =>
    Array.from(
      { length: 8 },
      (_, index) => `      ${name}_OPTION_${index}: "option ${index} for project ${project}"`,
    );
  const extra = extraService
    ? `  search:
    image: registry.example.com/p${project}/search:2.0
    environment:
      DATABASE_URL: postgres://search:hunter2@db:5432/search
    depends_on: [db]
`
    : "";
  return `name: project-${project}
services:
  web:
    image: registry.example.com/p${project}/web:3.1
    ports: ["${8000 + (project % 1000)}:8080"]
    environment:
      API_URL: http://api:8080
${env("WEB").join("\n")}
    depends_on: [api]
  api:
    build: ./api
    environment:
      DATABASE_URL: postgres://app:s3cret@db:5432/app
      REDIS_URL: redis://cache:6379/0
      AMQP_URL: amqp://guest:guest@queue:5672/
${extraService ? "      SEARCH_URL: http://search:9200\n" : ""}${env("API").join("\n")}
    depends_on: [db, cache, queue${extraService ? ", search" : ""}]
  worker:
    build: ./worker
    environment:
      AMQP_URL: amqp://guest:guest@queue:5672/
      DATABASE_URL: postgres://app:s3cret@db:5432/app
${env("WORKER").join("\n")}
    depends_on: [queue, db]
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: s3cret
    volumes: ["db-data:/var/lib/postgresql/data"]
  cache:
    image: redis:7
  queue:
    image: rabbitmq:3-management
${extra}volumes:
  db-data: {}
`;
}

function terraformFile(module: number, index: number): string {
  const id = `m${module}_${index}`;
  return `resource "aws_dynamodb_table" "orders_${id}" {
  name         = "orders-${id}"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  tags = {
    team    = "payments"
    service = "orders-${id}"
  }
}

resource "aws_sqs_queue" "events_${id}" {
  name                       = "events-${id}"
  visibility_timeout_seconds = 60
  message_retention_seconds  = 345600
}

resource "aws_iam_role" "handler_${id}" {
  name = "handler-${id}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Action    = "sts:AssumeRole"
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })
}

resource "aws_lambda_function" "handler_${id}" {
  function_name = "handler-${id}"
  role          = aws_iam_role.handler_${id}.arn
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "build/handler-${id}.zip"
  memory_size   = 512
  timeout       = 30

  environment {
    variables = {
      TABLE_NAME = aws_dynamodb_table.orders_${id}.name
      QUEUE_URL  = aws_sqs_queue.events_${id}.url
      LOG_LEVEL  = "info"
      REGION     = "eu-west-1"
    }
  }

  tags = {
    team    = "payments"
    service = "handler-${id}"
  }
}

resource "aws_lambda_event_source_mapping" "consume_${id}" {
  event_source_arn = aws_sqs_queue.events_${id}.arn
  function_name    = aws_lambda_function.handler_${id}.arn
  batch_size       = 10
}
`;
}

/** How many files of each format a tree of `size` files holds. */
function shares(size: number): { kubernetes: number; compose: number; terraform: number } {
  const kubernetes = Math.max(1, Math.round(size / 2));
  const compose = Math.max(1, Math.round(size / 5));
  return { kubernetes, compose, terraform: Math.max(1, size - kubernetes - compose) };
}

function kubernetesPath(index: number): { path: string; namespace: string } {
  const namespace = `team-${Math.floor(index / K8S_PER_NAMESPACE)}`;
  return { path: `deploy/${namespace}/app-${index}.yaml`, namespace };
}

/** Each app calls the next two in its namespace; the last ones of a namespace call nobody new. */
function calleesOf(index: number, count: number): number[] {
  const namespaceEnd = Math.min(count, (Math.floor(index / K8S_PER_NAMESPACE) + 1) * K8S_PER_NAMESPACE);
  return [index + 1, index + 2].filter((callee) => callee < namespaceEnd);
}

function tree(counts: ReturnType<typeof shares>, pullRequest: boolean): Files {
  const files: Files = {};
  for (let index = 0; index < counts.kubernetes; index++) {
    const { path, namespace } = kubernetesPath(index);
    const callees = calleesOf(index, counts.kubernetes);
    // The pull request's first app now also calls the new services.
    if (pullRequest && index === 0)
      callees.push(...Array.from({ length: ADDED_K8S }, (_, step) => counts.kubernetes + step));
    files[path] = kubernetesFile(namespace, index, callees);
  }
  for (let project = 0; project < counts.compose; project++) {
    files[`apps/project-${project}/compose.yaml`] = composeFile(project, pullRequest && project === 0);
  }
  for (let index = 0; index < counts.terraform; index++) {
    const module = Math.floor(index / TF_PER_MODULE);
    files[`infra/module-${module}/handler-${index % TF_PER_MODULE}.tf`] = terraformFile(module, index);
  }
  if (pullRequest) {
    for (let step = 0; step < ADDED_K8S; step++) {
      const index = counts.kubernetes + step;
      const namespace = kubernetesPath(0).namespace;
      files[`deploy/${namespace}/app-${index}.yaml`] = kubernetesFile(namespace, index, []);
    }
  }
  return files;
}

/** A monorepo whose head has `size` files, and the pull request that made it from its base. */
export function monorepo(size: number): Monorepo {
  const headCounts = shares(size);
  // The pull request adds ADDED_K8S Kubernetes files; the base has that many fewer.
  const baseCounts = { ...headCounts, kubernetes: Math.max(1, headCounts.kubernetes - ADDED_K8S) };
  const base = tree(baseCounts, false);
  const head = tree(baseCounts, true);
  const changed = Object.keys(head).filter((path) => base[path] !== head[path]);
  return { size: Object.keys(head).length, base, head, changed };
}

/** A later push on the same pull request: one more file changes. */
export function secondPush(repo: Monorepo): Files {
  const [first] = Object.keys(repo.head).filter((path) => path.endsWith(".tf"));
  if (first === undefined) return repo.head;
  return { ...repo.head, [first]: repo.head[first]!.replace('LOG_LEVEL  = "info"', 'LOG_LEVEL  = "debug"') };
}
