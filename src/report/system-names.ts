/**
 * Systems named for people: `compose:.` reads "the docker-compose project at the repository root",
 * `kubernetes:k8s/prod` "the Kubernetes manifests in k8s/prod/". The ids stay in JSON, where machines read them.
 */
import { codeSpan, plainText } from "./escape.js";

const FORMAT_NAMES: Record<string, string> = {
  compose: "docker-compose project",
  kubernetes: "Kubernetes manifests",
  terraform: "Terraform configuration",
};

interface Place {
  /** `docker-compose project`, `docker-compose file`, `Kubernetes manifests` ... */
  what: string;
  /** The variant file a compose system is named after (`compose:deploy#compose.prod.yaml`). */
  file?: string;
  /** Undefined at the repository root. */
  folder?: string;
}

function placeOf(id: string): Place | undefined {
  const colon = id.indexOf(":");
  const format = colon > 0 ? id.slice(0, colon) : "";
  const what = Object.hasOwn(FORMAT_NAMES, format) ? FORMAT_NAMES[format] : undefined;
  if (what === undefined) return undefined;
  let rest = id.slice(colon + 1);
  const hash = format === "compose" ? rest.indexOf("#") : -1;
  const file = hash >= 0 ? rest.slice(hash + 1) : undefined;
  if (hash >= 0) rest = rest.slice(0, hash);
  const folder = rest === "." || rest === "" ? undefined : rest.replace(/\/+$/, "");
  return {
    what: file === undefined ? what : "docker-compose file",
    ...(file === undefined ? {} : { file }),
    ...(folder === undefined ? {} : { folder }),
  };
}

/** `the docker-compose project in deploy/`, as plain text (a check-run title or annotation). */
export function systemNamePlain(id: string): string {
  const place = placeOf(id);
  if (!place) return plainText(id);
  const file = place.file === undefined ? "" : ` ${plainText(place.file)}`;
  const where = place.folder === undefined ? "at the repository root" : `in ${plainText(place.folder)}/`;
  return `the ${place.what}${file} ${where}`;
}

/** `the docker-compose project in \`deploy/\``: the folder as code, since it comes from the repository. */
export function systemNameMarkdown(id: string): string {
  return systemNamesMarkdown([id]);
}

/**
 * Several systems in one phrase, those of one kind together: `the Kubernetes manifests in \`dev/\`, \`staging/\`
 * and \`prod/\``. Past `max` names the rest are counted.
 */
export function systemNamesMarkdown(ids: readonly string[], max = 10): string {
  const phrases: string[] = [];
  const byKind = new Map<string, { root: boolean; folders: string[] }>();
  for (const id of ids.slice(0, max)) {
    const place = placeOf(id);
    if (!place) {
      phrases.push(codeSpan(id));
      continue;
    }
    if (place.file !== undefined) {
      phrases.push(
        `the ${place.what} ${codeSpan(place.file)} ${whereMarkdown(place.folder === undefined, place.folder === undefined ? [] : [place.folder])}`,
      );
      continue;
    }
    const kind = byKind.get(place.what) ?? { root: false, folders: [] };
    if (place.folder === undefined) kind.root = true;
    else kind.folders.push(place.folder);
    byKind.set(place.what, kind);
  }
  for (const [what, kind] of byKind) phrases.push(`the ${what} ${whereMarkdown(kind.root, kind.folders)}`);
  if (ids.length > max) phrases.push(`${ids.length - max} more`);
  return phrases.join("; ");
}

function whereMarkdown(root: boolean, folders: readonly string[]): string {
  const parts: string[] = [];
  if (root) parts.push("at the repository root");
  if (folders.length > 0) parts.push(`in ${listed(folders.map((folder) => codeSpan(`${folder}/`)))}`);
  return parts.join(" and ");
}

function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** A sentence's or heading's start: `The docker-compose project at the repository root`. */
export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
