import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * Checks requests against GitHub's published REST description. Only the api.github.com JSON is loaded (the
 * package's other descriptions would cost hundreds of megabytes), once per test file.
 */
type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  maxItems?: number;
  minItems?: number;
  maxLength?: number;
  minLength?: number;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  nullable?: boolean;
};

interface Parameter {
  $ref?: string;
  name: string;
  in: "path" | "query" | "header";
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
}

interface Description {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; parameters: Record<string, Parameter> };
}

let description: Description | undefined;
let routes: { template: string; pattern: RegExp; params: string[] }[] = [];

function load(): Description {
  if (description) return description;
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve("@octokit/openapi/package.json"));
  description = JSON.parse(
    readFileSync(join(packageDir, "generated", "api.github.com.json"), "utf8"),
  ) as Description;
  routes = Object.keys(description.paths).map((template) => {
    const params: string[] = [];
    const segments = template.split("/").map((segment, index, all) => {
      const match = /^\{(.+)\}$/.exec(segment);
      if (!match) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      params.push(match[1]!);
      // A trailing `{path}` may hold slashes (file paths in the contents API).
      return index === all.length - 1 && match[1] === "path" ? "(.+)" : "([^/]+)";
    });
    return { template, pattern: new RegExp(`^${segments.join("/")}$`), params };
  });
  return description;
}

function resolve<T extends { $ref?: string }>(node: T): T {
  let current: T = node;
  while (current.$ref) {
    const [, , section, name] = current.$ref.split("/");
    const doc = load() as unknown as { components: Record<string, Record<string, T>> };
    current = doc.components[section!]![name!]!;
  }
  return current;
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function typeMatches(expected: string, actual: string): boolean {
  return expected === actual || (expected === "number" && actual === "integer");
}

export function validateValue(
  schemaOrRef: Schema,
  value: unknown,
  at: string,
  problems: string[],
  strict = true,
): void {
  const schema = resolve(schemaOrRef);
  for (const part of schema.allOf ?? []) validateValue(part, value, at, problems, false);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) {
    // Alternatives describe extra constraints on the same object, so unknown keys are judged by the outer schema.
    const fits = alternatives.some((option) => {
      const sub: string[] = [];
      validateValue(option, value, at, sub, false);
      return sub.length === 0;
    });
    if (!fits) problems.push(`${at}: matches none of the allowed shapes`);
  }
  const actual = typeOf(value);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (schema.nullable) types.push("null");
    if (!types.some((type) => typeMatches(type, actual))) {
      problems.push(`${at}: expected ${types.join(" | ")}, got ${actual}`);
      return;
    }
  }
  if (schema.enum && !schema.enum.includes(value)) {
    problems.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if (actual === "string") {
    const text = value as string;
    if (schema.maxLength !== undefined && text.length > schema.maxLength) {
      problems.push(`${at}: longer than ${schema.maxLength}`);
    }
    if (schema.minLength !== undefined && text.length < schema.minLength) {
      problems.push(`${at}: shorter than ${schema.minLength}`);
    }
  }
  if (actual === "array") {
    const items = value as unknown[];
    if (schema.maxItems !== undefined && items.length > schema.maxItems) {
      problems.push(`${at}: ${items.length} items, more than ${schema.maxItems}`);
    }
    if (schema.minItems !== undefined && items.length < schema.minItems) {
      problems.push(`${at}: fewer than ${schema.minItems} items`);
    }
    if (schema.items)
      items.forEach((item, i) => validateValue(schema.items!, item, `${at}[${i}]`, problems, strict));
  }
  if (actual === "object" && (schema.properties || schema.required)) {
    const record = value as Record<string, unknown>;
    for (const key of schema.required ?? []) {
      if (!(key in record)) problems.push(`${at}.${key}: required`);
    }
    for (const [key, item] of Object.entries(record)) {
      const property = schema.properties?.[key];
      if (property) validateValue(property, item, `${at}.${key}`, problems);
      else if (strict && schema.properties && schema.additionalProperties === undefined) {
        // Not forbidden by GitHub's description, but a property it does not know is almost surely a typo.
        problems.push(`${at}.${key}: not a property GitHub documents`);
      }
    }
  }
}

function parameterValue(schema: Schema | undefined, raw: string): unknown {
  const type = schema ? resolve(schema).type : undefined;
  if ((type === "integer" || type === "number") && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (type === "boolean" && (raw === "true" || raw === "false")) return raw === "true";
  return raw;
}

/** Problems with one request (empty when GitHub's description allows it). */
export function validateRequest(method: string, url: string, body: unknown): string[] {
  const doc = load();
  const parsed = new URL(url, "https://api.github.com");
  const path = decodeURIComponent(parsed.pathname);
  const verb = method.toLowerCase();
  if (path === "/graphql" && verb === "post") {
    const record = body as { query?: unknown; variables?: unknown } | undefined;
    return typeof record?.query === "string" ? [] : ["POST /graphql: body needs a `query` string"];
  }
  const route = routes.find(
    (candidate) => candidate.pattern.test(path) && doc.paths[candidate.template]?.[verb],
  );
  if (!route) return [`${method} ${path}: no such operation in GitHub's REST description`];
  const operation = doc.paths[route.template]![verb]!;
  const problems: string[] = [];
  const label = `${method} ${route.template}`;
  const parameters = (operation.parameters ?? []).map((parameter) => resolve(parameter));
  const pathValues = route.pattern.exec(path)!.slice(1);
  route.params.forEach((name, i) => {
    const parameter = parameters.find((p) => p.in === "path" && p.name === name);
    if (parameter?.schema)
      validateValue(
        parameter.schema,
        parameterValue(parameter.schema, pathValues[i]!),
        `${label} {${name}}`,
        problems,
      );
  });
  const query = parsed.searchParams;
  for (const name of new Set(query.keys())) {
    const parameter = parameters.find((p) => p.in === "query" && p.name === name);
    if (!parameter) problems.push(`${label}: unknown query parameter ${name}`);
    else if (parameter.schema)
      validateValue(
        parameter.schema,
        parameterValue(parameter.schema, query.get(name)!),
        `${label} ?${name}`,
        problems,
      );
  }
  for (const parameter of parameters) {
    if (parameter.in === "query" && parameter.required && !query.has(parameter.name)) {
      problems.push(`${label}: missing required query parameter ${parameter.name}`);
    }
  }
  const schema = operation.requestBody?.content["application/json"]?.schema;
  if (body !== undefined && body !== "" && !schema) problems.push(`${label}: takes no JSON body`);
  if (schema && body !== undefined) validateValue(schema, body, label, problems);
  if (schema && body === undefined && operation.requestBody?.required)
    problems.push(`${label}: body required`);
  return problems;
}
