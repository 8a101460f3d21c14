import { resolve } from "node:path";
import { analyzeTree } from "../engine.js";
import { readTree } from "../files/read-dir.js";
import { readGitTree } from "../files/read-git.js";
import type { CliCommand, CliIo } from "./main.js";
import { COMMON_USAGE, UsageError, parseCommonArgs, renderReport, withWarnings } from "./output.js";

const USAGE = `usage: boxcutter graph <dir> [options]
       boxcutter graph --git <revision> [--repo <dir>] [options]

Describes the infrastructure of one tree: its systems, entry points, request paths, round trips,
depth, availability, background components and merge candidates.

  --git <revision>                read a revision of a git repository instead of a folder
  --repo <dir>                    the git repository for --git (default: current folder)
${COMMON_USAGE}

Exit status: 0 report printed, 1 the tree could not be read, 2 usage error.`;

export const graphCommand: CliCommand = {
  summary: "describe the infrastructure of one folder or git revision",
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    let parsed;
    try {
      parsed = parseCommonArgs(args);
      if (parsed.help) {
        io.stdout(`${USAGE}\n`);
        return 0;
      }
      if (parsed.git !== undefined && parsed.positionals.length > 0) {
        throw new UsageError("give either --git <revision> or a folder, not both");
      }
      if (parsed.git === undefined && parsed.repo !== undefined)
        throw new UsageError("--repo only applies with --git");
      if (parsed.git === undefined && parsed.positionals.length !== 1) {
        throw new UsageError(`expected one folder, got ${parsed.positionals.length}`);
      }
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      io.stderr(`boxcutter graph: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    const tree =
      parsed.git !== undefined
        ? await readGitTree(resolve(io.cwd, parsed.repo ?? "."), parsed.git)
        : await readTree(resolve(io.cwd, parsed.positionals[0]!));
    const options =
      parsed.componentAvailability === undefined
        ? {}
        : { componentAvailability: parsed.componentAvailability };
    const report = await analyzeTree(tree.files, options);
    io.stdout(renderReport(withWarnings(report, tree.warnings), parsed.format, "graph"));
    return 0;
  },
};
