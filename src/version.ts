import { readFileSync } from "node:fs";

/**
 * The package's version, read from package.json beside the compiled or source tree. A bundle (the Action, the
 * Lambda zip) has its version defined at build time instead, since no package.json travels with it.
 */
declare const BOXCUTTER_VERSION: string | undefined;

function readVersion(): string {
  if (typeof BOXCUTTER_VERSION === "string") return BOXCUTTER_VERSION;
  try {
    const text = readFileSync(new URL("../package.json", import.meta.url), "utf8");
    const version = (JSON.parse(text) as { version?: unknown }).version;
    return typeof version === "string" ? version : "unknown";
  } catch {
    return "unknown";
  }
}

export const VERSION = readVersion();
