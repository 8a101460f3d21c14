import { execFile, execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { PRIVATE_KEY } from "../github/helpers/probot.js";

const root = join(import.meta.dirname, "../..");
const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8");
const run = promisify(execFile);

function dockerEngine(): boolean {
  try {
    execFileSync("docker", ["info"], { stdio: "ignore", timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

const hasEngine = dockerEngine();
const BUILD_TEST = hasEngine
  ? "builds the image and reports healthy on /health"
  : "builds the image and reports healthy on /health (skipped: no Docker engine, `docker info` failed)";

/** The image's final stage: what runs in production. */
function finalStage(): string {
  return dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
}

describe("the container image", () => {
  it("is multi-stage, with production dependencies only, a non-root user and a healthcheck on /health", () => {
    expect(dockerfile.match(/^FROM /gm)!.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    const stage = finalStage();
    expect(stage).toMatch(/^USER node$/m);
    expect(stage).not.toMatch(/npm (ci|install)/);
    expect(stage).toMatch(/^HEALTHCHECK [^\n]*\\\n\s+CMD \[.*\/health/m);
    expect(stage).toMatch(/NODE_ENV=production/);
    // The build context leaves out what the image never needs (and local secrets).
    const ignored = readFileSync(join(root, ".dockerignore"), "utf8").split("\n");
    expect(ignored).toEqual(expect.arrayContaining([".env", "node_modules", ".git"]));
  });

  it.skipIf(!hasEngine)(
    BUILD_TEST,
    async () => {
      const tag = `boxcutter-test:${process.pid}`;
      await run("docker", ["build", "-t", tag, root], { timeout: 600_000 });
      const { stdout: id } = await run("docker", [
        "run",
        "-d",
        "-e",
        "APP_ID=1",
        "-e",
        `PRIVATE_KEY=${PRIVATE_KEY}`,
        "-e",
        "WEBHOOK_SECRET=a-real-secret",
        tag,
      ]);
      const container = id.trim();
      try {
        const { stdout: user } = await run("docker", ["exec", container, "id", "-u"]);
        expect(user.trim()).not.toBe("0");
        let health = "";
        for (let attempt = 0; attempt < 60 && health !== "healthy"; attempt++) {
          await new Promise((resolve) => setTimeout(resolve, 1000));
          const { stdout } = await run("docker", ["inspect", "-f", "{{.State.Health.Status}}", container]);
          health = stdout.trim();
        }
        expect(health).toBe("healthy");
      } finally {
        await run("docker", ["rm", "-f", container]);
        await run("docker", ["rmi", "-f", tag]);
      }
    },
    900_000,
  );
});
