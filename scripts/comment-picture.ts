/**
 * Renders the example pull request's comment as GitHub shows it (GitHub's Markdown styles, Mermaid diagrams drawn
 * as SVG) in headless Chromium, and writes it as a PNG for the README:
 *
 *   npm run picture                    docs/comment.png
 *   npm run picture -- --out <file>
 *
 * Chromium is Debian's (`apt-get install chromium`), driven by playwright-core: no browser download.
 */
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { Marked, type Tokens } from "marked";
import { chromium, type Browser, type Page } from "playwright-core";
import { main } from "../src/cli/main.js";

const root = resolve(import.meta.dirname, "..");
const require = createRequire(import.meta.url);

export const CHROMIUM = "/usr/bin/chromium";
/** The width of a comment in a pull request's conversation on github.com. */
const COMMENT_WIDTH = 780;

/** Flags that keep Chromium from reaching for Google's services on a machine without a network. */
const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

/** The Markdown `npm run example` prints: the comment the example pull request gets. */
export async function exampleComment(): Promise<string> {
  let markdown = "";
  const status = await main(["diff", "examples/shop/base", "examples/shop/head"], {
    stdout: (text) => void (markdown += text),
    stderr: (text) => void process.stderr.write(text),
    cwd: root,
    env: {},
  });
  if (status !== 0) throw new Error(`the example's report failed (exit ${status})`);
  return markdown;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** GitHub-flavoured Markdown to HTML, with ```mermaid blocks left for Mermaid to draw, as GitHub does. */
export function commentHtml(markdown: string): string {
  const marked = new Marked({ gfm: true });
  marked.use({
    renderer: {
      code(token: Tokens.Code) {
        if (token.lang === "mermaid") return `<pre class="mermaid">${escapeHtml(token.text)}</pre>\n`;
        return false;
      },
    },
  });
  return marked.parse(markdown, { async: false });
}

async function page(browser: Browser, markdown: string): Promise<Page> {
  const styles = await readFile(require.resolve("github-markdown-css/github-markdown-light.css"), "utf8");
  const tab = await browser.newPage({
    viewport: { width: COMMENT_WIDTH + 64, height: 800 },
    deviceScaleFactor: 2,
  });
  await tab.setContent(
    `<!doctype html><html><head><meta charset="utf-8"><style>${styles}
      body { margin: 0; background: #fff; }
      .comment { width: ${COMMENT_WIDTH}px; margin: 16px; border: 1px solid #d0d7de; border-radius: 6px; }
      .comment-header { padding: 8px 16px; background: #f6f8fa; border-bottom: 1px solid #d0d7de;
        font: 14px -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #59636e; }
      .markdown-body { padding: 16px; box-sizing: border-box; }
      pre.mermaid { background: #fff; text-align: center; }
    </style></head><body><div class="comment"><div class="comment-header"><b>boxcutter</b> bot commented</div>
    <article class="markdown-body">${commentHtml(markdown)}</article></div></body></html>`,
  );
  await tab.addScriptTag({ path: require.resolve("mermaid/dist/mermaid.min.js") });
  await tab.evaluate(async () => {
    const mermaid = (globalThis as unknown as { mermaid: MermaidGlobal }).mermaid;
    mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "default" });
    await mermaid.run({ querySelector: "pre.mermaid" });
  });
  return tab;
}

interface MermaidGlobal {
  initialize(config: Record<string, unknown>): void;
  run(options: { querySelector: string }): Promise<void>;
}

/** Opens the comment in headless Chromium; the caller inspects the page and closes the browser. */
export async function openComment(markdown: string): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  try {
    return { browser, page: await page(browser, markdown) };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

export async function renderPicture(markdown: string, out: string): Promise<void> {
  const { browser, page: tab } = await openComment(markdown);
  try {
    await writeFile(out, await tab.locator(".comment").screenshot({ type: "png" }));
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  const { values } = parseArgs({
    options: { out: { type: "string", default: join(root, "docs/comment.png") } },
  });
  if (!chromiumAvailable()) {
    console.error(
      `${CHROMIUM} not found: install Debian's chromium (apt-get install chromium) to render the picture.`,
    );
    process.exit(1);
  }
  await renderPicture(await exampleComment(), resolve(values.out!));
  console.log(`wrote ${values.out}`);
}
