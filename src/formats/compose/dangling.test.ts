import { describe, expect, it } from "vitest";
import { analyzeChange } from "../../engine.js";
import { extract } from "./__fixtures__/extract.js";

const BASE = `services:
  api:
    build: ./api
    ports: ["8080:8080"]
    environment:
      PAYMENTS_URL: http://payments:9000
      HOME_URL: http://host.docker.internal:3000
      LOCAL: http://localhost:1234
`;
const HEAD = `${BASE}  payments:
    build: ./payments
`;

describe("dangling references", () => {
  it("keeps a call to a host no service defines yet, to an unresolved component that is never an entry point", async () => {
    const result = await extract({ "compose.yaml": BASE });
    const graph = result.systems[0]!;
    expect(graph.components.map((c) => [c.name, c.kind, c.attributes?.unresolved ?? false])).toEqual([
      ["api", "service", false],
      ["payments", "external", true],
    ]);
    expect(graph.edges[0]).toMatchObject({ from: "api", to: "payments" });
    expect(graph.edges[0]!.evidence[0]!.rule).toBe("compose/unresolved-host");
    expect(graph.entryPoints.map((entry) => entry.component)).toEqual(["api"]);
  });

  it("reads the callee's arrival as a component added, not as a call added", async () => {
    const report = await analyzeChange(
      [{ path: "compose.yaml", text: BASE }],
      [{ path: "compose.yaml", text: HEAD }],
    );
    const delta = report.systems[0]!.delta;
    expect(delta.addedComponents.map((c) => c.name)).toEqual(["payments"]);
    expect(delta.addedEdges).toEqual([]);
    expect(delta.changedComponents).toEqual([]);
  });

  it("takes a backend for a kind of work for a choice of implementation, unless it is a URL", async () => {
    const text = `services:
  api:
    build: ./api
    environment:
      OBJECTS_STORAGE_BACKEND: fs
      EMAIL_BACKEND: smtp
      CELERY_RESULT_BACKEND: redis://cache:6379/1
`;
    const result = await extract({ "compose.yaml": text });
    expect(result.systems[0]!.edges.map((edge) => `${edge.from}->${edge.to}`)).toEqual(["api->cache"]);
  });

  it("takes a path, a route or a prefix for part of a URL, not for a host", async () => {
    const text = `services:
  web:
    build: ./web
    environment:
      POWERSYNC_URL: http://sync:8080
      POWERSYNC_URL_PATH: ps
      SERVER_BASE_PATH: app
      API_URL_PREFIX: v1
  sync: {image: journeyapps/powersync-service}
`;
    const result = await extract({ "compose.yaml": text });
    const graph = result.systems[0]!;
    expect(graph.components.map((c) => c.name).sort()).toEqual(["sync", "web"]);
    expect(graph.edges.map((edge) => `${edge.from}->${edge.to}`)).toEqual(["web->sync"]);
  });
});
