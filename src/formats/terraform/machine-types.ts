import type { Resources } from "../../graph/model.js";

/**
 * vCPU and memory of common instance, node and database types. Unknown types return undefined: a size is never guessed.
 */

const GIB = 1024 ** 3;

// AWS burstable types do not follow the family ratio.
const AWS_T_SIZES: Record<string, [number, number]> = {
  nano: [2, 0.5],
  micro: [2, 1],
  small: [2, 2],
  medium: [2, 4],
  large: [2, 8],
  xlarge: [4, 16],
  "2xlarge": [8, 32],
};

// GiB of memory per vCPU by AWS family letter (m general, c compute, r memory optimised).
const AWS_RATIO: Record<string, number> = { m: 4, c: 2, r: 8, x: 16, z: 8 };

const GCP_PREDEFINED: Record<string, [number, number]> = {
  "f1-micro": [0.2, 0.6],
  "g1-small": [0.5, 1.7],
  "e2-micro": [2, 1],
  "e2-small": [2, 2],
  "e2-medium": [2, 4],
  "db-f1-micro": [0.2, 0.6],
  "db-g1-small": [0.5, 1.7],
};
const GCP_RATIO: Record<string, number> = { standard: 4, highmem: 8, highcpu: 1 };

const AZURE_SIZES: Record<string, [number, number]> = {
  standard_b1s: [1, 1],
  standard_b1ms: [1, 2],
  standard_b2s: [2, 4],
  standard_b2ms: [2, 8],
  standard_b4ms: [4, 16],
  standard_d2s_v3: [2, 8],
  standard_d4s_v3: [4, 16],
  standard_d8s_v3: [8, 32],
  standard_d2s_v5: [2, 8],
  standard_d4s_v5: [4, 16],
  standard_ds2_v2: [2, 7],
  standard_f2s_v2: [2, 4],
  standard_e2s_v3: [2, 16],
  standard_e4s_v3: [4, 32],
  b1: [1, 1.75],
  b2: [2, 3.5],
  b3: [4, 7],
  s1: [1, 1.75],
  s2: [2, 3.5],
  p1v2: [1, 3.5],
  p2v2: [2, 7],
  p1v3: [2, 8],
  p2v3: [4, 16],
  p3v3: [8, 32],
};

export function machineResources(type: string): Resources | undefined {
  const normalised = type.trim().toLowerCase();
  const size = awsSize(normalised) ?? gcpSize(normalised) ?? AZURE_SIZES[normalised];
  if (!size) return undefined;
  return { cpuCores: size[0], memoryBytes: Math.round(size[1] * GIB) };
}

function awsSize(type: string): [number, number] | undefined {
  const match = /^(?:db\.|cache\.|kafka\.|search\.)?([a-z]+)(\d+)([a-z-]*)\.(\w+)$/.exec(type);
  if (!match) return undefined;
  const [, family = "", , , size = ""] = match;
  if (family === "t") return AWS_T_SIZES[size];
  const ratio = AWS_RATIO[family];
  if (ratio === undefined) return undefined;
  const cpus = size === "medium" ? 1 : size === "large" ? 2 : size === "xlarge" ? 4 : xlargeMultiple(size);
  return cpus === undefined ? undefined : [cpus, cpus * ratio];
}

function xlargeMultiple(size: string): number | undefined {
  const match = /^(\d+)xlarge$/.exec(size);
  return match ? Number(match[1]) * 4 : undefined;
}

function gcpSize(type: string): [number, number] | undefined {
  const known = GCP_PREDEFINED[type];
  if (known) return known;
  const custom = /^(?:db-)?custom-(\d+)-(\d+)$/.exec(type);
  if (custom) return [Number(custom[1]), Number(custom[2]) / 1024];
  const predefined = /^(?:db-)?(?:[a-z]\d[a-z]?)-(standard|highmem|highcpu)-(\d+)$/.exec(type);
  if (predefined) return [Number(predefined[2]), Number(predefined[2]) * (GCP_RATIO[predefined[1]!] ?? 4)];
  return undefined;
}

/** ECS/Fargate task sizes: CPU units (1024 per vCPU) and MiB. */
export function taskResources(cpuUnits: unknown, memoryMib: unknown): Resources | undefined {
  const cpu = literalNumber(cpuUnits);
  const memory = literalNumber(memoryMib);
  const resources: Resources = {};
  if (Number.isFinite(cpu) && cpu > 0) resources.cpuCores = cpu / 1024;
  if (Number.isFinite(memory) && memory > 0) resources.memoryBytes = memory * 1024 * 1024;
  return Object.keys(resources).length > 0 ? resources : undefined;
}

/** `512` or `"512"`; anything else (a value only known at apply time, a list) is no size rather than a throw. */
function literalNumber(value: unknown): number {
  return typeof value === "number" || typeof value === "string" ? Number(value) : Number.NaN;
}
