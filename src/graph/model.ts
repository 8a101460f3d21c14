/**
 * The one graph model every format extracts into and every analysis reads.
 * Plain data only: no classes, so graphs can be serialised, diffed and compared as values.
 */

export const COMPONENT_KINDS = ["service", "datastore", "cache", "queue", "gateway", "external"] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

/** `sync` is request/response; `async` is a publish to (or consume from) a queue or broker. */
export type EdgeKind = "sync" | "async";

/** A position in a repository file; `line` is 1-based and absent when the format cannot tell. */
export interface SourceLocation {
  file: string;
  line?: number;
}

/** Why an edge or entry point was inferred. `detail` is already redacted: it may be printed as is. */
export interface Evidence extends SourceLocation {
  /** Stable rule id, e.g. `compose/env-host`, `kubernetes/ingress-backend`. */
  rule: string;
  detail: string;
}

/** Sizes feed the working-set and compute triggers; every field is optional because most files omit them. */
export interface Resources {
  cpuCores?: number;
  memoryBytes?: number;
  gpus?: number;
  storageBytes?: number;
}

export interface Replicas {
  min: number;
  max: number;
}

/**
 * Where a component's sizes, counts, regions and build were read, so a verdict can cite the line. A fact without
 * its own entry is cited at the component's location.
 */
export interface FactSources {
  resources?: SourceLocation;
  replicas?: SourceLocation;
  regions?: SourceLocation;
  /** The build context (compose `build`) or the image that says where the code is built. */
  build?: SourceLocation;
}

export interface Component {
  /** Unique within its system. */
  name: string;
  kind: ComponentKind;
  system: string;
  location: SourceLocation;
  /** Other names a user may know this component by (Kubernetes Service name, Terraform address, ...). */
  aliases?: string[];
  image?: string;
  replicas?: Replicas;
  resources?: Resources;
  regions?: string[];
  /** Format-specific facts worth showing (instance type, module source, ...). Values are redacted. */
  attributes?: Record<string, string | number | boolean>;
  /**
   * Set on a stand-in for a component of another system (a Service of another folder or Kustomize root): calls to
   * the stand-in are calls to that component, and request paths continue through it.
   */
  resolvesTo?: { system: string; component: string };
  factSources?: FactSources;
}

export interface Edge {
  from: string;
  to: string;
  kind: EdgeKind;
  evidence: Evidence[];
}

export interface EntryPoint {
  component: string;
  /** How a client outside reaches it, e.g. `published port 8080`, `Ingress shop.example.com/`. */
  via: string;
  evidence: Evidence[];
}

/** One deployable unit: a compose project, a Kustomize root or namespace, a Terraform root module. */
export interface SystemGraph {
  /** Stable between base and head (derived from paths), used to match the two sides. */
  id: string;
  format: string;
  components: Component[];
  edges: Edge[];
  entryPoints: EntryPoint[];
}

/** A problem with user input. Extractors never throw on input: they return these. */
export interface ExtractionWarning {
  /** Stable id, e.g. `compose/unknown-depends-on`, `yaml/invalid`. */
  id: string;
  file: string;
  line?: number;
  message: string;
}

/** Everything extracted from one tree of files. */
export interface GraphSet {
  systems: SystemGraph[];
  warnings: ExtractionWarning[];
  /** One-line remarks for the report that are not problems (e.g. "Helm chart skipped"). */
  notes: string[];
}

export function edgeKey(edge: Pick<Edge, "from" | "to">): string {
  return `${edge.from}\u0000${edge.to}`;
}
