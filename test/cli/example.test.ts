import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/main.js";
import { main } from "../../src/cli/main.js";
import { analyzeChange } from "../../src/engine.js";
import { readTree } from "../../src/files/read-dir.js";

const ROOT = resolve(import.meta.dirname, "../..");
const SECRETS = [
  "Sup3r-S3cret-Pw",
  "R4bbit-S3cret-Pw",
  "pr0file-Db-Pw",
  "w0rker-Db-Pw",
  "m4il-Pw",
  "4f9c2b7e1d8a6035",
];

describe("examples/shop", () => {
  it("costs what was counted by hand", async () => {
    const base = await readTree(resolve(ROOT, "examples/shop/base"));
    const head = await readTree(resolve(ROOT, "examples/shop/head"));
    expect(head.files.map((file) => file.path).sort()).toEqual([".env", "compose.yaml"]);
    const report = await analyzeChange(base.files, head.files);
    const [shop] = report.systems;
    const web = shop!.entryPoints.find((entry) => entry.entry === "web")!;
    // base: web -> api -> db. head adds api -> auth, profile, cache, queue; auth -> db, cache; profile -> db.
    expect(web.head!.requestPath).toEqual(["web", "api", "db", "auth", "profile", "cache", "queue"]);
    expect([web.base!.roundTrips, web.head!.roundTrips]).toEqual([3, 10]);
    expect([web.base!.depth, web.head!.depth]).toEqual([3, 4]);
    expect(web.head!.availability).toBeCloseTo(0.999 ** 7, 12);
    expect(shop!.mergeCandidates.map((candidate) => `${candidate.caller}>${candidate.component}`)).toEqual([
      "api>auth",
      "api>profile",
    ]);
    expect(shop!.background).toEqual(["worker", "smtp.sendgrid.net"]);
    expect(report.headline).toBe("+6 components, +7 round trips on `web`, availability 99.70% -> 99.30%");
  });

  it("never prints a password from the compose file or the .env file", async () => {
    for (const format of ["markdown", "json", "mermaid"]) {
      let out = "";
      const io: CliIo = { stdout: (text) => void (out += text), stderr: () => undefined, cwd: ROOT, env: {} };
      expect(await main(["diff", "examples/shop/base", "examples/shop/head", "--format", format], io)).toBe(
        0,
      );
      expect(out.length).toBeGreaterThan(100);
      for (const secret of SECRETS) expect([format, out.includes(secret)]).toEqual([format, false]);
    }
  });

  it("prints first the lines the README quotes", async () => {
    const readme = await readFile(resolve(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## What the example prints"));
    const quoted = /```\n([\s\S]*?)\n```/.exec(section)![1]!;
    const io: CliIo & { out: string } = {
      out: "",
      stdout: (text) => void (io.out += text),
      stderr: () => undefined,
      cwd: ROOT,
      env: {},
    };
    expect(await main(["diff", "examples/shop/base", "examples/shop/head"], io)).toBe(0);
    expect(quoted.split("\n").length).toBeGreaterThan(3);
    expect(io.out.startsWith(`${quoted}\n`)).toBe(true);
  });
});
