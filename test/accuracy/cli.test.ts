import { describe, expect, it } from "vitest";
import { accuracyCommand } from "../../src/cli/accuracy.js";
import { fakeIo } from "../helpers.js";
import { writeTree } from "./helpers.js";

const CASE = {
  "shop/expected.yaml":
    "views:\n  - name: none\n    inputs: [nothing.yml]\n    components:\n      - {name: web, kind: service}\n",
  "shop/files/readme.txt": "no infrastructure here",
};

describe("boxcutter accuracy", () => {
  it("exits 2 on usage errors", async () => {
    const root = await writeTree(CASE);
    for (const args of [[], ["a", "b"], ["--bogus", "shop"], ["missing-folder"], ["shop", "--case"]]) {
      const io = fakeIo(root);
      expect(await accuracyCommand.run(args, io)).toBe(2);
      expect(io.err).toContain("usage: boxcutter accuracy");
    }
  });

  it("exits 0 on poor scores, resolving the folder against the working directory", async () => {
    const io = fakeIo(await writeTree(CASE));
    expect(await accuracyCommand.run(["shop"], io)).toBe(0);
    expect(io.out).toContain("input not found: nothing.yml");
    expect(io.out).toContain("missed component: web (service)");
    expect(io.out).toMatch(/overall\s+0\.00 0\/1/);
  });

  it("prints JSON with --json and keeps only the cases named by --case", async () => {
    const io = fakeIo(await writeTree(CASE));
    expect(await accuracyCommand.run([".", "--json", "--case", "sho"], io)).toBe(0);
    const json = JSON.parse(io.out) as {
      cases: { name: string }[];
      overall: { metrics: { componentRecall: number } };
    };
    expect(json.cases.map((c) => c.name)).toEqual(["shop"]);
    expect(json.overall.metrics.componentRecall).toBe(0);
    const none = fakeIo(io.cwd);
    await accuracyCommand.run([".", "--json", "--case=other"], none);
    expect((JSON.parse(none.out) as { cases: unknown[] }).cases).toEqual([]);
  });
});
