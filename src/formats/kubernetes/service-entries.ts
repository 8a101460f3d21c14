import type { FieldReader } from "./fields.js";
import { isExternalHost } from "../shared/hosts.js";

export interface ExternalHost {
  host: string;
  line: number;
}

/**
 * Hosts an Istio ServiceEntry declares outside the mesh (`location: MESH_EXTERNAL`, or no location and a public
 * name). Which workload calls them is not in the entry, so no caller is guessed.
 */
export function serviceEntryHosts(
  fields: FieldReader,
  isClusterHost: (host: string) => boolean,
): ExternalHost[] {
  const location = fields.at(["spec", "location"], "string");
  if (location !== undefined && location !== "MESH_EXTERNAL") return [];
  const hosts: ExternalHost[] = [];
  const list = fields.at(["spec", "hosts"], "list") ?? [];
  list.forEach((entry, index) => {
    if (typeof entry !== "string") return;
    const host = entry.trim().toLowerCase().replace(/\.$/, "");
    if (host.length === 0 || host === "*" || isClusterHost(host)) return;
    // Without a location, only a public name says "outside"; a bare or `.local` name is a mesh workload.
    if (location === undefined && !isExternalHost(host.replace(/^\*\./, ""))) return;
    hosts.push({ host, line: fields.object.lineOf(["spec", "hosts", index]) });
  });
  return hosts;
}
