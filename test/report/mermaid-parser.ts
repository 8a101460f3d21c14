/**
 * Mermaid 11's parser expects a browser: a jsdom window and document (DOMPurify needs `window`)
 * are installed as globals before mermaid is imported.
 */
import { JSDOM } from "jsdom";
import type MermaidApi from "mermaid";

type Mermaid = typeof MermaidApi;
let loaded: Promise<Mermaid> | undefined;

export function loadMermaid(): Promise<Mermaid> {
  loaded ??= (async () => {
    const dom = new JSDOM("<!doctype html><html><body></body></html>", { pretendToBeVisual: true });
    const globals = globalThis as Record<string, unknown>;
    globals.window = dom.window;
    globals.document = dom.window.document;
    if (globals.navigator === undefined) globals.navigator = dom.window.navigator;
    const { default: mermaid } = await import("mermaid");
    mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
    return mermaid;
  })();
  return loaded;
}

/** Counts the links Mermaid would draw: one per arrow line. */
export function countEdges(diagram: string): number {
  return diagram.split("\n").filter((line) => /\s(-->|==>|-\.->|-\..*\.->)\s/.test(line)).length;
}
