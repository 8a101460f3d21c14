import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { main, type CliIo } from "../../cli/main.js";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const EXAMPLE = join(REPO, "examples/kubernetes");

async function run(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    cwd: REPO,
    env: {},
  };
  const status = await main(args, io);
  return { status, stdout, stderr };
}

interface JsonSystem {
  id: string;
  format: string;
  status: string;
  addedComponents: { name: string; kind: string }[];
  addedEdges: { from: string; to: string; kind: string }[];
  entryPoints: {
    name: string;
    base?: { roundTrips: number };
    head?: { roundTrips: number; requestPath: string[] };
  }[];
}

const temp = mkdtempSync(join(tmpdir(), "boxcutter-k8s-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe("boxcutter CLI on Kubernetes trees", () => {
  it("diffs the Kubernetes example: three new components, six new calls", async () => {
    const { status, stdout } = await run([
      "diff",
      join(EXAMPLE, "base"),
      join(EXAMPLE, "head"),
      "--format",
      "json",
    ]);
    expect(status).toBe(0);
    const report = JSON.parse(stdout) as { systems: JsonSystem[] };
    expect(report.systems.map((system) => [system.id, system.status])).toEqual([
      ["kubernetes:k8s", "changed"],
    ]);
    const [system] = report.systems;
    expect(system!.addedComponents.map((component) => `${component.name}:${component.kind}`)).toEqual([
      "auth:service",
      "profile:service",
      "redis:cache",
    ]);
    expect(system!.addedEdges.map((edge) => `${edge.from}->${edge.to}`)).toEqual([
      "api->auth",
      "api->profile",
      "api->redis",
      "auth->postgres",
      "auth->redis",
      "profile->postgres",
    ]);
    // web -> api -> postgres (3 round trips) grows by the six new calls.
    expect(
      system!.entryPoints.map((entry) => [entry.name, entry.base?.roundTrips, entry.head?.roundTrips]),
    ).toEqual([["web", 3, 9]]);
  });

  it("reports compose and Kubernetes files of one tree as two systems", async () => {
    const tree = join(temp, "mixed");
    mkdirSync(join(tree, "deploy"), { recursive: true });
    writeFileSync(
      join(tree, "compose.yaml"),
      "services:\n  web:\n    image: nginx:1.27\n    ports: ['8080:80']\n    depends_on: [api]\n  api:\n    image: example/api:1.0\n",
    );
    for (const file of readdirSync(join(EXAMPLE, "base/k8s")))
      cpSync(join(EXAMPLE, "base/k8s", file), join(tree, "deploy", file));
    const { status, stdout } = await run(["graph", tree, "--format", "json"]);
    expect(status).toBe(0);
    const report = JSON.parse(stdout) as { systems: JsonSystem[] };
    expect(report.systems.map((system) => [system.id, system.format])).toEqual([
      ["compose:.", "compose"],
      ["kubernetes:deploy", "kubernetes"],
    ]);
    const kubernetes = report.systems[1]!;
    expect(kubernetes.entryPoints.map((entry) => [entry.name, entry.head?.requestPath])).toEqual([
      ["web", ["web", "api", "postgres"]],
    ]);

    const markdown = await run(["graph", tree]);
    expect(markdown.stdout).toContain("### The docker-compose project at the repository root");
    expect(markdown.stdout).toContain("### The Kubernetes manifests in `deploy/`");
  });
});
