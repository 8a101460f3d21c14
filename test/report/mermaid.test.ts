import { describe, expect, it } from "vitest";
import { renderMermaid, renderMermaidDiagram } from "../../src/report/mermaid.js";
import { mermaidId } from "../../src/report/escape.js";
import type { SystemReport } from "../../src/analysis/types.js";
import { component, deltaOf, edge, hugeSystem, systemAddingNames, workedSystem } from "./fixtures.js";
import { COMPONENT_KINDS } from "../../src/graph/model.js";
import { countEdges, loadMermaid } from "./mermaid-parser.js";

/** Parses with the real Mermaid parser and returns the edges and vertices it found. */
async function parse(text: string): Promise<{ edges: number; vertices: string[] }> {
  const mermaid = await loadMermaid();
  await expect(mermaid.parse(text)).resolves.toBeTruthy();
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db as unknown as { getEdges(): unknown[]; getVertices(): Map<string, unknown> };
  return { edges: db.getEdges().length, vertices: [...db.getVertices().keys()] };
}

const HOSTILE = [
  "amqp://guest:hunter2@rabbit",
  'api"]);<script>alert(1)</script>',
  "`tick`",
  "a|b",
  "line\nbreak",
  "@org/team",
  "#123",
  "end",
  "o",
];

function hostileSystem(): SystemReport {
  return systemAddingNames(HOSTILE, {
    system: "compose:hostile",
    file: "x.yml",
    kindOf: (i) => COMPONENT_KINDS[i % COMPONENT_KINDS.length]!,
    webKind: "gateway",
    callLine: 3,
    callDetail: "URL=postgres://u:hunter2@db/x",
  });
}

/** The worked example in reverse: head drops cache, events, indexer and search. */
function removalSystem(): SystemReport {
  const forward = workedSystem();
  return {
    ...forward,
    delta: deltaOf(forward.head, forward.base),
    base: forward.head,
    head: forward.base,
  };
}

describe("renderMermaid", () => {
  it("draws the worked example's head graph with a client, classes and added calls marked", async () => {
    const text = renderMermaid(workedSystem());
    expect(text.startsWith("flowchart LR\n")).toBe(true);
    expect(text).toContain(`client --> ${mermaidId("web")}`);
    expect(text).toContain(`${mermaidId("api")} --> ${mermaidId("search")}`);
    expect(text).toContain(`${mermaidId("web")} --> ${mermaidId("api")}`);
    // Colour tells the change, shape the kind; calls through a queue are dotted.
    expect(text).toContain(`${mermaidId("search")}[("search")]:::added`);
    expect(text).toContain(`${mermaidId("web")}["web"]:::unchanged`);
    expect(text).toMatch(/-\.-> n_events/);
    // client edge first, then web->api, api->posts-db; the five added calls are links 3..7, and the unchanged
    // calls on the way to them (client -> web -> api) are highlighted too.
    expect(text).toContain("linkStyle 3,4,5,6,7 stroke:#1a7f37,stroke-width:3px");
    expect(text).toContain("linkStyle 0,1 stroke:#1a7f37,stroke-width:2px");
    const parsed = await parse(text);
    expect(parsed.edges).toBe(8);
    // The indexer only consumes from the queue: it is drawn apart, in the background subgraph.
    expect(text).toMatch(/subgraph background \["[^"]+"\]\n {4}n_indexer\[/);
    expect(parsed.vertices.filter((vertex) => vertex !== "background")).toHaveLength(8);
  });

  it("marks removed components and calls dashed with the removed class", async () => {
    const text = renderMermaid(removalSystem());
    expect(text).toContain(`${mermaidId("search")}[("search (removed)")]:::removed`);
    expect(text).toContain(`${mermaidId("api")} --> ${mermaidId("search")}`);
    expect(text).toMatch(/linkStyle [\d,]+ stroke:#cf222e,stroke-width:2px,stroke-dasharray:6 4/);
    const parsed = await parse(text);
    // Three head links (client, web->api, api->posts-db) plus five removed ones.
    expect(parsed.edges).toBe(8);
  });

  it("escapes hostile names and keeps secrets out", async () => {
    const text = renderMermaid(hostileSystem());
    expect(text).not.toContain("<script>");
    expect(text).not.toContain("hunter2");
    expect(text).toContain("#lt;");
    expect(text).toContain("#quot;");
    for (const line of text.split("\n")) expect(line.startsWith("  ") || line === "flowchart LR").toBe(true);
    const parsed = await parse(text);
    // One call to each hostile name plus the client's call to `web`; every name its own vertex.
    expect(parsed.edges).toBe(HOSTILE.length + 1);
    expect(new Set(parsed.vertices).size).toBe(HOSTILE.length + 2);
  });

  it("past 500 edges draws only the changed part, under GitHub's limits, with a note", async () => {
    const system = hugeSystem("compose:huge", 700, 40);
    const diagram = renderMermaidDiagram(system);
    expect(diagram.capped).toBe(true);
    expect(diagram.text.length).toBeLessThan(50_000);
    expect(countEdges(diagram.text)).toBeLessThan(500);
    expect(diagram.text).toMatch(/components and \d+ edges left out/);
    // The 40 added datastores hang off svc-0 and are all drawn; most of the chain is not.
    for (let i = 700; i < 740; i += 1) expect(diagram.text).toContain(mermaidId(`svc-${i}`));
    expect(diagram.omittedComponents.length).toBe(740 - diagram.drawnComponents);
    expect(diagram.omittedComponents).toContain("svc-500");
    const parsed = await parse(diagram.text);
    expect(parsed.edges).toBeLessThan(500);
    expect(parsed.edges).toBe(diagram.drawnEdges);
  });

  it("stays under the character cap with huge names", async () => {
    const system = hugeSystem("compose:long", 50, 400, (i) => `${"x".repeat(3000)}-${i}`);
    const diagram = renderMermaidDiagram(system, { maxChars: 20_000 });
    expect(diagram.capped).toBe(true);
    expect(diagram.text.length).toBeLessThanOrEqual(20_000);
    expect(diagram.drawnEdges).toBeGreaterThan(10);
    await parse(diagram.text);
  });

  it("gives names that differ only in a redacted secret their own nodes", async () => {
    const system = hostileSystem();
    const head = system.head!;
    for (const password of ["one", "two"]) {
      const name = `redis://:${password}@cache`;
      head.components.push(component(head.id, name, "cache", "x.yml", 40));
      head.edges.push(edge(head, "web", name, "x.yml", 40));
    }
    const text = renderMermaid({ ...system, head });
    expect(text).not.toMatch(/one|two/);
    const parsed = await parse(text);
    expect(new Set(parsed.vertices).size).toBe(HOSTILE.length + 4);
    expect(parsed.edges).toBe(HOSTILE.length + 3);
  });

  it("respects a small edge cap", () => {
    const diagram = renderMermaidDiagram(workedSystem(), { maxEdges: 4 });
    expect(diagram.capped).toBe(true);
    expect(countEdges(diagram.text)).toBeLessThanOrEqual(4);
    expect(diagram.drawnEdges).toBe(countEdges(diagram.text));
  });
});
