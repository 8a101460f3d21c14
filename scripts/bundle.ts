/**
 * Bundles an entry point with every dependency into one ES module, for places that run no `npm ci`:
 * the GitHub Action (action/, committed only on release tags) and the AWS Lambda zip (build/lambda/); and the
 * package's `boxcutter` command (dist/bin/, built by `npm run build`), since one file starts faster than the ~50
 * modules it would load (CPU to start on an empty folder: 104 -> 87 ms, against 60 ms for `node -e 0`).
 * The format worker is bundled beside it, and the WebAssembly runtime and grammar the Terraform parser loads are
 * copied there too.
 *
 *   npm run bundle            action/ and build/lambda/
 *   npm run bundle -- --out <dir> action|lambda|cli
 */
import { copyFile, mkdir, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { extname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { build, type Plugin } from "esbuild";

const root = resolve(import.meta.dirname, "..");
const require = createRequire(import.meta.url);

export const TARGETS = {
  action: { entry: "src/action.ts", out: "action", file: "index.js" },
  lambda: { entry: "src/lambda.ts", out: "build/lambda", file: "index.mjs" },
  cli: { entry: "src/cli.ts", out: "dist/bin", file: "boxcutter.js" },
} as const;
export type Target = keyof typeof TARGETS;

const WASM = [
  "web-tree-sitter/web-tree-sitter.wasm",
  "@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm",
];

// CommonJS dependencies call require() for Node's own modules, which an ES module has no binding for.
const BANNER = [
  'import { createRequire as __boxcutterCreateRequire } from "node:module";',
  "const require = __boxcutterCreateRequire(import.meta.url);",
].join("\n");

/**
 * The YAML reader loads js-yaml's CommonJS build through createRequire (it parses faster), which a bundler cannot
 * follow; inside the bundle a plain require() names the same build.
 */
const bundleCreateRequire: Plugin = {
  name: "bundle-create-require",
  setup(builder) {
    builder.onLoad({ filter: /src[\\/]formats[\\/]shared[\\/]yaml\.ts$/ }, async (args) => {
      const text = await readFile(args.path, "utf8");
      const call = 'createRequire(import.meta.url)("js-yaml")';
      if (!text.includes(call)) throw new Error(`${args.path} no longer loads js-yaml with ${call}`);
      return { contents: text.replace(call, 'require("js-yaml")'), loader: "ts" };
    });
  },
};

export async function bundle(target: Target, outDir = join(root, TARGETS[target].out)): Promise<string> {
  const { entry, file } = TARGETS[target];
  const version = (JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { version: string })
    .version;
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  // The format worker beside the bundle, named like it (see FORMAT_WORKER in src/extraction/format-threads.ts).
  const builds = [
    { entry, outfile: file },
    { entry: "src/extraction/format-worker.ts", outfile: `format-worker${extname(file)}` },
  ];
  for (const built of builds) await bundleOne(join(root, built.entry), join(outDir, built.outfile), version);
  for (const wasm of WASM) await copyFile(require.resolve(wasm), join(outDir, wasm.split("/").pop()!));
  return outDir;
}

async function bundleOne(entry: string, outfile: string, version: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    minify: true,
    legalComments: "none",
    banner: { js: BANNER },
    define: { BOXCUTTER_VERSION: JSON.stringify(version) },
    plugins: [bundleCreateRequire],
    logLevel: "warning",
  });
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  const { values, positionals } = parseArgs({ options: { out: { type: "string" } }, allowPositionals: true });
  const targets = (positionals.length > 0 ? positionals : ["action", "lambda"]) as Target[];
  for (const target of targets) {
    if (!(target in TARGETS))
      throw new Error(`unknown target ${target}; use ${Object.keys(TARGETS).join(" or ")}`);
    const dir = await bundle(target, values.out === undefined ? undefined : resolve(values.out));
    // On stderr: `npm pack --json` runs the build and prints its JSON on stdout.
    console.error(`${target}: ${dir}`);
  }
}
