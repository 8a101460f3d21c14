/** What every output of a hostile case must (and must not) say, shared by the command-line and app tests. */
import { expect } from "vitest";
import { loadMermaid } from "../report/mermaid-parser.js";
import { PLANTED_SECRETS, type ExpectedWarning } from "./corpus.js";

interface Warning {
  id: string;
  file: string;
  line?: number | null;
}

/** Each expected warning is among `warnings`, with its line when one is given. */
export function expectWarnings(
  where: string,
  warnings: readonly Warning[],
  expected: readonly ExpectedWarning[],
): void {
  for (const want of expected) {
    const id = new RegExp(`^(?:${want.id})$`);
    const file = new RegExp(`^(?:${want.file})$`);
    const found = warnings.find(
      (warning) =>
        id.test(warning.id) &&
        file.test(warning.file) &&
        (want.line === undefined || warning.line === want.line),
    );
    const seen = warnings.filter((warning) => id.test(warning.id)).map((w) => `${w.id} ${w.file}:${w.line}`);
    expect([where, want, found !== undefined, seen]).toEqual([where, want, true, seen]);
  }
}

/** No planted credential, no stack trace. */
export function expectNothingLeaked(where: string, text: string): void {
  for (const secret of PLANTED_SECRETS)
    expect([where, secret, text.includes(secret)]).toEqual([where, secret, false]);
  expect([where, /\n\s+at .+:\d+:\d+\)?\n/.test(text)]).toEqual([where, false]);
  expect([where, /\b(TypeError|RangeError|ReferenceError|SyntaxError): /.test(text)]).toEqual([where, false]);
}

/**
 * Markdown that GitHub would render without notifying anyone, linking an issue, or opening HTML: outside code
 * spans and fences, every `@` and `#<digit>` is broken by an invisible character and no tag from a file opens.
 */
export function expectInertMarkdown(where: string, markdown: string, repository?: string): void {
  // The app's own hidden marker (`<!-- boxcutter:report ... -->`) is the one comment it writes, and its only links
  // go to lines of the repository's files at a commit, every character of the path percent-encoded.
  const ownLinks = repository
    ? new RegExp(`\\]\\(${escapeRegExp(repository)}/blob/[0-9a-f]{40}/[A-Za-z0-9%._~/-]+(#L\\d+)?\\)`, "g")
    : /$^/;
  const prose = markdown
    .replace(ownLinks, "]")
    .replace(/^<!-- boxcutter:[^\n]*-->$/gm, "")
    .replace(/```[\s\S]*?```/g, "")
    .replace(/(`+)[\s\S]*?\1/g, "");
  expect([where, prose.match(/@[A-Za-z0-9_-]/g) ?? []]).toEqual([where, []]);
  expect([where, prose.match(/#\d/g) ?? []]).toEqual([where, []]);
  expect([where, prose.match(/<(?!\/?(details|summary)\b)[A-Za-z!/][^>]*>/g) ?? []]).toEqual([where, []]);
  expect([where, count(prose, /<details\b/g)]).toEqual([where, count(prose, /<\/details>/g)]);
  expect([where, prose.match(/\]\(https?:/g) ?? []]).toEqual([where, []]);
}

/** Every diagram parses with Mermaid's own parser, and no file's text becomes a directive or a click handler. */
export async function expectValidMermaid(where: string, diagrams: readonly string[]): Promise<void> {
  const mermaid = await loadMermaid();
  for (const diagram of diagrams) {
    expect([where, /%%\{/.test(diagram), /^\s*click\b/m.test(diagram)]).toEqual([where, false, false]);
    await expect(mermaid.parse(diagram), where).resolves.toBeTruthy();
  }
}

/** The diagrams of `--format mermaid` (one per system, each after its `%%` comment line). */
export function mermaidDiagrams(output: string): string[] {
  return output.split(/\n(?=%% )/).filter((diagram) => diagram.trim() !== "");
}

/** The diagrams inside a Markdown report's ```mermaid fences. */
export function fencedDiagrams(markdown: string): string[] {
  return [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function count(text: string, pattern: RegExp): number {
  return (text.match(pattern) ?? []).length;
}
