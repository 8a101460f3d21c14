import { isInfrastructurePath } from "../formats/index.js";
import { MAX_FILE_BYTES } from "./decode.js";

export interface ReadOptions {
  /** Which repository paths to read; defaults to those a registered format claims. */
  claims: (path: string) => boolean;
  /** Files read at most; the rest are skipped with one warning. */
  maxFiles: number;
  maxFileBytes: number;
  /** Bytes read at most across all files. */
  maxTotalBytes: number;
  /** Directory entries looked at, at most, so a huge tree cannot keep the walk busy. */
  maxEntries: number;
}

export const DEFAULT_READ_OPTIONS: ReadOptions = {
  claims: isInfrastructurePath,
  maxFiles: 5000,
  maxFileBytes: MAX_FILE_BYTES,
  maxTotalBytes: 100 * 1024 * 1024,
  maxEntries: 200_000,
};

/** Folders that never hold a project's own infrastructure and can be very large. */
export const SKIPPED_DIRECTORIES = new Set([".git", "node_modules"]);
