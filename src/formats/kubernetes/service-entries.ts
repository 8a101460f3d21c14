import { isExternalHost } from "../shared/hosts.js";
import type { FieldReader } from "./fields.js";

export interface DeclaredHost {
  host: string;
  line: number;
  /** Outside the mesh: a component even when no workload in these files names it. */
  external: boolean;
}

/**
 * Hosts an Istio ServiceEntry declares. `location: MESH_EXTERNAL`, or no location and a public name, is outside the
 * mesh; `MESH_INTERNAL` (a VM, a workload of another cluster) is a mesh host these files do not deploy. Which workload
 * calls any of them is not in the entry.
 */
export function serviceEntryHosts(
  fields: FieldReader,
  isClusterHost: (host: string) => boolean,
): DeclaredHost[] {
  const location = fields.at(["spec", "location"], "string");
  const hosts: DeclaredHost[] = [];
  const list = fields.at(["spec", "hosts"], "list") ?? [];
  list.forEach((entry, index) => {
    if (typeof entry !== "string") return;
    const host = entry.trim().toLowerCase().replace(/\.$/, "");
    if (host.length === 0 || host.includes("*") || isClusterHost(host)) return;
    const external = location === "MESH_EXTERNAL" || (location === undefined && isExternalHost(host));
    hosts.push({ host, line: fields.object.lineOf(["spec", "hosts", index]), external });
  });
  return hosts;
}
