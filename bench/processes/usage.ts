/**
 * Preloaded into every measured process (`node --import`): on exit, writes the process's CPU time and peak
 * resident memory to the file named by BENCH_USAGE_FILE, so the bench sees each child's own cost.
 */
import { writeFileSync } from "node:fs";

const target = process.env.BENCH_USAGE_FILE;
if (target) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    writeFileSync(
      target,
      JSON.stringify({ cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, peakKiB: usage.maxRSS }),
    );
  });
}
