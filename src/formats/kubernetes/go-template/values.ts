/** A method of a built-in object (`.Files.Get`, `.Capabilities.APIVersions.Has`): values from files never hold one. */
export type Method = (...args: unknown[]) => unknown;

export type Dict = Record<string, unknown>;

export function isDict(value: unknown): value is Dict {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A field of a map, own properties only, so a key such as `constructor` never reaches JavaScript's prototypes. */
export function fieldOf(value: unknown, field: string): unknown {
  if (!isDict(value) || !Object.prototype.hasOwnProperty.call(value, field)) return undefined;
  return value[field];
}

/** Sets a key without ever calling a `__proto__` setter. */
export function put(target: Dict, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Go's truth: false, 0, nil and empty strings, lists and maps are false. */
export function isTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isDict(value)) return Object.keys(value).length > 0;
  return true;
}

/** Go's `%v` as Helm prints it; a missing value prints as nothing. */
export function printValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return printNumber(value);
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map((item) => printNested(item)).join(" ")}]`;
  if (isDict(value)) {
    const keys = Object.keys(value).sort();
    return `map[${keys.map((key) => `${key}:${printNested(value[key])}`).join(" ")}]`;
  }
  return "";
}

function printNested(value: unknown): string {
  return value === null || value === undefined ? "<nil>" : printValue(value);
}

function printNumber(value: number): string {
  return String(value);
}

/** Go's `%v`-like string of anything, for functions that take strings. */
export function toText(value: unknown): string {
  return printValue(value);
}

export function isEmpty(value: unknown): boolean {
  return !isTruthy(value);
}
