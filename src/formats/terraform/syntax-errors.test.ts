import { describe, expect, it } from "vitest";
import type { ExtractionWarning } from "../../graph/model.js";
import { terraformFormat } from "./index.js";

const later = () => ({ deadline: Date.now() + 60_000 });

async function extract(text: string): Promise<{ warning: ExtractionWarning; components: string[] }> {
  const result = await terraformFormat.extract([{ path: "infra/main.tf", text }], later());
  const invalid = result.warnings.filter((warning) => warning.id === "terraform/invalid-hcl");
  expect(invalid).toHaveLength(1);
  const components = (result.systems[0]?.components ?? []).map((component) => component.name).sort();
  return { warning: invalid[0]!, components };
}

const lines = (...text: string[]) => `${text.join("\n")}\n`;

/** A complete three-line queue block, which every case below keeps or loses. */
const queue = (name: string) => [`resource "aws_sqs_queue" "${name}" {`, `  name = "${name}"`, "}"];

describe("terraform/invalid-hcl names the line where the text goes wrong", () => {
  it("names the `{` that indentation shows is never closed, not the block around it or the end of the file", async () => {
    const { warning, components } = await extract(
      lines(
        ...queue("a"), // 1-3
        "",
        'resource "aws_lambda_function" "f" {', // 5
        '  function_name = "f"',
        "  environment {", // 7
        "    variables = {", // 8: its `}` is missing
        '      X = "y"',
        "  }", // 10: aligned with line 7
        "}", // 11: aligned with line 5
      ),
    );
    expect(warning).toMatchObject({ file: "infra/main.tf", line: 8 });
    expect(warning.message).toContain("`{` opened at line 8 is never closed");
    expect(components).toEqual(["aws_lambda_function.f", "aws_sqs_queue.a"]);
  });

  it("names a block left open before the next block starts", async () => {
    const { warning, components } = await extract(
      lines(
        ...queue("a"),
        "",
        'resource "aws_sqs_queue" "b" {', // 5: never closed
        '  name = "b"',
        "",
        'resource "aws_sns_topic" "c" {',
        '  name = "c"',
        "}",
      ),
    );
    expect(warning.line).toBe(5);
    expect(warning.message).toContain("`{` opened at line 5 is never closed");
    expect(components).toContain("aws_sqs_queue.a");
  });

  it("names the last block when it is the one left open at the end of the file", async () => {
    const { warning } = await extract(
      lines(...queue("a"), "", 'resource "aws_sqs_queue" "b" {', '  name = "b"'),
    );
    expect(warning.line).toBe(5);
    expect(warning.message).toContain("`{` opened at line 5 is never closed");
  });

  it("names the line of an argument without its value, and reads the blocks before and after it", async () => {
    const { warning, components } = await extract(
      lines(
        ...queue("a"),
        "",
        'resource "aws_lambda_function" "f" {',
        "  function_name =", // 6
        "  memory_size = 128",
        "}",
        "",
        'resource "aws_sns_topic" "b" {}',
      ),
    );
    expect(warning.line).toBe(6);
    expect(warning.message).not.toContain("never closed");
    expect(components).toEqual(["aws_lambda_function.f", "aws_sns_topic.b", "aws_sqs_queue.a"]);
  });

  it("names the line of an argument without its `=`", async () => {
    const { warning, components } = await extract(
      lines(
        ...queue("a"),
        'resource "aws_lambda_function" "f" {',
        '  function_name "f"', // 5
        "  memory_size = 128",
        "}",
      ),
    );
    expect(warning.line).toBe(5);
    expect(components).toContain("aws_sqs_queue.a");
  });

  it("names the line of an argument without its `=` as the only content of a block", async () => {
    const { warning } = await extract(lines('resource "aws_sqs_queue" "a" {', '  name "a"', "}"));
    // The parser reads `name "a"` as a block header missing its `{`, found on the `}` of line 3.
    expect(warning.line).toBe(2);
  });

  it("names a stray token inside a block by its own line, not the line of the value before it", async () => {
    const { warning, components } = await extract(
      lines(
        'resource "aws_sqs_queue" "a" {',
        '  name = "a"',
        "  @@@", // 3
        "  delay_seconds = 1",
        "}",
        "",
        ...queue("b"),
      ),
    );
    // The parser's error node starts at the value `"a"` of line 2 and swallows the `}` of line 5.
    expect(warning.line).toBe(3);
    expect(warning.message).not.toContain("never closed");
    expect(components).toContain("aws_sqs_queue.a");
  });

  it("names a stray `}` between blocks by its own line and keeps the block before it", async () => {
    const { warning, components } = await extract(
      lines(
        ...queue("a"),
        "", // 4
        "}", // 5
        "",
        ...queue("b"),
      ),
    );
    expect(warning.line).toBe(5);
    expect(components).toContain("aws_sqs_queue.a");
  });

  it("names garbage at the end of the file by its line and keeps every block before it", async () => {
    const { warning, components } = await extract(
      lines(
        ...queue("a"),
        "",
        'resource "aws_sns_topic" "b" {}',
        "",
        "%%% not hcl", // 7
      ),
    );
    expect(warning.line).toBe(7);
    expect(components).toEqual(["aws_sns_topic.b", "aws_sqs_queue.a"]);
  });
});

describe("a file cut off inside a list", () => {
  it("ends, and names the line of the last token before the cut", async () => {
    const text = [
      "  secrets = [",
      '    { name = "db-host", secret_data = google_sql_database_instance.db.private_ip_address },',
    ].join("\n");
    const result = await terraformFormat.extract([{ path: "main.tf", text }], {
      deadline: Date.now() + 5000,
    });
    expect(result.warnings.map((warning) => [warning.id, warning.line])).toEqual([
      ["terraform/invalid-hcl", 2],
    ]);
  });
});
