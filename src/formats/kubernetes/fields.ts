import type { ExtractionWarning } from "../../graph/model.js";
import { isMapping, type YamlPath } from "../shared/yaml.js";
import type { Json, KubeObject } from "./objects.js";

type FieldType = "mapping" | "list" | "string" | "number" | "scalar";
type FieldValue<T extends FieldType> = T extends "mapping"
  ? Json
  : T extends "list"
    ? unknown[]
    : T extends "string"
      ? string
      : T extends "number"
        ? number
        : string | number | boolean;

/**
 * Typed reads from a user's object: a value of the wrong type is reported once (with its line) and treated as absent,
 * so one odd field never hides the rest of the object.
 */
/** An object read through its field reader, with its effective namespace. */
export interface ObjectInNamespace {
  fields: FieldReader;
  namespace: string;
}

export class FieldReader {
  private readonly reported = new Set<string>();

  constructor(
    readonly object: KubeObject,
    private readonly warnings: ExtractionWarning[],
  ) {}

  at<T extends FieldType>(
    path: YamlPath,
    type: T,
    from: unknown = this.object.value,
    base: YamlPath = [],
  ): FieldValue<T> | undefined {
    let value: unknown = from;
    for (let index = 0; index < path.length; index++) {
      if (value === undefined || value === null) return undefined;
      const key = path[index]!;
      const container =
        typeof key === "number"
          ? Array.isArray(value)
            ? value
            : undefined
          : isMapping(value)
            ? value
            : undefined;
      if (!container) {
        this.report([...base, ...path.slice(0, index)], typeof key === "number" ? "list" : "mapping");
        return undefined;
      }
      value = (container as Record<string | number, unknown>)[key];
    }
    if (value === undefined || value === null) return undefined;
    if (matches(value, type)) return (type === "scalar" ? value : value) as FieldValue<T>;
    // Kubernetes accepts numbers where strings are expected in a few places (ports, quantities).
    if (type === "string" && (typeof value === "number" || typeof value === "boolean"))
      return String(value) as FieldValue<T>;
    this.report([...base, ...path], type);
    return undefined;
  }

  warn(id: string, path: YamlPath, message: string): void {
    const { object } = this;
    this.warnings.push({
      id,
      file: object.file,
      line: object.lineOf(path),
      message: `${object.kind} ${object.name}: ${message}`,
    });
  }

  private report(path: YamlPath, expected: FieldType): void {
    const key = path.join(".");
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.warn(
      "kubernetes/invalid-field",
      path,
      `${key || "(object)"} should be ${expected === "list" ? "a list" : `a ${expected}`}; ignored`,
    );
  }
}

function matches(value: unknown, type: FieldType): boolean {
  switch (type) {
    case "mapping":
      return isMapping(value);
    case "list":
      return Array.isArray(value);
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "scalar":
      return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
  }
}
