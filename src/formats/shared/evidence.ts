import type { Evidence } from "../../graph/model.js";
import { redactText } from "../../graph/redact.js";

/**
 * Evidence that `rule` found something at a place in the files. The detail quotes those files, so it is redacted
 * here, where every format records evidence, rather than at each call site.
 */
export function evidenceAt(place: { file: string; line?: number }, rule: string, detail: string): Evidence {
  return { file: place.file, line: place.line, rule, detail: redactText(detail) };
}
