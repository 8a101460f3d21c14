import { VERSION } from "../version.js";

/** Where a command writes and what it may read of its environment; tests pass a fake. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface CliCommand {
  usage: string;
  /** Resolves to the exit status: 0 success, 1 failure, 2 usage error. */
  run(args: string[], io: CliIo): Promise<number>;
}

interface CommandEntry {
  /** One line for `boxcutter --help`. */
  summary: string;
  /** Each command imports its own modules when it runs: `pr` pulls in an HTTP client, `graph` does not need it. */
  load(): Promise<CliCommand>;
}

export const COMMANDS: Record<string, CommandEntry> = {
  diff: {
    summary: "compare the infrastructure of two folders or two git revisions",
    load: async () => (await import("./diff.js")).diffCommand,
  },
  graph: {
    summary: "describe the infrastructure of one folder or git revision",
    load: async () => (await import("./graph.js")).graphCommand,
  },
  pr: {
    summary: "analyse a GitHub pull request (optionally post the comment and check run)",
    load: async () => (await import("./pr.js")).prCommand,
  },
  explain: {
    summary: "explain one component: callers, callees, and the request paths through it",
    load: async () => (await import("./ask.js")).explainCommand,
  },
  "what-if": {
    summary: "what if two components ran as one, or one were deleted",
    load: async () => (await import("./ask.js")).whatIfCommand,
  },
  accuracy: {
    summary: "score the extractors against hand-labelled cases",
    load: async () => (await import("./accuracy.js")).accuracyCommand,
  },
};

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(
    ([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`,
  );
  return [
    "usage: boxcutter <command> [options]",
    "",
    "Shows what a change to docker-compose, Kubernetes or Terraform files costs in round trips,",
    "blast radius and availability.",
    "",
    "Commands:",
    ...lines,
    "",
    "Options:",
    "  -h, --help     show this help, or a command's with `boxcutter <command> --help`",
    "  -v, --version  print the version",
  ].join("\n");
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    io.stderr(`${usage()}\n`);
    return EXIT_USAGE;
  }
  if (name === "--version" || name === "-v" || name === "version") {
    io.stdout(`boxcutter ${VERSION}\n`);
    return EXIT_OK;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    const topic = args[0];
    if (topic === undefined) {
      io.stdout(`${usage()}\n`);
      return EXIT_OK;
    }
    const entry = Object.hasOwn(COMMANDS, topic) ? COMMANDS[topic] : undefined;
    if (!entry) return unknownCommand(topic, io);
    io.stdout(`${(await entry.load()).usage}\n`);
    return EXIT_OK;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) return unknownCommand(name, io);
  try {
    return await (await entry.load()).run(args, io);
  } catch (error) {
    io.stderr(`boxcutter ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILURE;
  }
}

function unknownCommand(name: string, io: CliIo): number {
  const shown = [...name]
    .map((char) => (char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f ? "?" : char))
    .join("");
  io.stderr(
    `boxcutter: unknown command '${shown.slice(0, 100)}'. Commands: ${Object.keys(COMMANDS).join(", ")}. Run 'boxcutter --help' for details.\n`,
  );
  return EXIT_USAGE;
}
