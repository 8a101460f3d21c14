import type { Component, Evidence } from "../../graph/model.js";
import { evidenceAt } from "../shared/evidence.js";
import type { EdgeCollector } from "../shared/edges.js";
import { providerHost } from "../shared/providers.js";
import { attribute } from "./ast.js";
import {
  hasPlaceholder,
  isDistinctiveName,
  namesInLabel,
  NameTemplates,
  urlHostLabel,
} from "./name-templates.js";
import type { TfNode } from "./modules.js";
import type { ComponentRecord } from "./owners.js";
import { urlHost } from "./dns-names.js";
import { settingsOf, type Setting } from "./settings.js";

/**
 * Calls read from a component's settings rather than from references:
 * - `terraform/provider-key`: a setting named like a hosted API's credential (`GITHUB_TOKEN`, `OPENAI_API_KEY`)
 *   means calls to that API, an `external` component named by its host;
 * - `terraform/named-url`: a URL whose host is built from the same template as another component's name
 *   (`https://app-api-${local.token}.azurewebsites.net` and a web app named `api-${local.token}`).
 * - `terraform/named-value`: a setting whose whole value is built from the same template as a store's name (a
 *   bucket, table, database or queue named `"app-${random_id.suffix.hex}"` and `TABLE = local.table_name` holding
 *   that text): applications address stores by name, so the component calls that store.
 * Settings that list allowed origins, CORS, redirect or callback URLs point back at the caller and are skipped.
 */

const POINTS_BACK = /ALLOW.*ORIGIN|CORS|ORIGINS?$|REDIRECT|CALLBACK/i;

/**
 * Adds the calls settings reveal to `calls`; returns the hosted APIs they call, as `external` components, and the
 * settings holding literal text (another root's store names, see shared-names.ts).
 */
export function addSettingCalls(
  system: string,
  records: readonly ComponentRecord[],
  isHolder: (record: ComponentRecord) => boolean,
  calls: EdgeCollector,
  domainsOf: (templates: NameTemplates) => Map<string, ComponentRecord[]> = () => new Map(),
): { externals: Component[]; literals: LiteralSetting[] } {
  const templates = new NameTemplates();
  const names = namedRecords(records, templates);
  const domains = domainsOf(templates);
  const reaches = reachability(calls.calleesByCaller());
  const externals = new Map<string, Component>();
  const literals: LiteralSetting[] = [];
  for (const record of records) {
    if (isHolder(record)) continue;
    for (const member of record.members) {
      for (const setting of settingsOf(member)) {
        const host = providerHost(setting.key, "set");
        if (host !== undefined) {
          const found = evidence(
            member,
            setting,
            "terraform/provider-key",
            "is set (credential of a hosted API)",
          );
          if (!externals.has(host)) externals.set(host, externalComponent(system, host, found));
          calls.add(record.node.address, host, found);
        }
        const text = settingText(setting, templates);
        if (text === undefined) continue;
        if (!hasPlaceholder(text)) literals.push({ component: record.node.address, setting, value: text });
        const onHost = urlHost(text);
        for (const served of onHost === undefined ? [] : (domains.get(onHost) ?? [])) {
          // A service behind the gateway (however many hops) reading its domain learns its own public URL.
          if (served === record || reaches(served.node.address, record.node.address)) continue;
          const detail = `is a URL on a domain name of ${served.node.address}`;
          calls.add(
            record.node.address,
            served.node.address,
            evidence(member, setting, "terraform/dns-name", detail),
          );
        }
        for (const match of NAME_MATCHES) {
          for (const named of match.find(text, names)) {
            if (named === record) continue;
            const detail = match.says(named.node.address);
            calls.add(record.node.address, named.node.address, evidence(member, setting, match.rule, detail));
          }
        }
      }
    }
  }
  return { externals: [...externals.values()], literals };
}

/** Whether `to` is reached from `from` along the calls found so far (each search bounded by the graph's size). */
function reachability(
  callees: ReadonlyMap<string, ReadonlySet<string>>,
): (from: string, to: string) => boolean {
  return (from, to) => {
    const seen = new Set([from]);
    const queue = [from];
    for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
      for (const callee of callees.get(next) ?? []) {
        if (callee === to) return true;
        if (!seen.has(callee)) {
          seen.add(callee);
          queue.push(callee);
        }
      }
    }
    return false;
  };
}

/** A setting whose whole value is literal text, which another root may know as a store's name. */
export interface LiteralSetting {
  component: string;
  setting: Setting;
  value: string;
}

/** The comparable text of a setting's value, unless the setting points back at the caller. */
function settingText(setting: Setting, templates: NameTemplates): string | undefined {
  if (POINTS_BACK.test(setting.key) || !setting.value) return undefined;
  return templates.text(setting.value, setting.scope);
}

/** Components whose name template builds the host of the URL a setting holds. */
function namedInUrl(text: string, names: Map<string, ComponentRecord[]>): ComponentRecord[] {
  const label = urlHostLabel(text);
  if (label === undefined || !hasPlaceholder(label)) return [];
  return namesInLabel(label).flatMap((name) => names.get(name) ?? []);
}

const STORE_KINDS = new Set(["datastore", "cache", "queue"]);

/** Stores whose name template is the whole value a setting holds. */
function namedStores(text: string, names: Map<string, ComponentRecord[]>): ComponentRecord[] {
  if (!isDistinctiveName(text)) return [];
  return (names.get(text) ?? []).filter((record) => STORE_KINDS.has(record.kind));
}

const NAME_MATCHES = [
  {
    rule: "terraform/named-url",
    find: namedInUrl,
    says: (address: string) => `is a URL whose host is named like ${address}`,
  },
  {
    rule: "terraform/named-value",
    find: namedStores,
    says: (address: string) => `holds the name of ${address}`,
  },
];

/**
 * The argument naming what a resource or module makes: `name`, or the bucket, table or queue name a module is given
 * (`bucket_name = local.uploads` of a bucket module).
 */
const NAME_ARGUMENTS = ["name", "bucket", "bucket_name", "table_name", "queue_name"];

/** Components by the comparable form of their members' name templates, those names `kept` accepts. */
export function namedRecords(
  records: readonly ComponentRecord[],
  templates: NameTemplates,
  kept: (name: string) => boolean = isDistinctiveName,
): Map<string, ComponentRecord[]> {
  const names = new Map<string, ComponentRecord[]>();
  for (const record of records) {
    for (const member of record.members) {
      const name = NAME_ARGUMENTS.map((argument) => attribute(member.block.body, argument)).find(
        (found) => found !== undefined,
      );
      const text = name ? templates.text(name.expr, member.scope) : undefined;
      if (text === undefined || !kept(text)) continue;
      const list = names.get(text) ?? [];
      if (!list.includes(record)) list.push(record);
      names.set(text, list);
    }
  }
  return names;
}

function evidence(member: TfNode, setting: Setting, rule: string, detail: string): Evidence {
  return evidenceAt(setting, rule, `${member.address}: ${setting.key} ${detail}`);
}

function externalComponent(system: string, host: string, found: Evidence): Component {
  return {
    name: host,
    kind: "external",
    system,
    location: { file: found.file, ...(found.line !== undefined ? { line: found.line } : {}) },
  };
}
