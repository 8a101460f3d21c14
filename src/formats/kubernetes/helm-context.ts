import { toYaml } from "./go-template/functions.js";
import { put, type Dict, type Method } from "./go-template/values.js";
import { pathInChart, type Chart } from "./helm-charts.js";

// What `helm template` assumes without a cluster: a recent Kubernetes serving its built-in API versions.
const KUBE_VERSION = { Version: "v1.30.0", Major: "1", Minor: "30", GitVersion: "v1.30.0" };
const BUILT_IN_API_VERSIONS = new Set([
  "v1",
  "apps/v1",
  "batch/v1",
  "autoscaling/v1",
  "autoscaling/v2",
  "policy/v1",
  "networking.k8s.io/v1",
  "rbac.authorization.k8s.io/v1",
  "storage.k8s.io/v1",
  "apiextensions.k8s.io/v1",
  "admissionregistration.k8s.io/v1",
  "coordination.k8s.io/v1",
  "discovery.k8s.io/v1",
  "scheduling.k8s.io/v1",
  "certificates.k8s.io/v1",
]);

function hasApiVersion(name: unknown): boolean {
  if (typeof name !== "string") return false;
  const slash = name.lastIndexOf("/");
  // `networking.k8s.io/v1/Ingress` names a kind under a version.
  const version = /^[A-Z]/.test(name.slice(slash + 1)) ? name.slice(0, slash) : name;
  return BUILT_IN_API_VERSIONS.has(version);
}

/** Matches a glob (`*`, `?`, `**`) against a path in linear passes, without building a regular expression. */
export function globMatches(pattern: string, path: string): boolean {
  let p = 0;
  let s = 0;
  let starP = -1;
  let starS = -1;
  let crossesSlash = false;
  while (s < path.length) {
    const char = pattern[p];
    if (char === "*") {
      crossesSlash = pattern[p + 1] === "*";
      p += crossesSlash ? 2 : 1;
      starP = p;
      starS = s;
    } else if (char !== undefined && (char === "?" ? path[s] !== "/" : char === path[s])) {
      p++;
      s++;
    } else if (starP >= 0 && (crossesSlash || path[starS] !== "/")) {
      starS++;
      s = starS;
      p = starP;
    } else return false;
  }
  while (pattern[p] === "*") p++;
  return p === pattern.length;
}

function filesObject(chart: Chart): Dict {
  const byName = new Map(chart.files.map((file) => [pathInChart(chart, file.path), file.text]));
  const glob = (pattern: unknown): Dict => {
    const matched = [...byName.entries()].filter(
      ([name]) => typeof pattern === "string" && globMatches(pattern, name),
    );
    return filesView(new Map(matched));
  };
  const files = filesView(byName);
  put(files, "Glob", glob as Method);
  return files;
}

function filesView(byName: Map<string, string>): Dict {
  const view: Dict = {};
  const basenames = (transform: (text: string) => string): string => {
    const entries: Dict = {};
    for (const [name, text] of byName) put(entries, name.slice(name.lastIndexOf("/") + 1), transform(text));
    return byName.size === 0 ? "" : toYaml(entries);
  };
  put(view, "Get", ((name: unknown) => (typeof name === "string" ? (byName.get(name) ?? "") : "")) as Method);
  put(view, "GetBytes", ((name: unknown) =>
    typeof name === "string" ? (byName.get(name) ?? "") : "") as Method);
  put(view, "Lines", ((name: unknown) =>
    typeof name === "string" ? (byName.get(name) ?? "").split("\n") : []) as Method);
  put(view, "AsConfig", (() => basenames((text) => text)) as Method);
  put(view, "AsSecrets", (() => basenames((text) => Buffer.from(text).toString("base64"))) as Method);
  return view;
}

/** The dot of a chart's templates: `.Values`, `.Chart`, `.Release`, `.Capabilities`, `.Template`, `.Files`. */
export function chartContext(
  chart: Chart,
  releaseName: string,
  templateName: string,
  basePath: string,
): Dict {
  const text = (key: string): string =>
    typeof chart.metadata[key] === "string" ? (chart.metadata[key] as string) : "";
  const capabilities: Dict = { KubeVersion: KUBE_VERSION, HelmVersion: { Version: "v3.15.0" } };
  put(capabilities, "APIVersions", { Has: hasApiVersion as Method });
  return {
    Values: chart.values,
    Chart: {
      Name: chart.name,
      Version: text("version"),
      AppVersion: text("appVersion"),
      Description: text("description"),
      Type: text("type") || "application",
      ApiVersion: text("apiVersion"),
      KubeVersion: text("kubeVersion"),
    },
    Release: {
      Name: releaseName,
      Namespace: "default",
      Service: "Helm",
      IsInstall: true,
      IsUpgrade: false,
      Revision: 1,
    },
    Capabilities: capabilities,
    Template: { Name: templateName, BasePath: basePath },
    Files: filesObject(chart),
  };
}
