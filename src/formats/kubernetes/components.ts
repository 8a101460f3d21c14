import type { Component, ComponentKind } from "../../graph/model.js";
import { redactText } from "../../graph/redact.js";
import type { ObjectInNamespace } from "./fields.js";
import type { KubeObject } from "./objects.js";
import { selects, stringMap, type Workload } from "./workloads.js";

/** One component and the Kubernetes objects behind it. */
export interface Unit {
  component: Component;
  namespace: string;
  workloads: Workload[];
  services: KubeObject[];
}

export interface UnitSet {
  units: Unit[];
  /** `namespace/name` of every Service (and Knative Service) -> the units it reaches. */
  byService: Map<string, Unit[]>;
  byWorkload: Map<Workload, Unit>;
}

const APP_LABELS = ["app.kubernetes.io/name", "app", "k8s-app", "name"];
const VERSION_LABELS = ["version", "app.kubernetes.io/version"];

export function serviceKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function appOf(workload: Workload): string | undefined {
  for (const label of APP_LABELS) if (workload.podLabels[label]) return workload.podLabels[label];
  return undefined;
}

/** A Service, its selector and the workloads it selects. */
interface Selection {
  service: ObjectInNamespace;
  selector: Record<string, string>;
  selected: Workload[];
}

/**
 * Workloads behind one Service become one component when they run the same app (same `app` label: versions of one
 * service, as in a canary); the Service names it. Workloads of different apps behind one Service stay separate.
 */
export function buildUnits(
  system: string,
  workloads: Workload[],
  services: ObjectInNamespace[],
  endpointNames: Set<string>,
): UnitSet {
  const byLabel = labelIndex(workloads);
  const selections: Selection[] = services.map((service) => {
    const selector = stringMap(service.fields.at(["spec", "selector"], "mapping"));
    return { service, selector, selected: selectedBy(byLabel, service.namespace, selector) };
  });
  const groupOf = sameAppGroups(workloads, selections);
  const names = new UniqueNames();
  const units = workloadUnits(system, workloads, selections, groupOf, names);
  const byWorkload = new Map<Workload, Unit>();
  for (const unit of units) for (const workload of unit.workloads) byWorkload.set(workload, unit);

  const byService = new Map<string, Unit[]>();
  const link = (namespace: string, object: KubeObject, unit: Unit): void => {
    for (const name of [object.name, ...(object.formerNames ?? [])]) {
      const list = byService.get(serviceKey(namespace, name)) ?? [];
      if (!list.includes(unit)) list.push(unit);
      byService.set(serviceKey(namespace, name), list);
    }
  };
  for (const { service, selector, selected } of selections) {
    const { object } = service.fields;
    if (selected.length > 0) {
      for (const workload of selected) link(service.namespace, object, byWorkload.get(workload)!);
      continue;
    }
    if (byService.has(serviceKey(service.namespace, object.name))) continue; // a duplicate of a Service already placed
    // A Service that selects nothing here still leads somewhere: it is a component of its own.
    const name = names.claim(object.name, service.namespace, "service");
    const unit: Unit = {
      component: opaqueComponent(system, name, service, selector, endpointNames),
      namespace: service.namespace,
      workloads: [],
      services: [object],
    };
    units.push(unit);
    link(service.namespace, object, unit);
  }
  // A Knative Service is its own DNS name.
  for (const unit of units) {
    for (const workload of unit.workloads)
      if (workload.object.kind === "Service") link(workload.namespace, workload.object, unit);
  }
  return { units, byService, byWorkload };
}

/** For each workload, the first workload of its group: workloads of one app selected by one Service are joined. */
function sameAppGroups(workloads: Workload[], selections: Selection[]): (workload: Workload) => Workload {
  const root = new Map<Workload, Workload>(workloads.map((workload) => [workload, workload]));
  const find = (workload: Workload): Workload => {
    let current = workload;
    while (root.get(current) !== current) current = root.get(current)!;
    return current;
  };
  for (const { selected } of selections) {
    if (selected.length < 2 || !sameApp(selected)) continue;
    for (const workload of selected.slice(1)) root.set(find(workload), find(selected[0]!));
  }
  return find;
}

/** One unit per group of workloads, named by the Service that best names it (or its first workload). */
function workloadUnits(
  system: string,
  workloads: Workload[],
  selections: Selection[],
  groupOf: (workload: Workload) => Workload,
  names: UniqueNames,
): Unit[] {
  const groups = new Map<Workload, Workload[]>();
  for (const workload of workloads) {
    const group = groups.get(groupOf(workload)) ?? [];
    group.push(workload);
    groups.set(groupOf(workload), group);
  }
  // Services that select only workloads of one group may name it.
  const namingByGroup = new Map<Workload, Selection[]>();
  for (const selection of selections) {
    const first = selection.selected[0];
    if (!first || !selection.selected.every((workload) => groupOf(workload) === groupOf(first))) continue;
    const list = namingByGroup.get(groupOf(first)) ?? [];
    list.push(selection);
    namingByGroup.set(groupOf(first), list);
  }
  const units: Unit[] = [];
  for (const [groupRoot, group] of groups) {
    const primary = group[0]!;
    const naming = (namingByGroup.get(groupRoot) ?? []).sort(
      (a, b) =>
        b.selected.length - a.selected.length ||
        nameScore(a.service, primary) - nameScore(b.service, primary),
    );
    const serviceObjects = naming.map(({ service }) => service.fields.object);
    const name = names.claim(
      serviceObjects[0]?.name ?? primary.object.name,
      primary.namespace,
      primary.object.kind,
    );
    units.push({
      component: workloadComponent(system, name, group, serviceObjects),
      namespace: primary.namespace,
      workloads: group,
      services: serviceObjects,
    });
  }
  return units;
}

/** Component names of one system: a taken name gets the namespace, then the kind, then a number. */
class UniqueNames {
  private readonly taken = new Set<string>();

  claim(wanted: string, namespace: string, kind: string): string {
    for (const candidate of [wanted, `${wanted}.${namespace}`, `${wanted}-${kind.toLowerCase()}`]) {
      if (this.taken.has(candidate)) continue;
      this.taken.add(candidate);
      return candidate;
    }
    let index = 2;
    while (this.taken.has(`${wanted}-${index}`)) index++;
    this.taken.add(`${wanted}-${index}`);
    return `${wanted}-${index}`;
  }
}

/** Workloads by namespace and `key=value` label, so each selector looks at its few candidates only. */
function labelIndex(workloads: Workload[]): Map<string, Workload[]> {
  const index = new Map<string, Workload[]>();
  for (const workload of workloads) {
    for (const [key, value] of Object.entries(workload.podLabels)) {
      const entry = `${workload.namespace}\u0000${key}=${value}`;
      const list = index.get(entry) ?? [];
      list.push(workload);
      index.set(entry, list);
    }
  }
  return index;
}

function selectedBy(
  index: Map<string, Workload[]>,
  namespace: string,
  selector: Record<string, string>,
): Workload[] {
  let smallest: Workload[] | undefined;
  for (const [key, value] of Object.entries(selector)) {
    const list = index.get(`${namespace}\u0000${key}=${value}`) ?? [];
    if (!smallest || list.length < smallest.length) smallest = list;
  }
  return (smallest ?? []).filter((workload) => selects(selector, workload.podLabels));
}

function sameApp(workloads: Workload[]): boolean {
  const apps = new Set(workloads.map(appOf));
  return apps.size === 1 && !apps.has(undefined);
}

/** Lower is better: the Service named like the app, then the shortest name. */
function nameScore(service: ObjectInNamespace, primary: Workload): number {
  const { name } = service.fields.object;
  return (name === appOf(primary) ? 0 : 1000) + name.length;
}

function workloadComponent(
  system: string,
  name: string,
  group: Workload[],
  services: KubeObject[],
): Component {
  const primary = group[0]!;
  const kind: ComponentKind =
    group.map((workload) => workload.kind).find((found) => found !== "service") ?? "service";
  const component: Component = {
    name,
    kind,
    system,
    location: { file: primary.object.file, line: primary.object.line },
  };
  const aliases = new Set<string>();
  for (const object of [...group.map((workload) => workload.object), ...services]) {
    for (const alias of [object.name, ...(object.formerNames ?? [])]) if (alias !== name) aliases.add(alias);
  }
  if (aliases.size > 0) component.aliases = [...aliases].sort();
  if (primary.image !== undefined) component.image = redactText(primary.image);
  const replicas = group.map((workload) => workload.replicas);
  if (replicas.every((entry) => entry !== undefined)) {
    component.replicas = {
      min: replicas.reduce((sum, entry) => sum + entry!.min, 0),
      max: replicas.reduce((sum, entry) => sum + entry!.max, 0),
    };
  }
  if (primary.resources) component.resources = { ...primary.resources };
  if (Object.keys(primary.sources).length > 0) component.factSources = { ...primary.sources };
  const regions = [...new Set(group.flatMap((workload) => workload.regions ?? []))].sort();
  if (regions.length > 0) component.regions = regions;
  const attributes: Record<string, string | number | boolean> = {
    ...primary.attributes,
    namespace: primary.namespace,
  };
  if (group.length > 1) {
    attributes.workloads = group.map((workload) => workload.object.name).join(", ");
    const versions = group
      .map((workload) => VERSION_LABELS.map((label) => workload.podLabels[label]).find(Boolean))
      .filter(Boolean);
    if (versions.length > 0) attributes.versions = versions.join(", ");
    const images = [
      ...new Set(
        group.map((workload) => workload.image).filter((image): image is string => image !== undefined),
      ),
    ];
    if (images.length > 1) attributes.images = redactText(images.join(", "));
  }
  const serviceType = services
    .map((service) => service.value.spec)
    .find(
      (spec) => spec && typeof spec === "object" && typeof (spec as { type?: unknown }).type === "string",
    );
  if (serviceType) attributes.serviceType = String((serviceType as { type: string }).type);
  if (
    services.some(
      (service) => (service.value.spec as { clusterIP?: unknown } | undefined)?.clusterIP === "None",
    )
  )
    attributes.headless = true;
  component.attributes = attributes;
  return component;
}

function opaqueComponent(
  system: string,
  name: string,
  service: ObjectInNamespace,
  selector: Record<string, string>,
  endpointNames: Set<string>,
): Component {
  const { object } = service.fields;
  const component: Component = {
    name,
    kind: "external",
    system,
    location: { file: object.file, line: object.line },
  };
  if (name !== object.name) component.aliases = [object.name];
  const attributes: Record<string, string | number | boolean> = { namespace: service.namespace };
  const externalName = service.fields.at(["spec", "externalName"], "string");
  const type = service.fields.at(["spec", "type"], "string");
  if (type === "ExternalName" && externalName !== undefined)
    attributes.externalName = redactText(externalName);
  else if (Object.keys(selector).length > 0) {
    attributes.selector = Object.entries(selector)
      .map(([key, value]) => `${key}=${value}`)
      .join(",");
    attributes.opaque = "selects no workload in these files";
  } else
    attributes.endpoints = endpointNames.has(serviceKey(service.namespace, object.name))
      ? "manual"
      : "none in these files";
  component.attributes = attributes;
  return component;
}
