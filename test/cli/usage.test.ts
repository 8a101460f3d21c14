import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS, main } from "../../src/cli/main.js";
import { fakeIo } from "../helpers.js";

const { version } = JSON.parse(readFileSync(join(import.meta.dirname, "../../package.json"), "utf8")) as {
  version: string;
};

describe("the command line as a new user meets it", () => {
  it.each(["--version", "-v", "version"])("prints the package version for %s", async (flag) => {
    const io = fakeIo("/");
    expect(await main([flag], io)).toBe(0);
    expect(io.out).toBe(`boxcutter ${version}\n`);
  });

  it.each(Object.keys(COMMANDS))("has --help for %s, printed on stdout with exit 0", async (name) => {
    for (const args of [
      [name, "--help"],
      [name, "-h"],
      ["help", name],
    ]) {
      const io = fakeIo("/");
      expect(await main(args, io)).toBe(0);
      expect(io.out).toMatch(new RegExp(`^usage: boxcutter ${name} `));
      expect(io.err).toBe("");
    }
  });

  it.each([
    [
      ["diff", "--fromat", "json", "a", "b"],
      "boxcutter diff: unknown option --fromat (did you mean --format?)",
    ],
    [["graph", "--format"], "boxcutter graph: --format needs a value"],
    [["diff", "--help=yes"], "boxcutter diff: --help takes no value"],
    [["graph", "--zzz", "."], "boxcutter graph: unknown option --zzz\n"],
    [["accuracy", "--jsn", "."], "boxcutter accuracy: unknown option --jsn (did you mean --json?)"],
  ])("words a bad option %j for a person, with its usage", async (args, message) => {
    const io = fakeIo("/");
    expect(await main(args, io)).toBe(2);
    expect(io.err.startsWith(message)).toBe(true);
    expect(io.err).not.toContain("To specify a positional argument");
    expect(io.err).toContain(`usage: boxcutter ${args[0]} `);
  });

  it.each([
    ["diff", "--git", "main..HEAD"],
    ["graph", "--git", "HEAD"],
  ])("suggests --repo when %s --git runs outside a git repository", async (...args) => {
    const dir = mkdtempSync(join(tmpdir(), "boxcutter-nogit-"));
    const io = fakeIo(dir, { GIT_CEILING_DIRECTORIES: tmpdir() });
    expect(await main(args, io)).toBe(1);
    expect(io.err).toBe(
      `boxcutter ${args[0]}: ${dir} is not inside a git repository: run boxcutter in one, or name it with --repo <dir>\n`,
    );
  });
});
