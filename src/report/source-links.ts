/**
 * `file:line` in a pull request's comment and check run links to that line on GitHub, at the commit it was read
 * at: the head for what the change adds, the merge base for what it removes.
 */
import type { SourceLocation } from "../graph/model.js";
import { redact } from "./escape.js";

export interface SourceLinks {
  /** The repository's page, e.g. `https://github.com/octo/shop`. */
  repository: string;
  head: string;
  base: string;
}

export type Side = "head" | "base";

const SHA = /^[0-9a-f]{7,64}$/i;
// eslint-disable-next-line no-control-regex -- a path with control characters gets no link
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Undefined when the location names no file, or a path that should not go into a URL as it is. */
export function sourceUrl(links: SourceLinks, location: SourceLocation, side: Side): string | undefined {
  const { file, line } = location;
  const sha = links[side];
  if (!SHA.test(sha) || file === "" || file === "." || CONTROL.test(file)) return undefined;
  // A path that looks like it holds a credential is shown redacted, and a redacted path links nowhere.
  if (redact(file) !== file || file.startsWith("/") || file.split("/").includes("..")) return undefined;
  const path = file.split("/").map(encodeSegment).join("/");
  const anchor = line !== undefined && Number.isSafeInteger(line) && line > 0 ? `#L${line}` : "";
  return `${links.repository}/blob/${sha}/${path}${anchor}`;
}

/** Percent-encodes a path segment, parentheses too, so the URL cannot end a Markdown link early. */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The web address of the GitHub an API address belongs to: `https://api.github.com` is `https://github.com`. */
export function webUrlOf(apiUrl: string): string {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    return "https://github.com";
  }
  if (url.hostname === "api.github.com") return "https://github.com";
  // GitHub Enterprise Server answers its API under /api/v3 of the same host.
  const path = url.pathname.replace(/\/api\/v3\/?$/, "").replace(/\/+$/, "");
  return `${url.origin}${path}`;
}

export function repositoryUrl(apiUrl: string, owner: string, repo: string): string {
  return `${webUrlOf(apiUrl)}/${encodeSegment(owner)}/${encodeSegment(repo)}`;
}
