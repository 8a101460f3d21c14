/** How a host name may name a Kubernetes Service: `svc`, `svc.ns`, `svc.ns.svc[.cluster.local]`, `pod.svc.ns...`. */

export interface ServiceName {
  name: string;
  namespace: string;
}

export interface DnsReading {
  /** Candidate Services, most likely first. */
  candidates: ServiceName[];
  /** True when the name is unmistakably in-cluster (`.svc` forms): it must resolve or be reported. */
  clusterForm: boolean;
  /** Loopback, wildcard and IP addresses name no Service and no external host. */
  ignored?: boolean;
}

const IP = /^(\d{1,3}\.){3}\d{1,3}$|^\[/;
const LOCAL = new Set(["localhost", "0.0.0.0", "127.0.0.1", "::1", "host.docker.internal"]);

export function readServiceHost(rawHost: string, callerNamespace: string): DnsReading {
  const host = rawHost.toLowerCase().replace(/\.$/, "");
  if (IP.test(host) || LOCAL.has(host)) return { candidates: [], clusterForm: false, ignored: true };
  const svcAt = host.endsWith(".svc") ? host.length - 4 : host.indexOf(".svc.");
  if (svcAt > 0) {
    const labels = host.slice(0, svcAt).split(".");
    if (labels.length < 2) return { candidates: [], clusterForm: true };
    return {
      candidates: [{ name: labels[labels.length - 2]!, namespace: labels[labels.length - 1]! }],
      clusterForm: true,
    };
  }
  const labels = host.split(".");
  if (labels.length === 1)
    return { candidates: [{ name: host, namespace: callerNamespace }], clusterForm: false };
  if (labels.length === 2) {
    // `svc.ns`, or a StatefulSet pod through its headless Service: `pod-0.svc`.
    return {
      candidates: [
        { name: labels[0]!, namespace: labels[1]! },
        { name: labels[1]!, namespace: callerNamespace },
      ],
      clusterForm: false,
    };
  }
  if (labels.length === 3)
    return { candidates: [{ name: labels[1]!, namespace: labels[2]! }], clusterForm: false };
  return { candidates: [], clusterForm: false };
}
