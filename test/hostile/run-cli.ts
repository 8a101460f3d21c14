/**
 * Child-process entry for the hostile corpus: for each case folder, compares an empty tree with `<case>/tree`
 * as `boxcutter diff` does (the same readers, engine and printer), prints the report in every output format to
 * `<case>/out.<format>`, and reports what the case cost: milliseconds and the process's peak memory so far.
 * Run as: node --import tsx test/hostile/run-cli.ts <empty-folder> <case-folder>...
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { OUTPUT_FORMATS, printReport } from "../../src/cli/output.js";
import { analyzeChange } from "../../src/engine.js";
import { readTree } from "../../src/files/read-dir.js";
import { unreadPaths } from "../../src/files/unread.js";

const [empty, ...cases] = process.argv.slice(2);
const results = [];
for (const folder of cases) {
  const started = performance.now();
  const base = await readTree(empty!);
  const head = await readTree(join(folder, "tree"));
  const report = await analyzeChange(base.files, head.files, {}, { headUnread: unreadPaths(head.warnings) });
  for (const format of OUTPUT_FORMATS) {
    let out = "";
    const io = { cwd: "/", env: {}, stdout: (text: string) => void (out += text), stderr: () => undefined };
    printReport(io, { positionals: [], format, help: false }, "diff", report, head.warnings);
    await writeFile(join(folder, `out.${format}`), out);
  }
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;
  results.push({ folder, ms: Math.round(performance.now() - started), peakRssBytes });
}
process.stdout.write(JSON.stringify(results));
