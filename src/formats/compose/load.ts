import type { ExtractionWarning } from "../../graph/model.js";
import { isMapping, loadYamlDocuments } from "../shared/yaml.js";
import { REDACTED, isSecretKey } from "../../graph/redact.js";
import { interpolate, maskedLookup, type VariableLookup } from "./interpolate.js";
import { readService, type ComposeService, type Located } from "./service.js";

/** One compose file, read on its own (before overrides, includes and extends are applied). */
export interface ComposeFile {
  path: string;
  /** Services in file order. */
  services: Map<string, ComposeService>;
  /** `include` entries, as written (relative to this file). */
  includes: Located<string>[];
  warnings: ExtractionWarning[];
}

/** Reads one file; `file` is undefined (and a warning says why) when it is not a compose file at all. */
export function loadComposeFile(
  path: string,
  text: string,
  variables: VariableLookup,
): { file?: ComposeFile; warnings: ExtractionWarning[] } {
  const { documents, warnings } = loadYamlDocuments(text, path);
  const document = documents[0];
  if (!document) {
    if (warnings.length === 0)
      warnings.push({ id: "compose/not-compose", file: path, line: 1, message: "empty file: no services" });
    return { warnings };
  }
  const root = document.value;
  if (!isMapping(root) || (root.services === undefined && root.include === undefined)) {
    warnings.push({
      id: "compose/not-compose",
      file: path,
      line: document.line,
      message: isMapping(root)
        ? "no `services` mapping: not a compose file"
        : "the file is not a mapping: not a compose file",
    });
    return { warnings };
  }
  const file: ComposeFile = { path, services: new Map(), includes: [], warnings };
  const masked = maskedLookup(variables, isSecretKey, REDACTED);
  const reader = {
    file: path,
    lineOf: document.lineOf,
    interpolate: (value: string) => interpolate(value, variables),
    display: (value: string) => interpolate(value, masked),
    warnings,
  };
  if (isMapping(root.services)) {
    for (const [name, value] of Object.entries(root.services))
      file.services.set(name, readService(name, value, reader));
  } else if (root.services !== undefined && root.services !== null) {
    warnings.push({
      id: "compose/invalid-services",
      file: path,
      line: document.lineOf(["services"]),
      message: "`services` must be a mapping of service names to definitions",
    });
  }
  readIncludes(root.include, file, document.lineOf);
  return { file, warnings };
}

function readIncludes(raw: unknown, file: ComposeFile, lineOf: (path: (string | number)[]) => number): void {
  if (raw === undefined || raw === null) return;
  if (!Array.isArray(raw)) {
    file.warnings.push({
      id: "compose/invalid-include",
      file: file.path,
      line: lineOf(["include"]),
      message: "`include` must be a list",
    });
    return;
  }
  raw.forEach((entry, index) => {
    const paths =
      typeof entry === "string"
        ? [entry]
        : isMapping(entry)
          ? Array.isArray(entry.path)
            ? entry.path
            : [entry.path]
          : [];
    const strings = paths.filter((path): path is string => typeof path === "string");
    if (strings.length === 0) {
      file.warnings.push({
        id: "compose/invalid-include",
        file: file.path,
        line: lineOf(["include", index]),
        message: "`include` entries must be paths or {path}",
      });
    }
    for (const path of strings)
      file.includes.push({ file: file.path, line: lineOf(["include", index]), value: path });
  });
}
