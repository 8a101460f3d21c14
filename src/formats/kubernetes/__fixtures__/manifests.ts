import { kubernetesFormat } from "../index.js";

/** A Deployment (or `kind`) whose pods carry `labels` (default `app: <name>`) and one container. */
export function workload(
  name: string,
  options: {
    namespace?: string;
    labels?: Record<string, string>;
    image?: string;
    env?: Record<string, string>;
    kind?: string;
  } = {},
): string {
  const labels = options.labels ?? { app: name };
  const labelLines = Object.entries(labels)
    .map(([key, value]) => `        ${key}: ${value}`)
    .join("\n");
  const env = Object.entries(options.env ?? {})
    .map(([key, value]) => `            - name: ${key}\n              value: "${value}"`)
    .join("\n");
  return `apiVersion: apps/v1
kind: ${options.kind ?? "Deployment"}
metadata:
  name: ${name}
${options.namespace ? `  namespace: ${options.namespace}\n` : ""}spec:
  selector:
    matchLabels:
${labelLines.replace(/^ {8}/gm, "      ")}
  template:
    metadata:
      labels:
${labelLines}
    spec:
      containers:
        - name: main
          image: ${options.image ?? `example/${name}:1.0`}
${env ? `          env:\n${env}\n` : ""}`;
}

/** A Service selecting `selector` on port 80, written with node port 30080 unless `nodePort` says otherwise. */
export function service(
  name: string,
  selector: Record<string, string>,
  options: { namespace?: string; type?: string; headless?: boolean; nodePort?: number | false } = {},
): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
${options.namespace ? `  namespace: ${options.namespace}\n` : ""}spec:
${options.type ? `  type: ${options.type}\n` : ""}${options.headless ? "  clusterIP: None\n" : ""}  selector:
${Object.entries(selector)
  .map(([key, value]) => `    ${key}: ${value}`)
  .join("\n")}
  ports:
    - port: 80
${options.nodePort === false ? "" : `      nodePort: ${options.nodePort ?? 30080}\n`}`;
}

/** Manifests as one multi-document YAML file. */
export const docs = (...parts: string[]) => parts.join("---\n");

/** What the extractor makes of one manifest file. */
export function extractManifest(text: string, path = "k8s/app.yaml") {
  return kubernetesFormat.extract([{ path, text }], { deadline: Date.now() + 60_000 });
}
