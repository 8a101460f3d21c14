import { resolve } from "node:path";
import { analyzeChange } from "../engine.js";
import { readTree } from "../files/read-dir.js";
import { mergeBase, readGitTree } from "../files/read-git.js";
import { unreadPaths } from "../files/unread.js";
import { gateExit, isRepositoryFact, judge } from "./judge.js";
import type { CliCommand, CliIo } from "./main.js";
import {
  COMMON_USAGE,
  UsageError,
  analysisOptions,
  checkTreeSource,
  fromGit,
  parseCommandArgs,
  printReport,
} from "./output.js";

const USAGE = `usage: boxcutter diff <baseDir> <headDir> [options]
       boxcutter diff --git <base>..<head> [--repo <dir>] [options]

Compares the infrastructure of two trees: two folders, or two revisions of a git repository
(read from git objects, nothing is checked out). <base>...<head> (three dots) compares <head> with
its merge base with <base>, as a pull request does.

  --git <range>                   compare two revisions: <base>..<head> or <base>...<head>
  --repo <dir>                    the git repository for --git (default: current folder)
  --declare "<trigger> <reason>"  justify the change as a pull request body line would (repeatable):
                                  working-set, compute, geography or independent-deploys
  --gate                          exit 1 when the gate fails (verdict and limits of .github/boxcutter.yml
                                  in the base tree), for any CI
${COMMON_USAGE}

The verdict (whether a trigger justifies the added distribution) leads the report. CODEOWNERS and
.github/boxcutter.yml are read from the base tree, as the app reads them from the base branch.

Exit status: 0 report printed (whatever it says; with --gate, the gate passed), 1 a tree could not be
read or, with --gate, the gate failed, 2 usage error.`;

export const diffCommand: CliCommand = {
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const parsed = parseCommandArgs("diff", USAGE, args, io, (parsed) => {
      checkTreeSource(parsed, 2, "<base>..<head>");
      if (parsed.git !== undefined) parseRange(parsed.git);
    });
    if (typeof parsed === "number") return parsed;
    const trees = parsed.git
      ? await fromGit(resolve(io.cwd, parsed.repo ?? "."), (dir) => readRevisions(dir, parsed.git!))
      : await readFolders(resolve(io.cwd, parsed.positionals[0]!), resolve(io.cwd, parsed.positionals[1]!));
    const report = await analyzeChange(trees.base.files, trees.head.files, analysisOptions(parsed), {
      headUnread: unreadPaths(trees.head.warnings),
    });
    const judged = judge(report, trees.baseFacts, parsed, io);
    printReport(io, parsed, "diff", report, [...trees.head.warnings, ...trees.base.warnings], judged);
    return gateExit(judged, parsed, io);
  },
};

export function parseRange(range: string): { base: string; head: string; mergeBase: boolean } {
  const threeDots = range.indexOf("...");
  const twoDots = range.indexOf("..");
  const split = threeDots !== -1 ? threeDots : twoDots;
  const width = threeDots !== -1 ? 3 : 2;
  const base = split === -1 ? "" : range.slice(0, split);
  const head = split === -1 ? "" : range.slice(split + width);
  if (!base || !head || head.includes("..")) {
    throw new UsageError(`--git expects <base>..<head> or <base>...<head>, got '${range}'`);
  }
  return { base, head, mergeBase: threeDots !== -1 };
}

async function readFolders(baseDir: string, headDir: string) {
  const baseFacts = (await readTree(baseDir, { claims: isRepositoryFact })).files;
  return { base: await readTree(baseDir), head: await readTree(headDir), baseFacts };
}

async function readRevisions(repoDir: string, range: string) {
  const { base, head, mergeBase: fromMergeBase } = parseRange(range);
  const baseRef = fromMergeBase ? await mergeBase(repoDir, base, head) : base;
  const baseFacts = (await readGitTree(repoDir, baseRef, { claims: isRepositoryFact })).files;
  return { base: await readGitTree(repoDir, baseRef), head: await readGitTree(repoDir, head), baseFacts };
}
