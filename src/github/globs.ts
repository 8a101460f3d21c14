import picomatch from "picomatch";

/**
 * `paths.ignore` globs, read as .gitignore reads them: `**` crosses folders, `*`, `?`, `[abc]` and `{a,b}` stay
 * within a segment; a pattern without a slash matches a name in any folder; a trailing slash covers the folder;
 * a leading slash anchors at the root; `!pattern` takes back what an earlier pattern ignored (last match wins).
 */
function compile(pattern: string): { negated: boolean; matches: (path: string) => boolean } {
  const negated = pattern.startsWith("!");
  let glob = negated ? pattern.slice(1) : pattern;
  const anchored = glob.startsWith("/");
  glob = glob.replace(/^\/+/, "");
  // As in .gitignore, only a slash before the end ties a pattern to the root.
  const anywhere = !anchored && !glob.replace(/\/$/, "").includes("/");
  if (glob.endsWith("/")) glob += "**";
  const matches = picomatch(anywhere ? `**/${glob}` : glob, { dot: true });
  return { negated, matches };
}

export function pathMatcher(patterns: readonly string[]): (path: string) => boolean {
  const compiled = patterns.filter((pattern) => pattern.trim() !== "").map(compile);
  return (path) => {
    let ignored = false;
    for (const pattern of compiled) if (pattern.matches(path)) ignored = !pattern.negated;
    return ignored;
  };
}
