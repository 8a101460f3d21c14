import type { Resources } from "../../graph/model.js";

const UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  k: 1024,
  kb: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
};

/** Compose byte values: `512M`, `2g`, `1.5gb`, or a plain number of bytes. */
export function parseBytes(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined;
  if (typeof value !== "string") return undefined;
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]{0,2})$/i.exec(value.trim());
  const unit = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  return match && unit !== undefined ? Math.round(Number(match[1]) * unit) : undefined;
}

/** `cpus: "0.5"` or `cpus: 2`. */
export function parseCpus(value: unknown): number | undefined {
  const number =
    typeof value === "number"
      ? value
      : typeof value === "string" && /^\d+(\.\d+)?$/.test(value.trim())
        ? Number(value)
        : NaN;
  return Number.isFinite(number) && number >= 0 ? number : undefined;
}

/**
 * GPUs requested by `deploy.resources.reservations.devices`: entries whose capabilities include `gpu`,
 * counted by `count` (`all` counts as 1: at least one) or by the number of `device_ids`.
 */
export function countGpus(devices: unknown): number | undefined {
  if (!Array.isArray(devices)) return undefined;
  let total = 0;
  let found = false;
  for (const device of devices) {
    if (!device || typeof device !== "object") continue;
    const { capabilities, count, device_ids: ids } = device as Record<string, unknown>;
    const flat = Array.isArray(capabilities) ? capabilities.flat() : [];
    if (!flat.includes("gpu")) continue;
    found = true;
    if (typeof count === "number" && count >= 0) total += count;
    else if (Array.isArray(ids)) total += ids.length;
    else total += 1;
  }
  return found ? total : undefined;
}

/** Limits win over reservations: they bound what the container may use. */
export function pickResources(limits: Resources, reservations: Resources): Resources | undefined {
  const resources: Resources = { ...reservations, ...definedOnly(limits) };
  return Object.keys(resources).length > 0 ? resources : undefined;
}

function definedOnly(resources: Resources): Resources {
  return Object.fromEntries(
    Object.entries(resources).filter(([, value]) => value !== undefined),
  ) as Resources;
}
