import { describe, expect, it } from "vitest";
import { decideVerdict } from "../../../src/analysis/verdict/decide.js";
import type { TriggerEvidence } from "../../../src/analysis/verdict/types.js";
import type { Trigger } from "../../../src/analysis/declarations.js";
import { analyzeChange } from "../../../src/engine.js";
import type { InputFile } from "../../../src/formats/types.js";

type Files = Record<string, string>;

function inputs(files: Files): InputFile[] {
  return Object.entries(files).map(([path, text]) => ({ path, text }));
}

async function evidenceOf(
  trigger: Trigger,
  base: Files,
  head: Files,
  codeowners?: string,
): Promise<TriggerEvidence> {
  const report = await analyzeChange(inputs(base), inputs(head));
  const facts =
    codeowners === undefined ? {} : { codeowners: { path: ".github/CODEOWNERS", text: codeowners } };
  const verdict = decideVerdict(report, facts);
  const found = verdict.systems
    .flatMap((system) => system.triggers)
    .find((evidence) => evidence.trigger === trigger);
  if (!found) throw new Error(`no ${trigger} evidence: ${verdict.line}`);
  return found;
}

// --- compose -------------------------------------------------------------------------------------------------

const composeBase = {
  "compose.yaml": `services:
  api:
    build: ./api
    ports: ["8080:8080"]
`,
};

function composeHead(extra: string): Files {
  return {
    "compose.yaml": `services:
  api:
    build: ./api
    ports: ["8080:8080"]
    environment:
      CACHE_URL: redis://cache:6379
      WORKER_URL: http://worker:9000
${extra}`,
  };
}

describe("compose", () => {
  it("working set: a cache sized past one machine is met, with the line of its sizes", async () => {
    const head = composeHead(`  cache:
    image: redis:7
    deploy:
      replicas: 3
      resources:
        limits:
          memory: 512G
  worker:
    image: example/worker
`);
    const evidence = await evidenceOf("working-set", composeBase, head);
    expect(evidence.status).toBe("met");
    expect(evidence.covers).toEqual(["cache"]);
    expect(evidence.facts[0]).toMatchObject({
      component: "cache",
      file: "compose.yaml",
      line: 12,
      detail: "memory 512 GiB x 3",
    });
  });

  it("working set: a small cache is not met, an unsized one unknown", async () => {
    const sized = composeHead(`  cache:
    image: redis:7
    mem_limit: 2g
  worker:
    image: example/worker
`);
    expect((await evidenceOf("working-set", composeBase, sized)).status).toBe("not-met");
    const unsized = composeHead(`  cache:
    image: redis:7
  worker:
    image: example/worker
`);
    const evidence = await evidenceOf("working-set", composeBase, unsized);
    expect(evidence.status).toBe("unknown");
    expect(evidence.summary).toContain("no declared size for `cache`");
  });

  it("compute: a GPU reservation is met; CPUs within one machine are not; no request is unknown", async () => {
    const gpu = composeHead(`  cache:
    image: redis:7
  worker:
    image: example/worker
    deploy:
      resources:
        reservations:
          devices:
            - capabilities: [gpu]
              count: 2
`);
    const met = await evidenceOf("compute", composeBase, gpu);
    expect(met.status).toBe("met");
    expect(met.covers).toEqual(["worker"]);
    const small = composeHead(`  cache:
    image: redis:7
  worker:
    image: example/worker
    cpus: 4
`);
    expect((await evidenceOf("compute", composeBase, small)).status).toBe("not-met");
    const bare = composeHead(`  cache:
    image: redis:7
  worker:
    image: example/worker
`);
    expect((await evidenceOf("compute", composeBase, bare)).status).toBe("unknown");
  });

  it("geography: no region in compose files is unknown; names that say regions are only a hint", async () => {
    const head = {
      "compose.yaml": `services:
  api:
    build: ./api
    ports: ["8080:8080"]
    environment:
      EU: http://orders-eu:80
      US: http://orders-us:80
  orders-eu:
    image: example/orders
  orders-us:
    image: example/orders
`,
    };
    const evidence = await evidenceOf("geography", composeBase, head);
    expect(evidence.status).toBe("unknown");
    expect(evidence.facts.map((fact) => [fact.component, fact.strength])).toEqual([
      ["orders-eu", "weak"],
      ["orders-us", "weak"],
    ]);
  });

  it("independent deploys: CODEOWNERS owning the build contexts apart is met; the same owners are not; none is unknown", async () => {
    const head = composeHead(`  cache:
    image: redis:7
  worker:
    build: ./worker
`);
    const apart =
      "* @acme/platform\n/compose.yaml @acme/storefront\n/api/ @acme/storefront\n/worker/ @acme/fulfilment\n";
    const met = await evidenceOf("independent-deploys", composeBase, head, apart);
    expect(met.status).toBe("met");
    expect(met.covers).toEqual(["worker"]);
    expect(met.facts.find((fact) => fact.component === "worker")).toMatchObject({
      file: ".github/CODEOWNERS",
      line: 4,
    });
    const shared = "* @acme/platform\n";
    expect((await evidenceOf("independent-deploys", composeBase, head, shared)).status).toBe("not-met");
    const none = await evidenceOf("independent-deploys", composeBase, head);
    expect(none.status).toBe("unknown");
    expect(none.facts.map((fact) => [fact.component, fact.detail, fact.strength])).toEqual([
      ["worker", "built from its own context worker", "weak"],
    ]);
  });
});

// --- Kubernetes ----------------------------------------------------------------------------------------------

const kubeBase = {
  "k8s/api.yaml": `apiVersion: apps/v1
kind: Deployment
metadata: { name: api }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      containers:
        - name: api
          image: example/api:1
          env:
            - { name: INFERENCE_URL, value: "http://inference:8080" }
---
apiVersion: v1
kind: Service
metadata: { name: api }
spec:
  type: LoadBalancer
  selector: { app: api }
  ports: [{ port: 80 }]
`,
};

function inference(resources: string, extra = ""): Files {
  return {
    ...kubeBase,
    "k8s/inference.yaml": `apiVersion: apps/v1
kind: Deployment
metadata: { name: inference }
spec:
  replicas: 4
  selector: { matchLabels: { app: inference } }
  template:
    metadata: { labels: { app: inference } }
    spec:
${extra}      containers:
        - name: inference
          image: example/inference:1
${resources}---
apiVersion: v1
kind: Service
metadata: { name: inference }
spec:
  selector: { app: inference }
  ports: [{ port: 8080 }]
`,
  };
}

describe("kubernetes", () => {
  it("compute: a GPU limit is met at the line of the resources", async () => {
    const head = inference(`          resources:
            limits: { nvidia.com/gpu: 1, cpu: "8" }
`);
    const evidence = await evidenceOf("compute", kubeBase, head);
    expect(evidence.status).toBe("met");
    expect(evidence.facts[0]).toMatchObject({
      file: "k8s/inference.yaml",
      line: 13,
      detail: "8 vCPU, 1 GPU x 4",
    });
  });

  it("compute: CPU times replicas within one machine is not met; no request is unknown", async () => {
    const small = inference(`          resources:
            requests: { cpu: "2" }
`);
    const notMet = await evidenceOf("compute", kubeBase, small);
    expect(notMet.status).toBe("not-met");
    expect(notMet.summary).toBe("8 vCPU, within one machine's 192");
    expect((await evidenceOf("compute", kubeBase, inference(""))).status).toBe("unknown");
  });

  it("compute: CPU past one machine is met", async () => {
    const big = inference(`          resources:
            requests: { cpu: "64" }
`);
    expect((await evidenceOf("compute", kubeBase, big)).summary).toBe(
      "256 vCPU: more than one machine's 192",
    );
  });

  it("geography: pods pinned to a region the system did not use are met; no region is unknown", async () => {
    const base = { ...kubeBase };
    const pinned = inference(
      "",
      `      nodeSelector:
        topology.kubernetes.io/region: eu-central-1
`,
    );
    const withRegion = {
      ...pinned,
      "k8s/api.yaml": kubeBase["k8s/api.yaml"].replace(
        "    spec:\n      containers:",
        "    spec:\n      nodeSelector: { topology.kubernetes.io/region: us-east-1 }\n      containers:",
      ),
    };
    const met = await evidenceOf(
      "geography",
      { ...base, "k8s/api.yaml": withRegion["k8s/api.yaml"] },
      withRegion,
    );
    expect(met.status).toBe("met");
    expect(met.summary).toBe("eu-central-1 beside us-east-1");
    expect(met.facts[0]).toMatchObject({ component: "inference", file: "k8s/inference.yaml", line: 11 });
    expect((await evidenceOf("geography", kubeBase, inference(""))).status).toBe("unknown");
  });

  it("working set: a StatefulSet's claims times replicas past the storage ceiling is met", async () => {
    const head = {
      ...kubeBase,
      "k8s/db.yaml": `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db }
spec:
  replicas: 5
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec:
      containers:
        - { name: db, image: "cassandra:5" }
  volumeClaimTemplates:
    - metadata: { name: data }
      spec: { resources: { requests: { storage: 16Ti } } }
`,
    };
    const evidence = await evidenceOf("working-set", kubeBase, head);
    expect(evidence.status).toBe("met");
    expect(evidence.summary).toContain("80 TiB of storage");
  });
});

// --- Terraform -----------------------------------------------------------------------------------------------

const tfBase = {
  "main.tf": `provider "aws" {
  region = "us-east-1"
}

resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"
}
`,
};

describe("terraform", () => {
  it("geography: a resource on a provider alias in a second region is met, cited at the alias's region", async () => {
    const head = {
      "main.tf": `${tfBase["main.tf"]}
provider "aws" {
  alias  = "eu"
  region = "eu-central-1"
}

resource "aws_dynamodb_table" "orders_eu" {
  provider = aws.eu
  name     = "orders-eu"
  hash_key = "id"
}
`,
    };
    const evidence = await evidenceOf("geography", tfBase, head);
    expect(evidence.status).toBe("met");
    expect(evidence.summary).toBe("eu-central-1 beside us-east-1");
    expect(evidence.facts[0]).toMatchObject({ file: "main.tf", line: 12 });
  });

  it("geography: an addition in the only region is not met; no provider region is unknown", async () => {
    const head = {
      "main.tf": `${tfBase["main.tf"]}
resource "aws_dynamodb_table" "carts" {
  name     = "carts"
  hash_key = "id"
}
`,
    };
    const notMet = await evidenceOf("geography", tfBase, head);
    expect(notMet.status).toBe("not-met");
    expect(notMet.summary).toBe("one region: us-east-1");
    const noRegion = (files: Files) => ({
      "main.tf": files["main.tf"]!.replace(/provider "aws" \{\n {2}region = "us-east-1"\n\}\n/, ""),
    });
    expect((await evidenceOf("geography", noRegion(tfBase), noRegion(head))).status).toBe("unknown");
  });

  it("working set: cache nodes whose memory passes the ceiling are met, a small instance is not", async () => {
    const cache = (nodeType: string) => ({
      "main.tf": `${tfBase["main.tf"]}
resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id = "sessions"
  description          = "sessions"
  engine               = "redis"
  node_type            = "${nodeType}"
  num_cache_clusters   = 3
}
`,
    });
    const met = await evidenceOf("working-set", tfBase, cache("cache.r7g.16xlarge"));
    expect(met.status).toBe("met");
    expect(met.facts[0]).toMatchObject({ file: "main.tf", line: 14, detail: "memory 512 GiB x 3" });
    expect((await evidenceOf("working-set", tfBase, cache("cache.t3.small"))).status).toBe("not-met");
  });

  it("compute: an instance type from the vCPU table, times its count", async () => {
    const head = {
      "main.tf": `${tfBase["main.tf"]}
resource "aws_instance" "render" {
  count         = 8
  ami           = "ami-123"
  instance_type = "c7i.48xlarge"
}
`,
    };
    const evidence = await evidenceOf("compute", tfBase, head);
    expect(evidence.status).toBe("met");
    expect(evidence.summary).toBe("1536 vCPU: more than one machine's 192");
  });
});
