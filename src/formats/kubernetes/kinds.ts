import type { KubeObject } from "./objects.js";

/** What an object means for the graph; everything else (RBAC, CRDs, ...) is ignored. */
export type ObjectRole =
  | "workload"
  | "service"
  | "configmap"
  | "secret"
  | "pvc"
  | "endpoints"
  | "hpa"
  | "ingress"
  | "route"
  | "virtualservice"
  | "gateway"
  | "serviceentry"
  | "networkpolicy"
  | "namespace";

const CORE: Record<string, { role: ObjectRole; versions: RegExp }> = {
  Deployment: { role: "workload", versions: /^(apps\/v1(beta[12])?|extensions\/v1beta1)$/ },
  DaemonSet: { role: "workload", versions: /^(apps\/v1(beta2)?|extensions\/v1beta1)$/ },
  ReplicaSet: { role: "workload", versions: /^(apps\/v1(beta2)?|extensions\/v1beta1)$/ },
  StatefulSet: { role: "workload", versions: /^apps\/v1(beta[12])?$/ },
  Pod: { role: "workload", versions: /^v1$/ },
  Job: { role: "workload", versions: /^batch\/v1$/ },
  CronJob: { role: "workload", versions: /^batch\/(v1|v1beta1|v2alpha1)$/ },
  Service: { role: "service", versions: /^v1$/ },
  ConfigMap: { role: "configmap", versions: /^v1$/ },
  Secret: { role: "secret", versions: /^v1$/ },
  PersistentVolumeClaim: { role: "pvc", versions: /^v1$/ },
  Endpoints: { role: "endpoints", versions: /^v1$/ },
  EndpointSlice: { role: "endpoints", versions: /^discovery\.k8s\.io\/v1(beta1)?$/ },
  Namespace: { role: "namespace", versions: /^v1$/ },
  HorizontalPodAutoscaler: { role: "hpa", versions: /^autoscaling\/(v1|v2|v2beta1|v2beta2)$/ },
  Ingress: { role: "ingress", versions: /^(networking\.k8s\.io\/v1(beta1)?|extensions\/v1beta1)$/ },
  NetworkPolicy: { role: "networkpolicy", versions: /^(networking\.k8s\.io\/v1|extensions\/v1beta1)$/ },
};

export interface Classification {
  role?: ObjectRole;
  /** Set when a core kind comes with an apiVersion Kubernetes does not serve. */
  unknownApiVersion?: boolean;
}

export function classify(object: KubeObject): Classification {
  const { apiVersion, kind } = object;
  const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
  if (group === "serving.knative.dev" && kind === "Service") return { role: "workload" };
  if (group === "argoproj.io" && kind === "Rollout") return { role: "workload" };
  if (group === "gateway.networking.k8s.io" && (kind === "HTTPRoute" || kind === "GRPCRoute"))
    return { role: "route" };
  if (group === "networking.istio.io" && kind === "VirtualService") return { role: "virtualservice" };
  if ((group === "networking.istio.io" || group === "gateway.networking.k8s.io") && kind === "Gateway")
    return { role: "gateway" };
  if (group === "networking.istio.io" && kind === "ServiceEntry") return { role: "serviceentry" };
  const core = CORE[kind];
  if (!core) return {};
  // A core kind name under a foreign API group is somebody's CRD, not the core object.
  if (
    group !== "" &&
    !core.versions.test(apiVersion) &&
    !/^(apps|extensions|batch|networking\.k8s\.io|autoscaling|discovery\.k8s\.io)$/.test(group)
  )
    return {};
  return core.versions.test(apiVersion) ? { role: core.role } : { role: core.role, unknownApiVersion: true };
}
