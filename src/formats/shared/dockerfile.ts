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

/** A `COPY` or `ADD` from the build context into the final image: its sources as written, where they land, its line. */
export interface ContextCopy {
  /** 1-based line of the instruction. */
  line: number;
  sources: string[];
  /** The destination as an absolute path in the image (a relative one is read from the stage's `WORKDIR`). */
  destination: string;
}

const COPY_LINE = /^\s*(COPY|ADD)\s+(.*)$/i;
const WORKDIR_LINE = /^\s*WORKDIR\s+(\S+)\s*$/i;

/**
 * The files the final image gets from the build context, read as Docker reads them and never run: the final stage's
 * `COPY`/`ADD` (and those of the stages it is built `FROM`), shell or JSON form. A copy from another stage or image
 * (`--from=`), a URL or a source given by a build argument brings nothing from the context and is left out.
 */
export function contextCopies(dockerfile: string): ContextCopy[] {
  const stages = new Map<string, { copies: ContextCopy[]; parent?: string }>();
  let current: { copies: ContextCopy[]; parent?: string; workdir: string } | undefined;
  for (const { line, text } of instructions(dockerfile)) {
    const stage = FROM_LINE.exec(text);
    if (stage) {
      const parent = stages.get(stage[1]!.toLowerCase());
      current = { copies: [...(parent?.copies ?? [])], workdir: "/" };
      if (stage[2]) stages.set(stage[2].toLowerCase(), current);
      continue;
    }
    if (!current) continue;
    const workdir = WORKDIR_LINE.exec(text);
    if (workdir) {
      current.workdir = posixJoin(current.workdir, workdir[1]!);
      continue;
    }
    const copy = COPY_LINE.exec(text);
    if (!copy) continue;
    const [, flags = "", rest = ""] = /^((?:--\S+\s+)*)([\s\S]*)$/.exec(copy[2]!.trim())!;
    if (/(?:^|\s)--from=/i.test(flags)) continue;
    const args = copyWords(rest);
    if (args.length < 2) continue;
    const destination = args[args.length - 1]!;
    const sources = args
      .slice(0, -1)
      .filter((source) => !/[$<]/.test(source) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(source));
    if (sources.length === 0 || destination.includes("$")) continue;
    current.copies.push({
      line,
      sources,
      destination: posixJoin(current.workdir, destination) + (destination.endsWith("/") ? "/" : ""),
    });
  }
  return current?.copies ?? [];
}

function posixJoin(base: string, path: string): string {
  const joined = path.startsWith("/") ? path : `${base.replace(/\/$/, "")}/${path}`;
  const parts: string[] = [];
  for (const part of joined.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `/${parts.join("/")}`;
}

/** `["a", "b", "/dest/"]` or `a b /dest/`. */
function copyWords(rest: string): string[] {
  const trimmed = rest.trim();
  if (trimmed.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed) && parsed.every((item) => typeof item === "string"))
        return parsed as string[];
    } catch {
      return [];
    }
    return [];
  }
  return trimmed.split(/\s+/).filter((word) => word !== "");
}

/** Instructions with continuation lines joined, each at the line it starts on; comments skipped. */
function instructions(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const start = index;
    let joined = lines[index]!;
    if (/^\s*#/.test(joined)) continue;
    while (/\\\s*$/.test(joined) && index + 1 < lines.length) {
      index++;
      const next = lines[index]!;
      if (/^\s*#/.test(next)) continue;
      joined = joined.replace(/\\\s*$/, " ") + next;
    }
    out.push({ line: start + 1, text: joined });
  }
  return out;
}
