/**
 * The image a Dockerfile's final stage starts `FROM`: what the built container runs on. A project that builds its
 * database from `FROM postgres:16` (to add seed data) still runs a database. Stages named with `AS` are followed
 * (`FROM base AS final` after `FROM mysql:8 AS base`); an image given by a build argument cannot be known, a
 * version given by one does not matter.
 */
const FROM_LINE = /^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?\s*$/i;

export function finalBaseImage(dockerfile: string): string | undefined {
  const stages = new Map<string, string>();
  let last: string | undefined;
  for (const line of joinContinuations(dockerfile)) {
    const match = FROM_LINE.exec(line);
    if (!match) continue;
    const image = stages.get(match[1]!.toLowerCase()) ?? match[1]!;
    if (match[2]) stages.set(match[2].toLowerCase(), image);
    last = image;
  }
  const image = last === undefined ? undefined : withoutVariableTag(last);
  return image === undefined || image.includes("$") || image.toLowerCase() === "scratch" ? undefined : image;
}

/**
 * `eventuateio/eventuate-mysql8:$VERSION` still runs MySQL: a build argument in the tag or digest only picks a
 * version, so the repository alone is kept. One in the repository's name leaves the image unknown.
 */
function withoutVariableTag(image: string): string {
  const slash = image.lastIndexOf("/");
  const tagAt = image.slice(slash + 1).search(/[:@]/);
  if (tagAt < 0) return image;
  const at = slash + 1 + tagAt;
  return image.slice(at).includes("$") ? image.slice(0, at) : image;
}

function joinContinuations(text: string): string[] {
  return text.replace(/\\\r?\n/g, " ").split(/\r?\n/);
}
