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
    [["graph", "examples/shop/head", "--gate"], "--gate judges a change, and one tree has none"],
    [["graph", ".", "--declare", "compute big"], "--declare judges a change, and one tree has none"],
    [["explain", ".", "api", "--gate", "--declare", "geo eu"], "--declare and --gate judge a change"],
    [["what-if", ".", "--delete", "api", "--gate"], "--gate judges a change"],
  ])("refuses %j on one tree rather than ignoring it", async (args, message) => {
    const io = fakeIo(join(import.meta.dirname, "../.."));
    expect(await main(args, io)).toBe(2);
    expect(io.err).toContain(`boxcutter ${args[0]}: ${message}`);
    expect(io.err).toContain("with boxcutter diff or boxcutter pr");
    expect(io.out).toBe("");
  });

  it("documents --declare and --gate where they apply, and only there", async () => {
    for (const [name, has] of Object.entries({ diff: true, pr: true, graph: false, explain: false })) {
      const io = fakeIo("/");
      await main([name, "--help"], io);
      expect([name, io.out.includes("--declare"), io.out.includes("--gate")]).toEqual([name, has, has]);
    }
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
