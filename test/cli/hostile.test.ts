import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { fakeIo, tempDir, writeFiles } from "../helpers.js";
import { aliasBomb } from "../helpers/hostile-files.js";

/** About 5 MB of Deployments, each calling the next one's Service. */
function bigManifest(): string {
  const docs: string[] = [];
  for (let size = 0, i = 0; size < 5 * 1024 * 1024; i++) {
    const doc = [
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata:",
      `  name: app${i}`,
      "spec:",
      "  template:",
      "    spec:",
      "      containers:",
      "        - name: c",
      "          image: acme/app",
      "          env:",
      "            - name: NEXT",
      `              value: http://svc${i + 1}:80`,
      "---",
      "",
    ].join("\n");
    docs.push(doc);
    size += doc.length;
  }
  return docs.join("");
}

const HOSTILE_TREE = {
  "docker-compose.yml": aliasBomb(),
  "deep/compose.yaml": `services:\n  web:\n    image: nginx\n    x: ${"[".repeat(100_000)}${"]".repeat(100_000)}\n`,
  "bin/docker-compose.yml": new Uint8Array(Array.from({ length: 25_600 }, (_, i) => i % 256)),
  "infra/main.tf": 'resource "aws_sqs_queue" "q" {\n  name = "x"\n\nresource {{{\n',
  "k8s/big.yaml": bigManifest(),
};

interface JsonOut {
  warnings: { id: string; file: string; line?: number }[];
  systems: { id: string; addedComponents: unknown[] }[];
}

describe("hostile files through the command line", () => {
  it("warns with file and line for each and still reports the rest", { timeout: 120_000 }, async () => {
    const root = await tempDir("hostile-cli");
    await writeFiles(root, { "base/.keep": "" });
    await writeFiles(
      root,
      Object.fromEntries(Object.entries(HOSTILE_TREE).map(([p, c]) => [`head/${p}`, c])),
    );

    // What is asserted is what each bad file says, not how fast a loaded machine reads 5 MB: a budget the
    // 5 MB manifest cannot exhaust keeps the later formats from being cut off by the deadline.
    const budget = ["--time-budget", "600000"];
    const io = fakeIo(root);
    expect(await main(["diff", "base", "head", "--format", "json", ...budget], io)).toBe(0);
    const report = JSON.parse(io.out) as JsonOut;
    const found = (id: string, file: string) => report.warnings.find((w) => w.id === id && w.file === file);
    expect(found("yaml/too-large", "docker-compose.yml")).toMatchObject({ line: 1 });
    expect(found("yaml/invalid", "deep/compose.yaml")).toMatchObject({ line: 4 });
    expect(found("input/binary", "bin/docker-compose.yml")).toMatchObject({ line: 1 });
    expect(found("terraform/invalid-hcl", "infra/main.tf")).toMatchObject({ line: 4 });
    // The blocks before the broken one and the whole large manifest are still read.
    const terraform = report.systems.find((system) => system.id === "terraform:infra");
    expect(terraform?.addedComponents).toHaveLength(1);
    const kubernetes = report.systems.find((system) => system.id === "kubernetes:k8s");
    expect(kubernetes!.addedComponents.length).toBeGreaterThan(20_000);

    const markdown = fakeIo(root);
    expect(await main(["graph", "head", ...budget], markdown)).toBe(0);
    expect(markdown.out).toMatch(/Warnings \(\d+\)<\/summary>/);
    expect(markdown.out).toContain("| `input/binary` | bin/docker-compose.yml:1 | binary file; skipped |");
    expect(markdown.out.length).toBeLessThan(65_536);
  });
});
