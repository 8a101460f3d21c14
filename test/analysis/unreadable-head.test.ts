import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UNREAD_CONTENT_IDS } from "../../src/extraction/stand-ins.js";
import { analyzeChange, buildGraphs } from "../../src/engine.js";
import type { ChangeReport } from "../../src/analysis/types.js";
import type { InputFile } from "../../src/formats/types.js";
import { unreadPaths } from "../../src/files/unread.js";
import { aliasBomb, DEEP_YAML, STAND_IN_MESSAGE, WEB_DB_COMPOSE } from "../helpers/hostile-files.js";

/** A head file that could not be read has its base version stand in; it never reads as deleted. */

const LB_BLOCK = ['resource "aws_lb" "front" {', "  internal = false", "}", ""];
const DB_BLOCK = ['resource "aws_db_instance" "db" {', '  engine = "postgres"', "}", ""];

const TERRAFORM = [...LB_BLOCK, ...DB_BLOCK].join("\n");

/** A stray line 5 before the second block: the parser recovers the first block and loses the database. */
const TERRAFORM_BROKEN = [...LB_BLOCK, "}}} not hcl {", "", ...DB_BLOCK].join("\n");

const MANIFEST = [
  "apiVersion: apps/v1",
  "kind: Deployment",
  "metadata:",
  "  name: web",
  "spec:",
  "  template:",
  "    spec:",
  "      containers:",
  "        - name: web",
  "          image: nginx",
  "---",
  "apiVersion: v1",
  "kind: Service",
  "metadata:",
  "  name: web",
  "spec:",
  "  type: LoadBalancer",
  "  ports: [{port: 80}]",
  "",
].join("\n");

const MANIFEST_JSON = JSON.stringify({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "worker" },
  spec: { template: { spec: { containers: [{ name: "worker", image: "busybox" }] } } },
});

function files(tree: Record<string, string>): InputFile[] {
  return Object.entries(tree).map(([path, text]) => ({ path, text }));
}

function componentNames(report: ChangeReport, system: string): string[] | undefined {
  return report.systems
    .find((entry) => entry.system === system)
    ?.head?.components.map((c) => c.name)
    .sort();
}

function idsFor(report: ChangeReport, file: string): string[] {
  return report.warnings.filter((warning) => warning.file === file).map((warning) => warning.id);
}

/** The report of a change whose only difference is a head file that could not be read. */
function expectNoChange(report: ChangeReport): void {
  expect(report.headline).toBe("No architectural change");
  expect(report.changed).toBe(false);
  expect(report.systems.map((system) => system.status)).toEqual(report.systems.map(() => "unchanged"));
  for (const system of report.systems) {
    expect(system.delta.removedComponents).toEqual([]);
    expect(system.delta.removedEdges).toEqual([]);
  }
}

/** The compose file at the repository root, and what it defines when it stands in. */
const COMPOSE_AT_ROOT = {
  path: "docker-compose.yml",
  base: WEB_DB_COMPOSE,
  system: "compose:.",
  components: ["db", "web"],
};

/** Each replaces, at head, a file that defines components at base with content its format cannot read. */
const REPLACEMENTS = [
  {
    kind: "an alias bomb in a compose file",
    ...COMPOSE_AT_ROOT,
    head: aliasBomb(),
    ids: ["yaml/too-large", "engine/head-unreadable"],
  },
  {
    kind: "YAML nested 100,000 levels deep in a compose file",
    ...COMPOSE_AT_ROOT,
    head: DEEP_YAML,
    ids: ["yaml/invalid", "engine/head-unreadable"],
  },
  {
    kind: "a broken Kubernetes YAML manifest",
    path: "k8s/app.yaml",
    base: MANIFEST,
    head: MANIFEST.replace("kind: Service", "kind: Service\n  bad: ["),
    system: "kubernetes:k8s",
    components: ["web", "web.default"],
    ids: ["yaml/invalid", "engine/head-unreadable"],
  },
];

describe("a head file replaced by content that cannot be read", () => {
  it.each(REPLACEMENTS)("$kind", async ({ path, base, head, system, components, ids }) => {
    const report = await analyzeChange(files({ [path]: base }), files({ [path]: head }));

    expectNoChange(report);
    expect(componentNames(report, system)).toEqual(components);
    expect(idsFor(report, path)).toEqual(ids);
  });

  it("invalid YAML in a compose file: base services stand in, the YAML error keeps its line", async () => {
    const base = files({ "docker-compose.yml": WEB_DB_COMPOSE });
    const head = files({ "docker-compose.yml": "services:\n  web: [\n" });
    const report = await analyzeChange(base, head);

    expectNoChange(report);
    expect(componentNames(report, "compose:.")).toEqual(["db", "web"]);
    expect(report.warnings).toEqual([
      {
        id: "yaml/invalid",
        file: "docker-compose.yml",
        line: 3,
        message: "invalid YAML: deficient indentation",
      },
      { id: "engine/head-unreadable", file: "docker-compose.yml", message: STAND_IN_MESSAGE },
    ]);
    // Same report as no change at all: the app does not start or rewrite a comment for it.
    const untouched = await analyzeChange(base, base);
    expect(report.fingerprint).toBe(untouched.fingerprint);
  });

  it("a binary file the reader rejected: the engine learns the path through headUnread", async () => {
    const readerWarnings = [
      { id: "input/binary", file: "docker-compose.yml", message: "binary file; skipped" },
      { id: "input/too-many-files", file: "", message: "more than 5000 files to read; 1 skipped" },
    ];
    expect(unreadPaths(readerWarnings)).toEqual(["docker-compose.yml"]);
    const base = files({
      "docker-compose.yml": WEB_DB_COMPOSE,
      "other/compose.yaml": "services:\n  api:\n    image: a\n",
    });
    const head = files({ "other/compose.yaml": "services:\n  api:\n    image: a\n" });

    const report = await analyzeChange(base, head, {}, { headUnread: unreadPaths(readerWarnings) });

    expectNoChange(report);
    expect(componentNames(report, "compose:.")).toEqual(["db", "web"]);
    // The reader's own warning is the caller's to show; the engine adds the stand-in.
    expect(report.warnings).toEqual([
      { id: "engine/head-unreadable", file: "docker-compose.yml", message: STAND_IN_MESSAGE },
    ]);
    // Without the path the file is simply gone: that is what the stand-in prevents.
    const blind = await analyzeChange(base, head);
    expect(blind.headline).toBe("-2 components, -1 entry point");
  });

  it("a file over the size limit rejected by the reader", async () => {
    const report = await analyzeChange(
      files({ "deploy/compose.yaml": WEB_DB_COMPOSE }),
      [],
      {},
      {
        headUnread: unreadPaths([{ id: "input/too-large", file: "deploy/compose.yaml", message: "too big" }]),
      },
    );

    expectNoChange(report);
    expect(componentNames(report, "compose:deploy")).toEqual(["db", "web"]);
  });

  it("invalid HCL that loses a block in a .tf file", async () => {
    // The broken head read alone has lost the database: the case the stand-in is for.
    const alone = await buildGraphs(files({ "infra/main.tf": TERRAFORM_BROKEN }));
    expect(alone.systems[0]?.components.map((c) => c.name)).not.toContain("aws_db_instance.db");

    const report = await analyzeChange(
      files({ "infra/main.tf": TERRAFORM }),
      files({ "infra/main.tf": TERRAFORM_BROKEN }),
    );

    expectNoChange(report);
    expect(componentNames(report, "terraform:infra")).toEqual(["aws_db_instance.db", "aws_lb.front"]);
    // The parser's own warning keeps its line; its wording is the Terraform format's.
    expect(report.warnings.map(({ id, file, line }) => ({ id, file, line }))).toEqual([
      { id: "terraform/invalid-hcl", file: "infra/main.tf", line: 5 },
      { id: "engine/head-unreadable", file: "infra/main.tf", line: undefined },
    ]);
    expect(report.warnings[1]?.message).toBe(STAND_IN_MESSAGE);
  });

  it("a broken Kubernetes JSON manifest", async () => {
    const base = files({ "k8s/app.yaml": MANIFEST, "k8s/worker.json": MANIFEST_JSON });
    const head = files({ "k8s/app.yaml": MANIFEST, "k8s/worker.json": MANIFEST_JSON.slice(0, -2) });
    const report = await analyzeChange(base, head);

    expectNoChange(report);
    expect(componentNames(report, "kubernetes:k8s")).toContain("worker");
    expect(idsFor(report, "k8s/worker.json")).toEqual(["kubernetes/invalid-json", "engine/head-unreadable"]);
  });

  it("keeps the other changes of the pull request", async () => {
    const base = files({ "a/compose.yaml": WEB_DB_COMPOSE, "b/compose.yaml": WEB_DB_COMPOSE });
    const head = files({
      "a/compose.yaml": `${WEB_DB_COMPOSE}  cache:\n    image: redis\n`,
      "b/compose.yaml": "services: [\n",
    });
    const report = await analyzeChange(base, head);

    expect(report.headline).toBe("+1 component");
    expect(report.systems.map((system) => [system.system, system.status])).toEqual([
      ["compose:a", "changed"],
      ["compose:b", "unchanged"],
    ]);
    expect(idsFor(report, "b/compose.yaml")).toEqual(["yaml/invalid", "engine/head-unreadable"]);
  });
});

describe("a head file that cannot be read, without a base version", () => {
  it("a new unreadable file adds nothing, removes nothing and nothing stands in", async () => {
    const base = files({ "docker-compose.yml": WEB_DB_COMPOSE });
    const head = files({
      "docker-compose.yml": WEB_DB_COMPOSE,
      "new/docker-compose.yml": "services:\n  web: [\n",
    });
    const report = await analyzeChange(base, head, {}, { headUnread: ["new/blob/compose.yaml"] });

    expectNoChange(report);
    expect(report.systems.map((system) => system.system)).toEqual(["compose:."]);
    expect(report.warnings.map((warning) => [warning.id, warning.file])).toEqual([
      ["yaml/invalid", "new/docker-compose.yml"],
    ]);
  });

  it("a file broken the same way on both sides changed nothing: no stand-in warning", async () => {
    const broken = files({ "docker-compose.yml": WEB_DB_COMPOSE, "k8s/app.yaml": "kind: [\n" });
    const report = await analyzeChange(broken, broken);

    expectNoChange(report);
    expect(report.warnings.map((warning) => warning.id)).toEqual(["yaml/invalid"]);
  });
});

describe("the warnings that mean a file was not read", () => {
  it("are ids the formats document, so a renamed one cannot silently stop standing in", () => {
    const readmes = ["compose", "kubernetes", "terraform"]
      .map((format) =>
        readFileSync(join(import.meta.dirname, `../../src/formats/${format}/README.md`), "utf8"),
      )
      .join("\n");
    const undocumented = [...UNREAD_CONTENT_IDS].filter((id) => !readmes.includes(`\`${id}\``));
    expect(undocumented).toEqual([]);
    expect(UNREAD_CONTENT_IDS.size).toBe(8);
  });
});
