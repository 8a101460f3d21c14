/**
 * What strangers send in a pull request, built by code so no large file is stored: each case is a small tree of
 * files and the warnings it must raise (id, file and, where the file has one to show, line). Secrets planted in
 * any case are listed in `PLANTED_SECRETS`, so every output can be searched for all of them.
 */
import { aliasBomb } from "../helpers/hostile-files.js";

/** A file's content, or a special entry the directory reader meets. */
export type Entry = string | Uint8Array | { symlink: string } | { fifo: true };

/** `id` and `file` are patterns (`a|b` for either). */
export interface ExpectedWarning {
  id: string;
  file: string;
  line?: number;
}

export interface HostileCase {
  name: string;
  files: () => Record<string, Entry>;
  warnings: ExpectedWarning[];
  /** Large cases run in a child process of their own, so their memory is measured alone. */
  large?: boolean;
}

const DEPTH = 10_000;
const MIB = 1024 * 1024;

export const PLANTED_SECRETS = [
  "hunter2pw",
  "qs-s3cr3t",
  "AKIAZZZZZZZZZZZZZZZZ",
  "ghp_0123456789abcdefghijABCDEFGHIJ012345",
  "MIIEsecretkeybody",
  "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJob3N0aWxlIn0.c2lnbmF0dXJlc2VjcmV0",
  "slackWebhookSecret0123",
  "imgpassw0rd",
  "tfdefault-s3cr3t",
  "stringdata-s3cr3t",
  "innocuous-s3cr3t",
];

/** Names made to break out of Markdown, HTML or Mermaid, or to notify people and link issues. */
export const HOSTILE_NAMES = [
  "</details>",
  "<img src=x onerror=alert(1)>",
  "a-->b",
  "x]]y",
  "%%{init: {'theme':'dark'}}%%",
  "click web call alert()",
  "@octocat",
  "@everyone",
  "#123",
  "[link](https://evil.example)",
];

/** `services:` with one service per line given, each publishing a port. */
function compose(...services: string[][]): string {
  return ["services:", ...services.flat(), ""].join("\n");
}

function service(name: string, ...body: string[]): string[] {
  return [`  ${JSON.stringify(name)}:`, "    image: nginx", ...body.map((line) => `    ${line}`)];
}

const WEB = compose(service("web", "ports: ['80:80']"));

/** Services that each depend on every other one, spread over included files of 100 services. */
export function denseMesh(count: number): Record<string, string> {
  const files: Record<string, string> = {};
  const names = Array.from({ length: count }, (_, index) => `s${index}`);
  const includes: string[] = [];
  for (let part = 0; part * 100 < count; part++) {
    const lines = ["services:"];
    for (const name of names.slice(part * 100, part * 100 + 100)) {
      lines.push(`  ${name}:`, "    image: acme/app", "    ports: ['80']", "    depends_on:");
      for (const other of names) if (other !== name) lines.push(`      - ${other}`);
    }
    files[`mesh/part${part}/compose.yaml`] = `${lines.join("\n")}\n`;
    includes.push(`  - part${part}/compose.yaml`);
  }
  files["mesh/compose.yaml"] = ["include:", ...includes, ""].join("\n");
  return files;
}

function kubernetesList(count: number): string {
  const lines = ["apiVersion: v1", "kind: List", "items:"];
  for (let index = 0; index < count; index++) {
    const kind = index % 2 === 0 ? "Service" : "ConfigMap";
    lines.push(`  - {apiVersion: v1, kind: ${kind}, metadata: {name: o${index}}}`);
  }
  return `${lines.join("\n")}\n`;
}

function jsonServiceList(count: number): string {
  const items = Array.from({ length: count }, (_, index) => ({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: `svc${index}` },
    spec: { selector: { app: `a${index}` }, ports: [{ port: 80 }] },
  }));
  return JSON.stringify({ apiVersion: "v1", kind: "List", items }, null, 1);
}

function deepJson(prefix: string): string {
  return `${prefix}${'{"a":'.repeat(DEPTH)}1${"}".repeat(DEPTH)}}\n`;
}

/** About `bytes` of text: `line` repeated. */
function sized(bytes: number, line: string): string {
  return line.repeat(Math.ceil(bytes / line.length));
}

function utf16WithBom(text: string): Uint8Array {
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes.set([0xff, 0xfe]);
  for (let index = 0; index < text.length; index++) {
    bytes[2 + index * 2] = text.charCodeAt(index) & 0xff;
    bytes[3 + index * 2] = text.charCodeAt(index) >> 8;
  }
  return bytes;
}

const SECRETS_COMPOSE = compose(
  service(
    "api",
    "ports: ['8080:8080']",
    "environment:",
    "  DATABASE_URL: postgres://app:hunter2pw@db:5432/shop",
    "  SEARCH_URL: http://search:9200/?password=qs-s3cr3t",
    "  AWS_KEY_ID: AKIAZZZZZZZZZZZZZZZZ",
    "  GH: ghp_0123456789abcdefghijABCDEFGHIJ012345",
    '  TLS: "-----BEGIN PRIVATE KEY-----\\nMIIEsecretkeybody\\n-----END PRIVATE KEY-----"',
    "  SESSION: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJob3N0aWxlIn0.c2lnbmF0dXJlc2VjcmV0",
    "  ALERTS: https://hooks.slack.com/services/T0000AAAA/B0000BBBB/slackWebhookSecret0123",
    "  COLOR: innocuous-s3cr3t",
  ),
  [
    "  db:",
    "    image: registry.example.com/deploy:imgpassw0rd@postgres",
    "    command: ['postgres', '--password=hunter2pw']",
  ],
  ["  search:", "    image: elasticsearch:8"],
);

const SECRETS_TERRAFORM = [
  'variable "db_password" {',
  '  default = "tfdefault-s3cr3t"',
  "}",
  'resource "aws_lambda_function" "api" {',
  '  function_name = "api"',
  "  environment {",
  "    variables = {",
  '      DB  = "postgres://app:hunter2pw@db.example.com/shop"',
  '      KEY = "AKIAZZZZZZZZZZZZZZZZ"',
  "    }",
  "  }",
  "}",
  "",
].join("\n");

const SECRETS_KUBERNETES = [
  "apiVersion: v1",
  "kind: Secret",
  "metadata: {name: creds}",
  "stringData:",
  "  password: stringdata-s3cr3t",
  "---",
  "apiVersion: apps/v1",
  "kind: Deployment",
  "metadata: {name: api}",
  "spec:",
  "  template:",
  "    spec:",
  "      containers:",
  "        - name: api",
  "          image: acme/api",
  "          env:",
  "            - {name: DATABASE_URL, value: 'postgres://app:hunter2pw@db/shop'}",
  "            - {name: NOTE, value: innocuous-s3cr3t}",
  "            - {name: HOOK, value: 'https://hooks.slack.com/services/T1/B2/slackWebhookSecret0123'}",
  "",
].join("\n");

export const CASES: HostileCase[] = [
  {
    name: "alias bomb in compose",
    files: () => ({ "docker-compose.yml": aliasBomb() }),
    warnings: [{ id: "yaml/too-large", file: "docker-compose.yml", line: 1 }],
  },
  {
    name: "alias bomb in Kubernetes",
    files: () => ({
      "k8s/bomb.yaml": `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n${aliasBomb()}`,
    }),
    warnings: [{ id: "yaml/too-large", file: "k8s/bomb.yaml", line: 1 }],
  },
  {
    name: "10,000-deep YAML block nesting",
    // `- - - x` opens one block sequence per dash on a single line.
    files: () => ({
      "compose.yaml": `services:\n  web:\n    image: nginx\n    x:\n      ${"- ".repeat(DEPTH)}x\n`,
    }),
    warnings: [{ id: "yaml/invalid", file: "compose.yaml", line: 5 }],
  },
  {
    name: "10,000-deep YAML flow nesting",
    files: () => ({
      "k8s/deep.yaml": `apiVersion: v1\nkind: List\nitems: ${"[".repeat(DEPTH)}${"]".repeat(DEPTH)}\n`,
    }),
    warnings: [{ id: "yaml/invalid", file: "k8s/deep.yaml", line: 3 }],
  },
  {
    name: "10,000-deep JSON manifest",
    files: () => ({ "k8s/deep.json": deepJson('{"apiVersion": "v1", "kind": "ConfigMap",\n"data": ') }),
    warnings: [{ id: "kubernetes/too-deep", file: "k8s/deep.json", line: 2 }],
  },
  {
    name: "10,000-deep .tf.json",
    files: () => ({ "infra/main.tf.json": deepJson('{"locals": \n') }),
    warnings: [{ id: "terraform/too-deep", file: "infra/main.tf.json", line: 2 }],
  },
  {
    name: "10,000-deep HCL brackets",
    files: () => ({ "infra/main.tf": `locals {\n  x = ${"[".repeat(DEPTH)}${"]".repeat(DEPTH)}\n}\n` }),
    warnings: [{ id: "terraform/too-deep", file: "infra/main.tf", line: 2 }],
  },
  {
    name: "50 MB YAML",
    large: true,
    files: () => ({ "k8s/huge.yaml": sized(50 * MIB, "# padding padding padding padding padding\n") }),
    warnings: [{ id: "input/too-large", file: "k8s/huge.yaml", line: 1 }],
  },
  {
    name: "50 MB .tf",
    large: true,
    files: () => ({ "infra/huge.tf": sized(50 * MIB, "# padding padding padding padding padding\n") }),
    warnings: [{ id: "input/too-large", file: "infra/huge.tf", line: 1 }],
  },
  {
    name: "invalid UTF-8",
    files: () => ({
      "compose.yaml": Uint8Array.from([
        ...Buffer.from("services:\n  web:\n    image: ngi"),
        0xc3,
        0x28,
        0x0a,
      ]),
    }),
    warnings: [{ id: "input/binary", file: "compose.yaml", line: 3 }],
  },
  {
    name: "UTF-16 with a BOM",
    files: () => ({ "compose.yaml": utf16WithBom(WEB) }),
    warnings: [],
  },
  {
    name: "binary file named .yml",
    files: () => ({
      "docker-compose.yml": Uint8Array.from({ length: 4096 }, (_, index) => (index * 7) % 256),
    }),
    warnings: [{ id: "input/binary", file: "docker-compose.yml", line: 1 }],
  },
  {
    name: "NUL bytes in text",
    files: () => ({ "compose.yaml": `services:\n  web:\n    image: nginx\u0000\n` }),
    warnings: [{ id: "input/binary", file: "compose.yaml", line: 3 }],
  },
  {
    name: "duplicate keys",
    files: () => ({
      "compose.yaml": compose(service("web", "ports: ['80:80']"), service("web", "ports: ['81:81']")),
    }),
    warnings: [{ id: "yaml/duplicate-key", file: "compose.yaml", line: 5 }],
  },
  {
    name: "tabs for indentation",
    files: () => ({ "compose.yaml": "services:\n\tweb:\n\t\timage: nginx\n" }),
    warnings: [{ id: "yaml/invalid", file: "compose.yaml", line: 2 }],
  },
  {
    name: "10,000 compose services",
    large: true,
    files: () => ({
      "compose.yaml": compose(
        ...Array.from({ length: 10_000 }, (_, index) =>
          service(`s${index}`, `ports: ['${index % 60_000}']`, `depends_on: [s${(index + 1) % 10_000}]`),
        ),
      ),
    }),
    warnings: [{ id: "analysis/too-large", file: "compose.yaml", line: 2 }],
  },
  {
    name: "2,000 services that all name each other",
    large: true,
    files: () => denseMesh(2000),
    // Whichever bound a machine meets first: the calls cap (in a part) or the time budget (named where the project
    // stopped: a part, or the root file that includes them).
    warnings: [{ id: "compose/too-dense|compose/deadline", file: "mesh/(part\\d+/)?compose.yaml" }],
  },
  {
    name: "Kubernetes List of 50,000 objects",
    large: true,
    files: () => ({ "k8s/list.yaml": kubernetesList(50_000) }),
    warnings: [],
  },
  {
    name: "Kubernetes JSON List of 25,000 Services",
    large: true,
    files: () => ({ "k8s/list.json": jsonServiceList(25_000) }),
    warnings: [],
  },
  {
    name: "invalid HCL",
    files: () => ({ "infra/main.tf": 'resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n\nresource {{{\n' }),
    warnings: [{ id: "terraform/invalid-hcl", file: "infra/main.tf", line: 5 }],
  },
  {
    name: "unterminated heredoc",
    files: () => ({ "infra/main.tf": "locals {\n  x = <<EOT\nno end\n" }),
    warnings: [{ id: "terraform/invalid-hcl", file: "infra/main.tf", line: 3 }],
  },
  {
    name: "circular Terraform modules",
    files: () => ({
      "infra/main.tf": 'module "a" {\n  source = "./modules/a"\n}\n',
      "infra/modules/a/main.tf": 'module "b" {\n  source = "../b"\n}\n',
      "infra/modules/b/main.tf": 'module "a" {\n  source = "../a"\n}\n',
    }),
    warnings: [{ id: "terraform/module-cycle", file: "infra/modules/b/main.tf", line: 1 }],
  },
  {
    name: "module sources outside the repository and at themselves",
    files: () => ({
      "infra/main.tf":
        'module "up" {\n  source = "../../../../etc"\n}\nmodule "self" {\n  source = "./"\n}\n',
    }),
    warnings: [
      { id: "terraform/outside-repository", file: "infra/main.tf", line: 2 },
      { id: "terraform/module-cycle", file: "infra/main.tf", line: 4 },
    ],
  },
  {
    name: "Kustomize bases outside the repository and at themselves",
    files: () => ({
      "k8s/kustomization.yaml": "resources:\n  - ../../../../etc\n  - .\n  - deploy.yaml\n",
      "k8s/deploy.yaml": "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {type: LoadBalancer}\n",
    }),
    warnings: [
      { id: "kubernetes/kustomize-missing-resource", file: "k8s/kustomization.yaml", line: 2 },
      { id: "kubernetes/kustomize-cycle", file: "k8s/kustomization.yaml", line: 3 },
    ],
  },
  {
    name: "symlinks out of the tree",
    files: () => ({ "compose.yaml": { symlink: "/etc/passwd" }, "k8s/x.yaml": { symlink: "../../../.." } }),
    warnings: [{ id: "input/symlink-outside", file: "compose.yaml", line: 1 }],
  },
  {
    name: "FIFO named compose.yaml",
    files: () => ({ "compose.yaml": { fifo: true } }),
    warnings: [{ id: "input/not-a-file", file: "compose.yaml", line: 1 }],
  },
  {
    name: "extends cycle",
    files: () => ({
      "compose.yaml": compose(
        ["  a:", "    extends: b"],
        ["  b:", "    extends: a"],
        service("web", "ports: ['80']"),
      ),
    }),
    warnings: [{ id: "compose/extends-cycle", file: "compose.yaml", line: 5 }],
  },
  {
    name: "compose file that includes itself",
    files: () => ({ "compose.yaml": `include:\n  - compose.yaml\n${WEB}` }),
    warnings: [{ id: "compose/include-cycle", file: "compose.yaml", line: 2 }],
  },
  {
    name: "include, env_file and extends.file outside the tree",
    files: () => ({
      "app/compose.yaml": [
        "include:",
        "  - ../../outside/compose.yaml",
        "services:",
        "  web:",
        "    image: nginx",
        "    env_file: /etc/passwd",
        "  worker:",
        "    extends: {file: ../../x/compose.yaml, service: base}",
        "",
      ].join("\n"),
    }),
    warnings: [
      { id: "compose/outside-repository", file: "app/compose.yaml", line: 2 },
      { id: "compose/outside-repository", file: "app/compose.yaml", line: 6 },
      { id: "compose/outside-repository", file: "app/compose.yaml", line: 8 },
    ],
  },
  {
    name: "Markdown, HTML and Mermaid metacharacters, mentions and references in names",
    files: () => ({
      "compose.yaml": compose(
        service("web", "ports: ['80:80']", `depends_on: ${JSON.stringify(HOSTILE_NAMES)}`),
        ...HOSTILE_NAMES.map((name) => service(name)),
      ),
      "%%{init: {'theme':'dark'}}%%/compose.yaml": WEB,
      "@everyone/compose.yaml": WEB,
    }),
    warnings: [],
  },
  {
    name: "secrets in every shape",
    files: () => ({
      "compose.yaml": SECRETS_COMPOSE,
      "infra/main.tf": SECRETS_TERRAFORM,
      "k8s/app.yaml": SECRETS_KUBERNETES,
      ".env": "PGPASSWORD=hunter2pw\nNOTE=innocuous-s3cr3t\n",
    }),
    warnings: [],
  },
];
