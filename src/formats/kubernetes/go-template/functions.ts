import { createHash } from "node:crypto";
import { posix } from "node:path";
import { dump } from "js-yaml";
import { loadYamlDocuments } from "../../shared/yaml.js";
import { TemplateError } from "./errors.js";
import { isDict, isEmpty, isTruthy, put, toText, type Dict } from "./values.js";

/**
 * The Go template built-ins and the Sprig/Helm functions charts use to build names, addresses, ports and YAML.
 * Functions that would read the cluster, the clock, randomness or arbitrary regular expressions are left out (or,
 * for `lookup`, answer as `helm template` does: nothing found): a document calling one is skipped.
 */
type Fn = (...args: unknown[]) => unknown;

const MAX_STRING = 1024 * 1024;

function text(value: unknown): string {
  return toText(value);
}

function num(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "string" && value.trim() !== "") {
    const parsed = Number(value);
    if (!Number.isNaN(parsed)) return parsed;
  }
  return 0;
}

function int(value: unknown): number {
  return Math.trunc(num(value));
}

function list(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value === null || value === undefined) return [];
  throw new TemplateError(`expected a list, got ${text(value)}`);
}

function dict(value: unknown): Dict {
  if (isDict(value)) return value;
  if (value === null || value === undefined) return {};
  throw new TemplateError(`expected a map, got ${text(value)}`);
}

function bounded(value: string): string {
  if (value.length > MAX_STRING) throw new TemplateError("string over 1 MiB");
  return value;
}

function equal(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return a === b;
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  return a === b;
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  throw new TemplateError("incompatible types for comparison");
}

/** Go's fmt verbs that names and addresses use; anything else is outside the subset. */
function sprintf(format: unknown, ...args: unknown[]): string {
  const pattern = text(format);
  let out = "";
  let next = 0;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char !== "%") {
      out += char;
      continue;
    }
    const verb = pattern[++i];
    if (verb === "%") {
      out += "%";
      continue;
    }
    const arg = args[next++];
    if (verb === "s" || verb === "v") out += text(arg);
    else if (verb === "d") out += String(int(arg));
    else if (verb === "q") out += JSON.stringify(text(arg));
    else if (verb === "t") out += String(isTruthy(arg));
    else throw new TemplateError(`printf verb %${verb ?? ""} is not supported`);
  }
  return bounded(out);
}

function indent(spaces: unknown, value: unknown): string {
  const pad = " ".repeat(Math.max(0, Math.min(int(spaces), 1000)));
  return bounded(pad + text(value).split("\n").join(`\n${pad}`));
}

/**
 * `toYaml`: keys sorted and no trailing newline, as Helm prints it. A string ending in blank lines is kept with
 * `|+`, which this dumper closes with a `...` document end that Go's never writes: it would end the manifest.
 */
export function toYaml(value: unknown): string {
  if (value === undefined) return "null";
  try {
    const text = dump(value, { sortKeys: true, lineWidth: -1, noRefs: true });
    return bounded(text.endsWith("\n...\n") ? text.slice(0, -5) : text.replace(/\n$/, ""));
  } catch {
    throw new TemplateError("toYaml of a value that is not YAML");
  }
}

/** JSON with map keys sorted, as Go prints maps. */
function toJson(value: unknown, indent?: number): string {
  const sorted = (_key: string, item: unknown): unknown =>
    isDict(item)
      ? Object.fromEntries(
          Object.keys(item)
            .sort()
            .map((key) => [key, item[key]]),
        )
      : item;
  return bounded(JSON.stringify(value ?? null, sorted, indent));
}

function fromYaml(value: unknown): unknown {
  const loaded = loadYamlDocuments(text(value), "fromYaml", { maxExpandedNodes: 100_000, maxDepth: 50 });
  return loaded.documents[0]?.value ?? {};
}

function trunc(length: unknown, value: unknown): string {
  const s = text(value);
  const n = int(length);
  if (n < 0) return s.length + n > 0 ? s.slice(s.length + n) : s;
  return s.length > n ? s.slice(0, n) : s;
}

function makeDict(...pairs: unknown[]): Dict {
  const result: Dict = {};
  for (let i = 0; i < pairs.length; i += 2) put(result, text(pairs[i]), pairs[i + 1] ?? null);
  return result;
}

/** Sprig's deep `merge` (the first dictionary's values win) and `mergeOverwrite` (the last ones win). */
function merger(overwrite: boolean): Fn {
  return (target, ...sources) => {
    const result = dict(target);
    for (const source of sources) mergeInto(result, dict(source), overwrite, 0);
    return result;
  };
}

function mergeInto(target: Dict, source: Dict, overwrite: boolean, depth: number): void {
  if (depth > 50) throw new TemplateError("merge nested too deep");
  for (const [key, value] of Object.entries(source)) {
    const existing = Object.prototype.hasOwnProperty.call(target, key) ? target[key] : undefined;
    if (isDict(existing) && isDict(value)) mergeInto(existing, value, overwrite, depth + 1);
    else if (overwrite || existing === undefined || existing === null) put(target, key, value);
  }
}

const merge = merger(false);
const mergeOverwrite = merger(true);

function get(map: unknown, key: unknown): unknown {
  const source = dict(map);
  const name = text(key);
  return Object.prototype.hasOwnProperty.call(source, name) ? source[name] : "";
}

function index(collection: unknown, ...keys: unknown[]): unknown {
  let value = collection;
  for (const key of keys) {
    if (Array.isArray(value)) {
      const at = int(key);
      if (at < 0 || at >= value.length) throw new TemplateError(`index ${at} out of range`);
      value = value[at];
    } else if (isDict(value)) {
      const name = text(key);
      value = Object.prototype.hasOwnProperty.call(value, name) ? value[name] : undefined;
    } else if (value === null || value === undefined) return undefined;
    else throw new TemplateError("can't index this value");
  }
  return value;
}

function dig(...args: unknown[]): unknown {
  if (args.length < 3) throw new TemplateError("dig needs keys, a default and a map");
  const map = args[args.length - 1];
  const fallback = args[args.length - 2];
  let value: unknown = map;
  for (const key of args.slice(0, -2)) {
    if (!isDict(value) || !Object.prototype.hasOwnProperty.call(value, text(key))) return fallback;
    value = value[text(key)];
  }
  return value;
}

function length(value: unknown): number {
  if (typeof value === "string" || Array.isArray(value)) return value.length;
  if (isDict(value)) return Object.keys(value).length;
  if (value === null || value === undefined) return 0;
  throw new TemplateError("len of a value without length");
}

function version(value: string): [number, number, number] | undefined {
  const cleaned = value.trim().replace(/^v/, "").split(/[-+]/)[0] ?? "";
  const parts = cleaned.split(".");
  if (
    parts.length === 0 ||
    parts.length > 3 ||
    parts.some((part) => !/^\d{1,9}$/.test(part) && part !== "x" && part !== "*")
  )
    return undefined;
  const numbers = parts.map((part) => (/^\d+$/.test(part) ? Number(part) : 0));
  return [numbers[0] ?? 0, numbers[1] ?? 0, numbers[2] ?? 0];
}

function versionCompare(a: [number, number, number], b: [number, number, number]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** Masterminds semver constraints as charts write them: `>=1.19-0`, `<1.22`, `^1.2`, `~1.2.3`, `||`. */
function semverCompare(constraint: unknown, candidate: unknown): boolean {
  const have = version(text(candidate));
  if (!have) throw new TemplateError(`not a version: ${text(candidate)}`);
  return text(constraint)
    .split("||")
    .some((alternative) =>
      alternative
        .split(/[\s,]+/)
        .filter((part) => part !== "")
        .every((part) => satisfies(part, have)),
    );
}

function satisfies(part: string, have: [number, number, number]): boolean {
  const operator = /^(>=|<=|!=|>|<|=|\^|~)?/.exec(part)?.[0] ?? "";
  const want = version(part.slice(operator.length));
  if (!want) throw new TemplateError(`not a version constraint: ${part}`);
  const order = versionCompare(have, want);
  switch (operator) {
    case ">=":
      return order >= 0;
    case "<=":
      return order <= 0;
    case ">":
      return order > 0;
    case "<":
      return order < 0;
    case "!=":
      return order !== 0;
    case "^":
      return order >= 0 && have[0] === want[0];
    case "~":
      return order >= 0 && have[0] === want[0] && have[1] === want[1];
    default:
      return order === 0;
  }
}

function base64(value: unknown): string {
  return Buffer.from(text(value), "utf8").toString("base64");
}

const FUNCTIONS: Record<string, Fn> = {
  // Go built-ins
  eq: (a, ...others) => others.some((other) => equal(a, other)),
  ne: (a, b) => !equal(a, b),
  lt: (a, b) => compare(a, b) < 0,
  le: (a, b) => compare(a, b) <= 0,
  gt: (a, b) => compare(a, b) > 0,
  ge: (a, b) => compare(a, b) >= 0,
  not: (a) => !isTruthy(a),
  len: length,
  index,
  print: (...args) => bounded(args.map(text).join("")),
  println: (...args) => bounded(`${args.map(text).join(" ")}\n`),
  printf: sprintf,
  html: (value) => text(value).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`),
  js: (value) => text(value),
  urlquery: (value) => encodeURIComponent(text(value)),
  // Sprig: defaults and logic
  default: (fallback, value) => (isEmpty(value) ? fallback : value),
  empty: (value) => isEmpty(value),
  coalesce: (...args) => args.find((arg) => !isEmpty(arg)) ?? null,
  ternary: (yes, no, condition) => (isTruthy(condition) ? yes : no),
  required: (_message, value) => value,
  fail: (message) => {
    throw new TemplateError(`fail: ${text(message)}`);
  },
  // strings
  quote: (...args) =>
    args
      .filter((arg) => arg !== null && arg !== undefined)
      .map((arg) => JSON.stringify(text(arg)))
      .join(" "),
  squote: (...args) =>
    args
      .filter((arg) => arg !== null && arg !== undefined)
      .map((arg) => `'${text(arg)}'`)
      .join(" "),
  cat: (...args) =>
    args
      .filter((arg) => arg !== null && arg !== undefined)
      .map(text)
      .join(" "),
  trunc,
  trim: (value) => text(value).trim(),
  trimAll: (cutset, value) => trimSet(text(value), text(cutset)),
  trimSuffix: (suffix, value) =>
    text(value).endsWith(text(suffix)) && text(suffix) !== ""
      ? text(value).slice(0, -text(suffix).length)
      : text(value),
  trimPrefix: (prefix, value) =>
    text(value).startsWith(text(prefix)) ? text(value).slice(text(prefix).length) : text(value),
  upper: (value) => text(value).toUpperCase(),
  lower: (value) => text(value).toLowerCase(),
  title: (value) => text(value).replace(/\b[a-z]/g, (char) => char.toUpperCase()),
  replace: (old, replacement, value) => bounded(text(value).split(text(old)).join(text(replacement))),
  contains: (needle, value) => text(value).includes(text(needle)),
  hasPrefix: (prefix, value) => text(value).startsWith(text(prefix)),
  hasSuffix: (suffix, value) => text(value).endsWith(text(suffix)),
  nospace: (value) => text(value).replace(/\s/g, ""),
  repeat: (count, value) => bounded(text(value).repeat(Math.max(0, Math.min(int(count), MAX_STRING)))),
  substr: (start, end, value) => text(value).slice(int(start), int(end) < 0 ? undefined : int(end)),
  indent,
  nindent: (spaces, value) => `\n${indent(spaces, value)}`,
  toString: (value: unknown) => text(value),
  toYaml,
  mustToYaml: toYaml,
  toJson: (value) => toJson(value),
  mustToJson: (value) => toJson(value),
  toPrettyJson: (value) => toJson(value, 2),
  fromYaml,
  fromJson: (value) => {
    try {
      return JSON.parse(text(value)) as unknown;
    } catch {
      return {};
    }
  },
  split: (separator, value) => {
    const result: Dict = {};
    text(value)
      .split(text(separator))
      .forEach((part, at) => put(result, `_${at}`, part));
    return result;
  },
  splitList: (separator, value) => text(value).split(text(separator)),
  join: (separator, value) => list(value).map(text).join(text(separator)),
  b64enc: base64,
  b64dec: (value) => Buffer.from(text(value), "base64").toString("utf8"),
  sha256sum: (value) => createHash("sha256").update(text(value)).digest("hex"),
  sha1sum: (value) => createHash("sha1").update(text(value)).digest("hex"),
  // numbers
  int,
  int64: int,
  float64: num,
  atoi: int,
  add: (...args) => args.reduce<number>((sum, arg) => sum + num(arg), 0),
  add1: (value) => num(value) + 1,
  sub: (a, b) => num(a) - num(b),
  mul: (...args) => args.reduce<number>((product, arg) => product * num(arg), 1),
  div: (a, b) => (num(b) === 0 ? 0 : Math.trunc(num(a) / num(b))),
  mod: (a, b) => (num(b) === 0 ? 0 : num(a) % num(b)),
  max: (...args) => Math.max(...args.map(num)),
  min: (...args) => Math.min(...args.map(num)),
  // lists and dictionaries
  list: (...args) => args,
  tuple: (...args) => args,
  dict: makeDict,
  get,
  set: (map, key, value) => {
    const target = dict(map);
    put(target, text(key), value);
    return target;
  },
  unset: (map, key) => {
    const target = dict(map);
    delete target[text(key)];
    return target;
  },
  hasKey: (map, key) => Object.prototype.hasOwnProperty.call(dict(map), text(key)),
  keys: (...maps) => maps.flatMap((map) => Object.keys(dict(map))).sort(),
  values: (map) => Object.values(dict(map)),
  pick: (map, ...keys) => makeDict(...keys.flatMap((key) => [key, get(map, key)])),
  omit: (map, ...keys) => {
    const drop = new Set(keys.map(text));
    return makeDict(
      ...Object.entries(dict(map)).flatMap(([key, value]) => (drop.has(key) ? [] : [key, value])),
    );
  },
  merge,
  mustMerge: merge,
  mergeOverwrite,
  mustMergeOverwrite: mergeOverwrite,
  deepCopy: (value: unknown) => structuredClone(value ?? null),
  dig,
  first: (value) => list(value)[0] ?? null,
  last: (value) => list(value)[list(value).length - 1] ?? null,
  rest: (value) => list(value).slice(1),
  initial: (value) => list(value).slice(0, -1),
  append: (value, item) => [...list(value), item],
  mustAppend: (value, item) => [...list(value), item],
  prepend: (value, item) => [item, ...list(value)],
  concat: (...lists) => lists.flatMap(list),
  has: (item, value) => list(value).some((member) => equal(member, item)),
  uniq: (value) => list(value).filter((item, at, all) => all.findIndex((other) => equal(other, item)) === at),
  compact: (value) => list(value).filter((item) => !isEmpty(item)),
  without: (value, ...drop) => list(value).filter((item) => !drop.some((other) => equal(other, item))),
  until: (count) => Array.from({ length: Math.max(0, Math.min(int(count), 10_000)) }, (_, at) => at),
  kindIs: (kind, value) => kindOf(value) === text(kind),
  kindOf,
  typeOf: (value) => kindOf(value),
  typeIs: (kind, value) => kindOf(value) === text(kind),
  sortAlpha: (value) => list(value).map(text).sort(),
  reverse: (value) => [...list(value)].reverse(),
  round: (value) => Math.round(num(value)),
  floor: (value) => Math.floor(num(value)),
  ceil: (value) => Math.ceil(num(value)),
  toRawJson: (value) => toJson(value),
  fromYamlArray: (value) => list(fromYaml(value)),
  fromJsonArray: (value) => {
    try {
      return list(JSON.parse(text(value)) as unknown);
    } catch {
      return [];
    }
  },
  // paths
  base: (value) => posix.basename(text(value)),
  dir: (value) => posix.dirname(text(value)),
  ext: (value) => posix.extname(text(value)),
  clean: (value) => posix.normalize(text(value)),
  // Generated secrets and certificates: their values never name a host, and the same text on every run keeps
  // reports stable.
  randAlphaNum: (count) => "x".repeat(Math.max(0, Math.min(int(count), 1024))),
  randAlpha: (count) => "x".repeat(Math.max(0, Math.min(int(count), 1024))),
  randNumeric: (count) => "0".repeat(Math.max(0, Math.min(int(count), 1024))),
  randAscii: (count) => "x".repeat(Math.max(0, Math.min(int(count), 1024))),
  uuidv4: () => "00000000-0000-4000-8000-000000000000",
  genCA: () => generatedPair(),
  genSelfSignedCert: () => generatedPair(),
  genSignedCert: () => generatedPair(),
  genPrivateKey: () => GENERATED,
  htpasswd: (user) => `${text(user)}:${GENERATED}`,
  bcrypt: () => GENERATED,
  derivePassword: () => GENERATED,
  encryptAES: () => GENERATED,
  // Helm
  semverCompare,
  lookup: () => ({}),
};

const GENERATED = "generated";

/** A certificate and key `genCA` and its kin would make: secret material, which never names a host. */
function generatedPair(): Dict {
  return { Cert: GENERATED, Key: GENERATED };
}

function trimSet(value: string, cutset: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && cutset.includes(value[start] as string)) start++;
  while (end > start && cutset.includes(value[end - 1] as string)) end--;
  return value.slice(start, end);
}

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return "invalid";
  if (typeof value === "string") return "string";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float64";
  if (Array.isArray(value)) return "slice";
  return "map";
}

export function isFunctionName(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(FUNCTIONS, name);
}

export function callFunction(name: string, args: unknown[]): unknown {
  const fn = FUNCTIONS[name] as Fn;
  return fn(...args);
}
