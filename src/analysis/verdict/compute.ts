/**
 * Compute: the work the change adds needs more than one large machine. CPU requested by the services added or
 * grown, times the most replicas they may run, against the vCPU ceiling; any GPU request meets it outright.
 */
import type { SystemReport } from "../types.js";
import { addedOrGrown, instances, sizeFact } from "./sizes.js";
import { nameList } from "./names.js";
import type { Ceilings, TriggerEvidence, TriggerFact } from "./types.js";

const RUNS_CODE = new Set(["service"]);

export function computeEvidence(system: SystemReport, ceilings: Ceilings): TriggerEvidence {
  const services = addedOrGrown(system, RUNS_CODE);
  const evidence = { trigger: "compute" as const, facts: [] as TriggerFact[], covers: [] as string[] };
  if (services.length === 0) return { ...evidence, status: "not-met", summary: "adds or grows no service" };
  let vcpus = 0;
  const gpuServices: string[] = [];
  const unsized: string[] = [];
  for (const service of services) {
    const count = instances(service);
    const { cpuCores, gpus } = service.resources ?? {};
    if (gpus !== undefined && gpus > 0) gpuServices.push(service.name);
    if (cpuCores === undefined && !gpus) {
      unsized.push(service.name);
      continue;
    }
    vcpus += (cpuCores ?? 0) * count;
    const sizes = [
      cpuCores === undefined ? undefined : `${round(cpuCores)} vCPU`,
      gpus ? `${round(gpus)} GPU` : undefined,
    ];
    evidence.facts.push(sizeFact(system, service, sizes, count));
  }
  if (gpuServices.length > 0) {
    const names = nameList(gpuServices);
    return { ...evidence, covers: gpuServices, status: "met", summary: `GPU requested by ${names}` };
  }
  const total = `${round(vcpus)} vCPU`;
  if (vcpus > ceilings.vcpus) {
    const sized = services.map((service) => service.name).filter((name) => !unsized.includes(name));
    return {
      ...evidence,
      covers: sized,
      status: "met",
      summary: `${total}: more than one machine's ${ceilings.vcpus}`,
    };
  }
  if (unsized.length > 0) {
    const names = nameList(unsized);
    const known = evidence.facts.length > 0 ? `; ${total} declared` : "";
    return { ...evidence, status: "unknown", summary: `no CPU or GPU request for ${names}${known}` };
  }
  return { ...evidence, status: "not-met", summary: `${total}, within one machine's ${ceilings.vcpus}` };
}

function round(value: number): string {
  return String(Math.round(value * 100) / 100);
}
