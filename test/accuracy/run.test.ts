import { describe, expect, it } from "vitest";
import { resolveInputs } from "../../src/accuracy/cases.js";
import { formatText, toJson } from "../../src/accuracy/print.js";
import { runAccuracy, type AccuracyEngine } from "../../src/accuracy/run.js";
import type { InputFile } from "../../src/formats/types.js";
import type { ComponentKind, SystemGraph } from "../../src/graph/model.js";
import { changeReport, component, edge, graphSet, system, writeTree } from "./helpers.js";

/**
 * A stand-in for the extractors, so the scores below depend on the scoring alone: every `*.graph` file holds
 * lines `component <name> <kind> [alias...]`, `edge <from> <to>` and `entry <name>`; other files are ignored.
 */
function parseGraph(files: InputFile[]): SystemGraph {
  const graph = system("test:.", []);
  for (const file of files.filter((f) => f.path.endsWith(".graph"))) {
    for (const line of file.text.split("\n")) {
      const [word, a, b, ...rest] = line.trim().split(/\s+/);
      if (word === "component") graph.components.push(component(a!, b as ComponentKind, rest));
      if (word === "edge") graph.edges.push(edge(a!, b!, `test/${file.path}`));
      if (word === "entry") graph.entryPoints.push({ component: a!, via: "port", evidence: [] });
    }
  }
  return graph;
}

const seen: string[][] = [];
const engine: AccuracyEngine = {
  async buildGraphs(files) {
    seen.push(files.map((f) => f.path));
    return graphSet(parseGraph(files));
  },
  async analyzeChange(base, head) {
    return changeReport(parseGraph(base), parseGraph(head));
  },
};

const EXPECTED = `
case: shop
views:
  - name: app
    inputs: [app.graph, conf/, missing.graph]
    components:
      - {name: web, kind: service, aliases: [frontend]}
      - {name: api, kind: service}
      - {name: db, kind: datastore}
    edges:
      - {from: web, to: api, kind: sync, visible: true, optional: false}
      - {from: api, to: db, kind: sync, visible: false, optional: false}
    entry_points:
      - {component: web}
    non_edges:
      - [web, db]
`;

const BASE = "component web service\ncomponent api-old service\nedge web api-old\n";

async function shopCases(): Promise<string> {
  return writeTree({
    "shop/expected.yaml": EXPECTED,
    "shop/files/app.graph":
      "component frontend service\ncomponent api service\ncomponent db datastore\nentry frontend\n",
    // The edge is only in a file the deployment mounts: found only under supporting/.
    "shop/supporting/conf/routes.graph": "edge frontend api\n",
    "shop/files/conf/readme.txt": "not a graph",
    // Rename api-old -> api: the same component under its new name, so a negative control still passes.
    "shop/deltas/rename/expected.yaml": `
view_inputs: [app.graph]
added_components: []
removed_components: []
added_edges: []
removed_edges: []
negative_control: true
aliases:
  api: [api-old]
`,
    "shop/deltas/rename/base/app.graph": BASE,
    "shop/deltas/rename/head/app.graph": "component web service\ncomponent api service\nedge web api\n",
    // A negative control that does change the graph.
    "shop/deltas/leaky/expected.yaml": "view_inputs: [app.graph]\nnegative_control: true\n",
    "shop/deltas/leaky/base/app.graph": BASE,
    "shop/deltas/leaky/head/app.graph": `${BASE}component db datastore\nedge api-old db\n`,
    // An addition, with an optional component that may or may not be reported; the new file is head-only.
    "shop/deltas/seed/expected.yaml": `
view_inputs: [app.graph, seed.graph]
added_components: [seed]
removed_components: []
added_edges: [[seed, web]]
removed_edges: [[web, api-old]]
optional_components: [debug]
negative_control: false
`,
    "shop/deltas/seed/base/app.graph": BASE,
    "shop/deltas/seed/head/app.graph": BASE,
    "shop/deltas/seed/supporting/head/seed.graph":
      "component seed service\ncomponent debug service\nedge seed web\n",
    "other/notes.md": "a folder without expected.yaml is no case",
  });
}

describe("resolveInputs", () => {
  it("reads a file from files/ first, then supporting/, merges folders, and reports what is missing or binary", async () => {
    const root = await writeTree({
      "files/a.yml": "a",
      "files/dir/x.yml": "files x",
      "supporting/b.env": "\uFEFFb",
      "supporting/dir/x.yml": "supporting x",
      "supporting/dir/deep/y.yml": "y",
      "supporting/dir/logo.png": "\u0000\u0001",
    });
    const resolved = await resolveInputs(
      [`${root}/files`, `${root}/supporting`],
      ["a.yml", "./b.env", "dir/", "missing.yml", "../escape.yml"],
    );
    expect(resolved.files).toEqual([
      { path: "a.yml", text: "a" },
      { path: "b.env", text: "b" },
      { path: "dir/deep/y.yml", text: "y" },
      { path: "dir/x.yml", text: "files x" },
    ]);
    expect(resolved.missing).toEqual(["missing.yml", "../escape.yml"]);
    expect(resolved.skipped).toEqual([{ path: "dir/logo.png", reason: "binary" }]);
  });
});

describe("runAccuracy", () => {
  it("scores each view on exactly its inputs, with an input found only in supporting/", async () => {
    const run = await runAccuracy(await shopCases(), engine);
    expect(run.cases.map((c) => c.name)).toEqual(["shop"]);
    const view = run.cases[0]!.views[0]!;
    expect(seen[0]).toEqual(["app.graph", "conf/readme.txt", "conf/routes.graph"]);
    expect(view.missingInputs).toEqual(["missing.graph"]);
    expect(view.score.counts.edges).toMatchObject({
      foundRequired: 1,
      falsePositives: 0,
      required: 2,
      requiredVisible: 1,
    });
    expect(run.total.entryPoints).toEqual({
      required: 1,
      foundRequired: 1,
      falsePositives: 0,
      optionalFound: 0,
    });
  });

  it("scores deltas: renames through aliases, a failing negative control, optional components and one-side inputs", async () => {
    const run = await runAccuracy(await shopCases(), engine);
    const deltas = new Map(run.cases[0]!.deltas.map((d) => [d.id, d]));
    expect([...deltas.keys()]).toEqual(["leaky", "rename", "seed"]);
    expect(deltas.get("rename")!.score!.exact).toBe(true);

    const leaky = deltas.get("leaky")!.score!;
    expect(leaky.exact).toBe(false);
    expect(leaky.negativeControl).toBe(true);
    expect(leaky.addedComponents.unexpected.map((u) => u.name)).toEqual(["db"]);
    // Outside this delta's aliases, api-old is no label: it keeps its own name.
    expect(leaky.addedEdges.unexpected.map((u) => u.name)).toEqual(["api-old -> db"]);
    expect(leaky.addedEdges.unexpected[0]!.found[0]!.evidence[0]!.rule).toBe("test/app.graph");

    const seed = deltas.get("seed")!;
    expect(seed.missingInputs).toEqual([]);
    expect(seed.fileCount).toEqual({ base: 1, head: 2 });
    expect(seed.score!.addedComponents).toMatchObject({ matched: ["seed"], unexpected: [] });
    expect(seed.score!.addedEdges.matched).toEqual(["seed -> web"]);
    // A labelled removal that did not happen is a miss, with what the analysis had instead.
    expect(seed.score!.removedEdges.missing).toEqual([
      { name: "web -> api-old", context: "present at base and at head" },
    ]);
    expect(seed.score!.exact).toBe(false);
  });

  it("prints every finding and the summary, and the same as JSON", async () => {
    const run = await runAccuracy(await shopCases(), engine);
    const text = formatText(run);
    expect(text).toContain("input not found: missing.graph");
    expect(text).toContain("missed edge: api -> db (visible: false, out of reach of configuration)");
    expect(text).toContain("unexpected added edge: api-old -> db");
    expect(text).toContain("app.yml:7 test/app.graph: api-old needs db");
    expect(text).toMatch(/shop \/ app\s+1\.00 3\/3\s+1\.00 3\/3\s+1\.00 1\/1\s+1\.00 1\/1\s+0\.50 1\/2/);
    expect(text).toContain("deltas exact: 1/3");
    const json = toJson(run) as {
      overall: { metrics: { edgeRecallAll: number }; deltas: { exact: number } };
    };
    expect(json.overall.metrics.edgeRecallAll).toBe(0.5);
    expect(json.overall.deltas.exact).toBe(1);
  });
});
