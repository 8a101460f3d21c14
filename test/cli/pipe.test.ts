import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");

/** The command line as a shell runs it, with a reader that closes the pipe before the report is written. */
function runWithClosedPipe(...args: string[]): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    // `| head -0`: the reader is gone before the first write.
    child.stdout.destroy();
    let err = "";
    child.stderr.on("data", (chunk: Buffer) => void (err += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, err }));
  });
}

describe("boxcutter in a pipeline", () => {
  it("ends quietly when the reader closes the pipe (`boxcutter graph . | head`)", async () => {
    const { code, err } = await runWithClosedPipe("graph", "examples/shop/head");
    expect(err).toBe("");
    expect(code).toBe(0);
  }, 30_000);
});
