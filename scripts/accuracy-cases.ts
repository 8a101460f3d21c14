/**
 * Rebuilds the labelled cases under accuracy/cases/ from local git copies of their repositories.
 *
 *   npm run accuracy:cases -- --mirrors <dir> [--pin] [--case <text>] [casesDir]
 *
 * <dir> holds one git copy per repository (`git clone --bare https://github.com/<owner>/<name> <owner>+<name>`;
 * `<owner>/<name>.git` and `<owner>/<name>` work too). `--pin` first records the blob of every path the manifests
 * ask for. The default for <dir> is $BOXCUTTER_MIRRORS; for casesDir, accuracy/cases.
 */
import { readdirSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  MANIFEST_FILE,
  SnapshotError,
  findGitDir,
  pin,
  readManifest,
  rebuild,
  writeManifest,
} from "../src/accuracy/snapshot.js";

interface Args {
  casesDir: string;
  mirrors?: string;
  pin: boolean;
  only?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { casesDir: "accuracy/cases", pin: false, mirrors: process.env.BOXCUTTER_MIRRORS };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === "--pin") args.pin = true;
    else if (arg === "--mirrors") args.mirrors = argv[++index];
    else if (arg === "--case") args.only = argv[++index];
    else if (arg.startsWith("-")) throw new SnapshotError(`unknown option ${arg}`);
    else args.casesDir = arg;
  }
  return args;
}

function main(): number {
  const args = parseArgs(process.argv.slice(2));
  if (!args.mirrors)
    throw new SnapshotError("say where the git copies are: --mirrors <dir> or BOXCUTTER_MIRRORS");
  const casesDir = resolve(args.casesDir);
  const caseNames = readdirSync(casesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(casesDir, entry.name, MANIFEST_FILE)))
    .map((entry) => entry.name)
    .filter((name) => args.only === undefined || name.includes(args.only))
    .sort();
  let failures = 0;
  for (const name of caseNames) {
    const caseDir = join(casesDir, name);
    try {
      let manifest = readManifest(caseDir);
      const gitDir = findGitDir(resolve(args.mirrors), manifest.repository);
      if (args.pin) {
        manifest = pin(manifest, gitDir);
        writeManifest(caseDir, manifest);
      }
      const written = rebuild(caseDir, manifest, gitDir);
      console.log(`${name}: ${written} files from ${manifest.repository}`);
    } catch (error) {
      if (!(error instanceof SnapshotError)) throw error;
      failures++;
      console.error(`${name}: ${error.message}`);
    }
  }
  return failures > 0 ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(error instanceof SnapshotError ? error.message : error);
  process.exitCode = 2;
}
