import { redactEnv, redactText } from "../../graph/redact.js";
import { hostReferences, looksLikeHostKey, type HostReference } from "../shared/hosts.js";
import { isMapping } from "../shared/yaml.js";
import type { Json, KubeObject } from "./objects.js";
import type { Workload } from "./workloads.js";

/** A host named somewhere a workload reads its configuration, with the evidence to show for it. */
export interface HostMention {
  reference: HostReference;
  rule: string;
  detail: string;
  file: string;
  line: number;
}

export type ConfigMapLookup = (namespace: string, name: string) => KubeObject | undefined;

const MAX_CONFIG_LINES = 20_000;
const MAX_CONFIG_LINE = 4096;
// Anchored, with neighbouring parts that cannot match the same characters: linear on any line.
const CONFIG_KEY = /^[ \t]*["']?([A-Za-z_][\w.-]*)["']?[ \t]*[:=]/;

/** Every host a workload's containers name in env, envFrom ConfigMaps, args, command and mounted ConfigMaps. */
export function hostMentions(workload: Workload, configMap: ConfigMapLookup): HostMention[] {
  const mentions: HostMention[] = [];
  const { object, fields } = workload;
  const push = (
    references: HostReference[],
    rule: string,
    detail: string,
    file: string,
    line: number,
  ): void => {
    for (const reference of references) mentions.push({ reference, rule, detail, file, line });
  };
  const fromConfigMap = (name: string, key?: string): { map: KubeObject; data: Json } | undefined => {
    const map = configMap(workload.namespace, name);
    const data = map && isMapping(map.value.data) ? map.value.data : undefined;
    if (!map || !data) return undefined;
    return { map, data: key === undefined ? data : { [key]: data[key] } };
  };

  for (const container of workload.containers) {
    const env = fields.at([...container.path, "env"], "list") ?? [];
    env.forEach((_entry, index) => {
      const path = [...container.path, "env", index];
      const name = fields.at([...path, "name"], "string");
      if (name === undefined) return;
      const value = fields.at([...path, "value"], "string");
      if (value !== undefined) {
        push(
          hostReferences(value, looksLikeHostKey(name)),
          "kubernetes/env-host",
          redactEnv(name, value),
          object.file,
          object.lineOf([...path, "value"]),
        );
        return;
      }
      // Only ConfigMap keys are read; secretKeyRef values never enter the graph.
      const ref = fields.at([...path, "valueFrom", "configMapKeyRef"], "mapping");
      if (ref && typeof ref.name === "string" && typeof ref.key === "string") {
        const found = fromConfigMap(ref.name, ref.key);
        const data = found?.data[ref.key];
        if (found && typeof data === "string") {
          push(
            hostReferences(data, looksLikeHostKey(name) || looksLikeHostKey(ref.key)),
            "kubernetes/configmap-env",
            `${redactEnv(name, data)} (ConfigMap ${ref.name})`,
            found.map.file,
            found.map.lineOf(["data", ref.key]),
          );
        }
      }
    });
    const envFrom = fields.at([...container.path, "envFrom"], "list") ?? [];
    envFrom.forEach((_entry, index) => {
      const ref = fields.at([...container.path, "envFrom", index, "configMapRef"], "mapping");
      if (!ref || typeof ref.name !== "string") return;
      const found = fromConfigMap(ref.name);
      if (!found) return;
      for (const [key, value] of Object.entries(found.data)) {
        if (typeof value !== "string") continue;
        push(
          hostReferences(value, looksLikeHostKey(key)),
          "kubernetes/configmap-env",
          `${redactEnv(key, value)} (ConfigMap ${ref.name})`,
          found.map.file,
          found.map.lineOf(["data", key]),
        );
      }
    });
    for (const key of ["command", "args"] as const) {
      const list = fields.at([...container.path, key], "list") ?? [];
      list.forEach((item, index) => {
        if (typeof item !== "string") return;
        const line = object.lineOf([...container.path, key, index]);
        for (const part of commandParts(item))
          push(
            hostReferences(part.value, part.hostKey),
            "kubernetes/args-host",
            redactText(item.slice(0, 200)),
            object.file,
            line,
          );
      });
    }
  }

  for (const name of mountedConfigMaps(workload)) {
    const found = fromConfigMap(name);
    if (!found) continue;
    for (const [key, value] of Object.entries(found.data)) {
      if (typeof value !== "string") continue;
      const baseLine = found.map.lineOf(["data", key]);
      const lines = value.split("\n", MAX_CONFIG_LINES);
      lines.forEach((text, offset) => {
        // Hosts are never found in longer lines, and the pattern below must not see unbounded input.
        if (text.length > MAX_CONFIG_LINE) return;
        const assignment = CONFIG_KEY.exec(text);
        const configKey = assignment?.[1];
        const configValue = assignment
          ? unquote(text.slice(assignment[0].length).trim().replace(/[,;]$/, "").trim())
          : text;
        const references = hostReferences(
          configValue,
          configKey !== undefined && looksLikeHostKey(configKey),
        );
        if (references.length === 0) return;
        const detail = `${key}: ${configKey !== undefined ? redactEnv(configKey, configValue) : redactText(text.trim().slice(0, 200))} (ConfigMap ${name})`;
        // A block scalar starts on the line after its key.
        push(
          references,
          "kubernetes/configmap-file",
          detail,
          found.map.file,
          lines.length > 1 ? baseLine + 1 + offset : baseLine,
        );
      });
    }
  }
  return mentions;
}

/** `--redis=redis:6379` is read as key `redis`, value `redis:6379`; other words as they are. */
function commandParts(text: string): { value: string; hostKey: boolean }[] {
  if (text.length > 4096) return text.split(/\s+/).map((value) => ({ value, hostKey: false }));
  const parts: { value: string; hostKey: boolean }[] = [];
  for (const word of text.split(/\s+/)) {
    const flag = /^-{1,2}([\w.-]+)=(.+)$/.exec(word);
    if (flag)
      parts.push({ value: unquote(flag[2]!), hostKey: looksLikeHostKey(flag[1]!.replace(/[-.]/g, "_")) });
  }
  if (parts.length === 0 || /:\/\//.test(text)) parts.push({ value: text, hostKey: false });
  return parts;
}

function unquote(value: string): string {
  return value.replace(/^["']|["']$/g, "");
}

function mountedConfigMaps(workload: Workload): string[] {
  const names: string[] = [];
  const volumes = workload.fields.at([...workload.podSpecPath, "volumes"], "list") ?? [];
  for (const volume of volumes) {
    if (!isMapping(volume)) continue;
    if (isMapping(volume.configMap) && typeof volume.configMap.name === "string")
      names.push(volume.configMap.name);
    const sources =
      isMapping(volume.projected) && Array.isArray(volume.projected.sources) ? volume.projected.sources : [];
    for (const source of sources) {
      if (isMapping(source) && isMapping(source.configMap) && typeof source.configMap.name === "string")
        names.push(source.configMap.name);
    }
  }
  return names;
}
