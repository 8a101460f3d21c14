import { describe, expect, it } from "vitest";
import { docs, extractManifest, service, workload } from "./__fixtures__/manifests.js";

function ingress(name: string, host: string, paths: [string, string][]): string {
  const lines = paths
    .map(
      ([path, backend]) => `          - path: ${path}
            pathType: Prefix
            backend:
              service: {name: ${backend}, port: {number: 80}}`,
    )
    .join("\n");
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
spec:
  rules:
    - host: ${host}
      http:
        paths:
${lines}
`;
}

describe("host names an Ingress here serves", () => {
  it("are the system's own addresses: a call to one goes to its backend, not to an outside host", async () => {
    const result = await extractManifest(
      docs(
        workload("web", {
          env: { API_URL: "https://api.shop.example.com/v1", SITE_URL: "https://shop.example.com" },
        }),
        ...["web", "api", "portal"].flatMap((name) => [
          workload(name === "web" ? "unused" : name),
          service(name, { app: name }),
        ]),
        ingress("api", "api.shop.example.com", [["/", "api"]]),
        // One host, two backends: the call stays inside, but the configuration does not say to which.
        ingress("site", "shop.example.com", [
          ["/", "portal"],
          ["/api", "api"],
        ]),
      ),
      "k8s/app.yaml",
    );
    const graph = result.systems[0]!;
    expect(graph.edges.map((edge) => `${edge.from} -> ${edge.to}`)).toEqual(["web -> api"]);
    expect(graph.components.map((component) => component.name)).not.toContain("shop.example.com");
  });
});

describe("host names a Gateway API route serves", () => {
  it("name the route's backend", async () => {
    const route = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: api
spec:
  parentRefs: [{name: public}]
  hostnames: [api.shop.example.com]
  rules:
    - backendRefs: [{name: api, port: 80}]
`;
    const result = await extractManifest(
      docs(
        workload("web", { env: { API_URL: "https://api.shop.example.com/v1" } }),
        workload("api"),
        service("api", { app: "api" }),
        route,
      ),
      "k8s/app.yaml",
    );
    const graph = result.systems[0]!;
    expect(graph.edges.filter((edge) => edge.from === "web").map((edge) => edge.to)).toEqual(["api"]);
  });
});
