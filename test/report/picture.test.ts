/// <reference lib="dom" />
import { describe, expect, it } from "vitest";
import { chromiumAvailable, CHROMIUM, exampleComment, openComment } from "../../scripts/comment-picture.js";

const hasChromium = chromiumAvailable();
const TITLE = hasChromium
  ? "renders the example comment: the diagram becomes an SVG with every component, and nothing overflows"
  : `renders the example comment (skipped: no Chromium at ${CHROMIUM}; apt-get install chromium)`;

interface Rendered {
  svgs: number;
  mermaidSources: number;
  labels: string[];
  overflowing: string[];
  pageOverflow: boolean;
}

describe("the comment as GitHub shows it", () => {
  it.skipIf(!hasChromium)(
    TITLE,
    async () => {
      const markdown = await exampleComment();
      const { browser, page } = await openComment(markdown);
      try {
        const rendered: Rendered = await page.evaluate(() => {
          const inside = (inner: DOMRect, outer: DOMRect) =>
            inner.left >= outer.left - 1 &&
            inner.right <= outer.right + 1 &&
            inner.top >= outer.top - 1 &&
            inner.bottom <= outer.bottom + 1;
          const article = document.querySelector(".markdown-body")!;
          const overflowing: string[] = [];
          for (const node of document.querySelectorAll("pre.mermaid svg g.node")) {
            const shape = node.querySelector("rect, path, polygon, circle")!.getBoundingClientRect();
            const text = node.querySelector(".nodeLabel, foreignObject, text")!;
            if (!inside(text.getBoundingClientRect(), shape)) overflowing.push(`label of ${node.id}`);
          }
          for (const element of article.querySelectorAll("table, pre, svg")) {
            if (!inside(element.getBoundingClientRect(), article.getBoundingClientRect()))
              overflowing.push(element.tagName);
          }
          return {
            svgs: document.querySelectorAll("pre.mermaid svg").length,
            mermaidSources: document.querySelectorAll("pre.mermaid").length,
            labels: [...document.querySelectorAll("pre.mermaid svg g.node .nodeLabel")].map(
              (label) => label.textContent ?? "",
            ),
            overflowing,
            pageOverflow: article.scrollWidth > article.clientWidth,
          };
        });
        expect(rendered.mermaidSources).toBeGreaterThan(0);
        expect(rendered.svgs).toBe(rendered.mermaidSources);
        // Every component the example's diagram names is a node of the drawing.
        const named = [...markdown.matchAll(/^ {2,4}n_\w+\S*?"([^"]+)"/gm)].map((match) => match[1]!);
        expect(named.length).toBeGreaterThan(5);
        expect([...rendered.labels].sort()).toEqual([...named, "client"].sort());
        expect(rendered.overflowing).toEqual([]);
        expect(rendered.pageOverflow).toBe(false);
      } finally {
        await browser.close();
      }
    },
    120_000,
  );
});
