/**
 * The floor: the least any tool must do with these trees. Reads every YAML and Terraform file under the folders
 * given and parses it with the parser libraries boxcutter uses (js-yaml's CommonJS `loadAll`, the tree-sitter
 * Terraform grammar), and nothing else.
 */
import { createRequire } from "node:module";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type * as JsYaml from "js-yaml";
import { Language, Parser } from "web-tree-sitter";

const require = createRequire(import.meta.url);
const yaml = require("js-yaml") as typeof JsYaml;
const READS_IN_FLIGHT = 16;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(ya?ml|tf)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

async function main(dirs: string[]): Promise<void> {
  await Parser.init();
  const parser = new Parser();
  parser.setLanguage(
    await Language.load(require.resolve("@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm")),
  );
  const paths = (await Promise.all(dirs.map(filesUnder))).flat();
  let next = 0;
  let documents = 0;
  const worker = async () => {
    while (next < paths.length) {
      const path = paths[next++]!;
      const text = await readFile(path, "utf8");
      if (path.endsWith(".tf")) parser.parse(text)?.delete();
      else documents += yaml.loadAll(text, null, { schema: yaml.CORE_SCHEMA, json: true }).length;
    }
  };
  await Promise.all(Array.from({ length: READS_IN_FLIGHT }, worker));
  process.stdout.write(`${JSON.stringify({ files: paths.length, documents })}\n`);
}

await main(process.argv.slice(2));
