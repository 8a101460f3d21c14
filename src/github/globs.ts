/**
 * Minimal path globs for `paths.ignore`: `**` crosses folders, `*` and `?` stay within one path segment.
 * A pattern without a slash matches a file name in any folder, as in `.gitignore`.
 */
export function globToRegExp(pattern: string): RegExp {
  const anchored = pattern.includes("/") ? pattern.replace(/^\//, "") : `**/${pattern}`;
  let source = "";
  for (let i = 0; i < anchored.length; i++) {
    const char = anchored[i]!;
    if (char === "*") {
      if (anchored[i + 1] === "*") {
        const slashFollows = anchored[i + 2] === "/";
        source += slashFollows ? "(?:.*/)?" : ".*";
        i += slashFollows ? 2 : 1;
      } else {
        source += "[^/]*";
      }
    } else if (char === "?") {
      source += "[^/]";
    } else {
      source += char.replace(/[\\^$.+()|{}[\]]/g, "\\$&");
    }
  }
  // A folder pattern (`vendor/`, `legacy/**`) covers everything below it.
  if (source.endsWith("/")) source += ".*";
  return new RegExp(`^${source}$`);
}

export function pathMatcher(patterns: readonly string[]): (path: string) => boolean {
  const expressions = patterns.map(globToRegExp);
  return (path) => expressions.some((expression) => expression.test(path));
}
