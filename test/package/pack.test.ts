import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { PRIVATE_KEY } from "../github/helpers/probot.js";

const root = join(import.meta.dirname, "../..");
const run = promisify(execFile);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const npx = process.platform === "win32" ? "npx.cmd" : "npx";
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  version: string;
  license: string;
};

let packed: { filename: string; files: { path: string }[] };
let installDir: string;

beforeAll(async () => {
  // `npm pack` builds through the prepare script, exactly as for a release.
  const destination = mkdtempSync(join(tmpdir(), "boxcutter-pack-"));
  const { stdout } = await run(npm, ["pack", "--json", "--pack-destination", destination], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  packed = (JSON.parse(stdout) as (typeof packed)[])[0]!;
  installDir = mkdtempSync(join(tmpdir(), "boxcutter-install-"));
  installOffline(installDir, join(destination, packed.filename));
  await run(npm, ["ci", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: installDir });
}, 300_000);

interface LockEntry {
  dev?: boolean;
  [key: string]: unknown;
}

/**
 * An empty project depending on the tarball, locked to the versions this repository's lockfile pins, so that
 * `npm ci --offline` takes every dependency from npm's cache (filled by `npm ci` here): no network.
 */
function installOffline(dir: string, tarball: string): void {
  const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as {
    packages: Record<string, LockEntry>;
  };
  const own = lock.packages[""]!;
  const packages: Record<string, LockEntry> = {
    "": { name: "empty", dependencies: { boxcutter: `file:${tarball}` } },
    "node_modules/boxcutter": {
      version: manifest.version,
      resolved: `file:${tarball}`,
      license: manifest.license,
      dependencies: own.dependencies,
      bin: own.bin,
      engines: own.engines,
    },
  };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path !== "" && !entry.dev) packages[path] = entry;
  }
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "empty", dependencies: { boxcutter: `file:${tarball}` } }),
  );
  writeFileSync(
    join(dir, "package-lock.json"),
    JSON.stringify({ name: "empty", lockfileVersion: 3, requires: true, packages }),
  );
}

/** `npx boxcutter ...` in the install folder, as a user would type it. */
function boxcutter(args: string[]) {
  return run(npx, ["--offline", "boxcutter", ...args], { cwd: installDir });
}

describe("the npm package", () => {
  it("carries the built code, the manifest, the README and the LICENSE, and no sources or tests", () => {
    const paths = packed.files.map((file) => file.path);
    expect(paths).toEqual(
      expect.arrayContaining(["LICENSE", "README.md", "app.yml", "dist/bin/boxcutter.js", "dist/index.js"]),
    );
    expect(paths.filter((path) => /^(src|test)\//.test(path))).toEqual([]);
    // The LICENSE is the license package.json names, in full.
    expect(manifest.license).toBe("Apache-2.0");
    const license = readFileSync(join(root, "LICENSE"), "utf8");
    expect(license).toMatch(/Apache License\s+Version 2\.0, January 2004/);
    expect(license).toContain("END OF TERMS AND CONDITIONS");
  });

  it("installs in an empty folder, where npx boxcutter --help and --version work", async () => {
    const help = await boxcutter(["--help"]);
    expect(help.stdout).toMatch(/^usage: boxcutter <command>/);
    const version = await boxcutter(["--version"]);
    expect(version.stdout).toBe(`boxcutter ${manifest.version}\n`);
  });

  it("analyses two folders from the installed package, Terraform included", async () => {
    const base = join(installDir, "base");
    const head = join(installDir, "head");
    mkdirSync(base);
    mkdirSync(head);
    writeFileSync(join(base, "main.tf"), 'resource "aws_sqs_queue" "jobs" {\n  name = "jobs"\n}\n');
    writeFileSync(
      join(head, "main.tf"),
      'resource "aws_sqs_queue" "jobs" {\n  name = "jobs"\n}\nresource "aws_sns_topic" "events" {\n  name = "events"\n}\n',
    );
    const { stdout } = await boxcutter(["diff", base, head]);
    expect(stdout).toContain("aws_sns_topic.events");
  });

  it("serves the app from the installed package as the container does: GET /health answers", async () => {
    const port = await freePort();
    const server = spawn(
      process.execPath,
      [join(installDir, "node_modules/boxcutter/dist/server.js")],
      {
        cwd: installDir,
        env: {
          PATH: process.env.PATH,
          APP_ID: "1",
          PRIVATE_KEY,
          WEBHOOK_SECRET: "a-real-secret",
          NODE_ENV: "production",
          HOST: "127.0.0.1",
          PORT: String(port),
          LOG_LEVEL: "warn",
        },
        stdio: "ignore",
      },
    );
    try {
      let body: unknown;
      for (let attempt = 0; attempt < 100 && body === undefined; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        body = await fetch(`http://127.0.0.1:${port}/health`).then(
          (response) => response.json(),
          () => undefined,
        );
      }
      expect(body).toEqual({ status: "ok", version: manifest.version });
    } finally {
      server.kill();
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
