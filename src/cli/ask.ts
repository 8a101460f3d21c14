import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { askDelete, askExplain, askMerge } from "../analysis/questions.js";
import { resolveOptions } from "../analysis/options.js";
import { buildGraphs } from "../engine.js";
import { readTree } from "../files/read-dir.js";
import { readGitTree } from "../files/read-git.js";
import type { SystemGraph } from "../graph/model.js";
import { deleteMarkdown, explainMarkdown, mergeMarkdown } from "../report/answers.js";
import { argumentError } from "./arg-errors.js";
import type { CliCommand, CliIo } from "./main.js";
import {
  COMMON_OPTIONS,
  UsageError,
  analysisOptions,
  fromGit,
  checkTreeSource,
  parseCommonArgs,
} from "./output.js";

const TREE_USAGE = `  --git <revision>                read a revision of a git repository instead of a folder
  --repo <dir>                    the git repository for --git (default: current folder)
  --format markdown|json          output format (default markdown)
  --availability <a>              availability of one component, in (0, 1] (default 0.999)
  -h, --help                      show this help`;

const WHAT_IF_USAGE = `usage: boxcutter what-if <dir> --merge <a>:<b> | --delete <a> [options]
       boxcutter what-if --git <revision> --merge <a>:<b> | --delete <a> [options]

Answers "what if" for one tree, without changing it:
  --merge <a>:<b>                 the request paths, round trips, depth and availability if <a> ran
                                  inside <b> (refused when that makes no sense: a datastore into a
                                  service, components of different systems)
  --delete <a>                    which entry points lose what if <a> were deleted, and which survive
${TREE_USAGE}

Exit status: 0 answer printed, 1 the tree could not be read or no such component, 2 usage error.`;

const EXPLAIN_USAGE = `usage: boxcutter explain <dir> <component> [options]
       boxcutter explain --git <revision> <component> [options]

Explains one component: its kind and where it is defined, its callers and callees with evidence,
and the entry points whose request path holds it, with their round trips and availability.
${TREE_USAGE}

Exit status: 0 answer printed, 1 the tree could not be read or no such component, 2 usage error.`;

interface Question {
  args: ReturnType<typeof parseCommonArgs>;
  /** Absent when only the usage was asked for. */
  ask?: (systems: SystemGraph[], availability: number) => { answer: { kind: string }; markdown: string };
}

async function readSystems(question: Question, io: CliIo): Promise<SystemGraph[]> {
  const { args } = question;
  const tree =
    args.git !== undefined
      ? await fromGit(resolve(io.cwd, args.repo ?? "."), (dir) => readGitTree(dir, args.git!))
      : await readTree(resolve(io.cwd, args.positionals[0]!));
  return (await buildGraphs(tree.files, analysisOptions(args))).systems;
}

async function answer(name: string, usage: string, io: CliIo, parse: () => Question): Promise<number> {
  let question: Question;
  try {
    question = parse();
    if (!question.ask) {
      io.stdout(`${usage}\n`);
      return 0;
    }
    if (question.args.format === "mermaid") throw new UsageError("--format must be markdown or json here");
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`boxcutter ${name}: ${error.message}\n\n${usage}\n`);
    return 2;
  }
  const systems = await readSystems(question, io);
  const { componentAvailability } = resolveOptions(analysisOptions(question.args));
  const { answer: result, markdown } = question.ask!(systems, componentAvailability);
  io.stdout(question.args.format === "json" ? `${JSON.stringify(result, null, 2)}\n` : `${markdown}\n`);
  return result.kind === "answered" ? 0 : 1;
}

/** Splits the question's own options from the tree options every command shares. */
function splitArgs(args: string[], own: Record<string, { type: "string" }>) {
  try {
    const { tokens } = parseArgs({
      args,
      options: { ...COMMON_OPTIONS, ...own },
      allowPositionals: true,
      tokens: true,
    });
    const values: Record<string, string> = {};
    const rest: string[] = [];
    for (const token of tokens ?? []) {
      if (token.kind === "option" && token.name in own) values[token.name] = token.value ?? "";
      else if (token.kind === "option")
        rest.push(token.rawName, ...(token.value === undefined ? [] : [token.value]));
      else if (token.kind === "positional") rest.push(token.value);
    }
    return { values, common: parseCommonArgs(rest) };
  } catch (error) {
    throw argumentError(error, [...Object.keys(COMMON_OPTIONS), ...Object.keys(own)]);
  }
}

export const whatIfCommand: CliCommand = {
  usage: WHAT_IF_USAGE,
  run: (args, io) =>
    answer("what-if", WHAT_IF_USAGE, io, () => {
      const { values, common } = splitArgs(args, { merge: { type: "string" }, delete: { type: "string" } });
      if (common.help) return { args: common };
      checkTreeSource(common, 1, "<revision>");
      if ((values.merge === undefined) === (values.delete === undefined))
        throw new UsageError("give one of --merge <a>:<b> or --delete <a>");
      if (values.delete !== undefined) {
        const name = values.delete;
        if (name === "") throw new UsageError("--delete needs a component name");
        return {
          args: common,
          ask: (systems, a) => {
            const result = askDelete(systems, name, a);
            return { answer: result, markdown: deleteMarkdown(result) };
          },
        };
      }
      const [moved, into, ...extra] = values.merge!.split(":");
      if (!moved || !into || extra.length > 0)
        throw new UsageError(`--merge expects <a>:<b>, got '${values.merge}'`);
      return {
        args: common,
        ask: (systems, a) => {
          const result = askMerge(systems, moved, into, a);
          return { answer: result, markdown: mergeMarkdown(result) };
        },
      };
    }),
};

export const explainCommand: CliCommand = {
  usage: EXPLAIN_USAGE,
  run: (args, io) =>
    answer("explain", EXPLAIN_USAGE, io, () => {
      const common = parseCommonArgs(args);
      if (common.help) return { args: common };
      const name = common.positionals.pop();
      if (name === undefined || name === "") throw new UsageError("expected a component name");
      checkTreeSource(common, 1, "<revision>");
      return {
        args: common,
        ask: (systems, a) => {
          const result = askExplain(systems, name, a);
          return { answer: result, markdown: explainMarkdown(result) };
        },
      };
    }),
};
