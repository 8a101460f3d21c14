import { resolve } from "node:path";
import { analyzeTree } from "../engine.js";
import { readTree } from "../files/read-dir.js";
import { readGitTree } from "../files/read-git.js";
import type { CliCommand, CliIo } from "./main.js";
import {
  COMMON_USAGE,
  analysisOptions,
  checkTreeSource,
  fromGit,
  parseCommandArgs,
  printReport,
} from "./output.js";

const USAGE = `usage: boxcutter graph <dir> [options]
       boxcutter graph --git <revision> [--repo <dir>] [options]

Describes the infrastructure of one tree: its systems, entry points, request paths, round trips,
depth, availability, background components and merge candidates.

  --git <revision>                read a revision of a git repository instead of a folder
  --repo <dir>                    the git repository for --git (default: current folder)
${COMMON_USAGE}

Exit status: 0 report printed, 1 the tree could not be read, 2 usage error.`;

export const graphCommand: CliCommand = {
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const parsed = parseCommandArgs("graph", USAGE, args, io, (parsed) =>
      checkTreeSource(parsed, 1, "<revision>"),
    );
    if (typeof parsed === "number") return parsed;
    const tree =
      parsed.git !== undefined
        ? await fromGit(resolve(io.cwd, parsed.repo ?? "."), (dir) => readGitTree(dir, parsed.git!))
        : await readTree(resolve(io.cwd, parsed.positionals[0]!));
    const report = await analyzeTree(tree.files, analysisOptions(parsed));
    printReport(io, parsed, "graph", report, tree.warnings);
    return 0;
  },
};
