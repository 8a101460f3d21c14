import { closestNames } from "../../analysis/find-component.js";
import { parseJustification, type Trigger } from "../../analysis/declarations.js";
import { codeSpan } from "../../report/escape.js";
import type { CommandLine } from "./lines.js";

/** What a command line asks for; `invalid` carries why it could not be read. */
export type Command =
  | { name: "help" }
  | { name: "recheck" }
  | { name: "unjustify" }
  | { name: "justify"; trigger: Trigger; reason: string }
  | { name: "explain"; component: string }
  | { name: "what-if merge"; moved: string; into: string }
  | { name: "what-if delete"; component: string }
  | { name: "invalid"; problem: string };

export const COMMAND_NAMES = ["help", "recheck", "justify", "unjustify", "explain", "what-if"] as const;

/** Commands that change what the check says, and so need the configured permission. */
export function changesTheCheck(command: Command): boolean {
  return command.name === "recheck" || command.name === "justify" || command.name === "unjustify";
}

function invalid(problem: string): Command {
  return { name: "invalid", problem };
}

function noArguments(name: "help" | "recheck" | "unjustify", args: string[]): Command {
  return args.length === 0 ? { name } : invalid(`\`${name}\` takes no arguments`);
}

function oneComponent(name: "explain" | "what-if delete", args: string[]): Command {
  if (args.length !== 1) return invalid(`\`${name}\` takes one component name`);
  return { name, component: args[0]! };
}

function whatIf(args: string[]): Command {
  const [verb, ...rest] = args;
  switch (verb?.toLowerCase()) {
    case "merge":
      if (rest.length === 3 && rest[1]!.toLowerCase() === "into")
        return { name: "what-if merge", moved: rest[0]!, into: rest[2]! };
      return invalid("write `what-if merge <a> into <b>`");
    case "delete":
      return oneComponent("what-if delete", rest);
    default:
      return invalid("`what-if` asks `merge <a> into <b>` or `delete <a>`");
  }
}

export function parseCommand(line: CommandLine): Command {
  const { name, args } = line;
  switch (name) {
    case "":
      return invalid("a command is missing after the prefix");
    case "help":
    case "recheck":
    case "unjustify":
      return noArguments(name, args);
    case "justify": {
      const parsed = parseJustification(line.rest);
      return parsed.ok
        ? { name, trigger: parsed.trigger, reason: parsed.reason }
        : invalid(`\`justify\` needs a trigger and a reason: ${parsed.problem}`);
    }
    case "explain":
      return oneComponent("explain", args);
    case "what-if":
    case "whatif":
      return whatIf(args);
    case "what":
      return args[0]?.toLowerCase() === "if" ? whatIf(args.slice(1)) : unknown(name);
    default:
      return unknown(name);
  }
}

function unknown(name: string): Command {
  const [closest] = closestNames(COMMAND_NAMES, name, 1);
  return invalid(`unknown command ${codeSpan(name, 40)}${closest ? `; did you mean \`${closest}\`?` : ""}`);
}
