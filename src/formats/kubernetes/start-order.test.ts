import { describe, expect, it } from "vitest";
import type { SystemGraph } from "../../graph/model.js";
import type { InputFile } from "../types.js";
import { docs, service, workload } from "./__fixtures__/manifests.js";
import { kubernetesFormat } from "./index.js";

const extract = (files: InputFile[]) => kubernetesFormat.extract(files, { deadline: Date.now() + 60_000 });
const edgeList = (system: SystemGraph) => system.edges.map((edge) => `${edge.from} -> ${edge.to}`).sort();

/** `workload` with an init container that runs `script` before the main container starts. */
function withInitContainer(name: string, script: string, env: Record<string, string> = {}): string {
  const init = `      initContainers:
        - name: wait
          image: busybox:1.36
          command: ["/bin/sh", "-c"]
          args: ["${script}"]
`;
  return workload(name, { env }).replace("      containers:\n", `${init}      containers:\n`);
}

/** A Deployment whose container loads each of `maps` whole through envFrom. */
function loadingMaps(name: string, maps: string[], image = `example/${name}:1.0`): string {
  const refs = maps.map((map) => `            - configMapRef:\n                name: ${map}`).join("\n");
  return `${workload(name, { image })}          envFrom:\n${refs}\n`;
}

function configMap(name: string, data: Record<string, string>): string {
  const lines = Object.entries(data).map(([key, value]) => `  ${key}: "${value}"`);
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n${lines.join("\n")}\n`;
}

const services = (...names: string[]) =>
  names.flatMap((name) => [workload(name), service(name, { app: name })]);

describe("start-up order in init containers", () => {
  it("draws no call to a host only an init container waits for, and notes it", async () => {
    const result = await extract([
      {
        path: "k8s/app.yaml",
        text: docs(
          withInitContainer("loadgen", "until wget -q http://writer:8080/ready; do sleep 2; done", {
            FRONTEND_ADDR: "frontend:80",
          }),
          ...services("writer", "frontend"),
        ),
      },
    ]);
    expect(edgeList(result.systems[0]!)).toEqual(["loadgen -> frontend"]);
    // The reason shows beside the call the workload does make.
    expect(result.systems[0]!.edges[0]!.evidence.map((found) => found.rule)).toEqual([
      "kubernetes/env-host",
      "kubernetes/start-order",
    ]);
    expect(result.notes).toContainEqual(
      expect.stringMatching(/kubernetes\/start-order: loadgen \(k8s\/app\.yaml:\d+\) waits for writer/),
    );
  });

  it("keeps the call when the main container names the same host", async () => {
    const result = await extract([
      {
        path: "k8s/app.yaml",
        text: docs(
          withInitContainer("api", "until pg_isready -h orders-db; do sleep 2; done", {
            DB_HOST: "orders-db",
          }),
          ...services("orders-db"),
        ),
      },
    ]);
    expect(edgeList(result.systems[0]!)).toEqual(["api -> orders-db"]);
    expect(result.notes.join("\n")).not.toMatch(/start-order/);
  });
});

describe("ConfigMaps of addresses", () => {
  const directory = configMap("service-api", {
    WRITER_ADDR: "writer:8080",
    READER_ADDR: "reader:8080",
    HISTORY_ADDR: "history:8080",
  });

  it("reads a ConfigMap naming its loader as a directory: no calls for that loader, calls for the others", async () => {
    const result = await extract([
      {
        path: "k8s/app.yaml",
        text: docs(
          directory,
          loadingMaps("frontend", ["service-api"]),
          loadingMaps("writer", ["service-api"]),
          ...services("reader", "history"),
          service("writer", { app: "writer" }),
        ),
      },
    ]);
    expect(edgeList(result.systems[0]!)).toEqual([
      "frontend -> history",
      "frontend -> reader",
      "frontend -> writer",
    ]);
    expect(result.notes).toContainEqual(
      expect.stringMatching(/kubernetes\/address-directory: writer loads ConfigMap service-api whole/),
    );
  });

  it("reads a ConfigMap only its own component loads as that component's configuration, own address and all", async () => {
    const result = await extract([
      {
        path: "k8s/app.yaml",
        text: docs(
          configMap("writer-config", { SELF_URL: "http://writer:8080", READER_URL: "http://reader:8080" }),
          loadingMaps("writer", ["writer-config"]),
          service("writer", { app: "writer" }),
          ...services("reader"),
        ),
      },
    ]);
    expect(edgeList(result.systems[0]!)).toEqual(["writer -> reader"]);
    expect(result.notes.join("\n")).not.toMatch(/address-directory/);
  });

  it("still reads a ConfigMap entry the workload takes by key", async () => {
    const writer = workload("writer").replace(
      "          image: example/writer:1.0\n",
      `          image: example/writer:1.0
          env:
            - name: READER_ADDR
              valueFrom:
                configMapKeyRef:
                  name: service-api
                  key: READER_ADDR
`,
    );
    const result = await extract([
      {
        path: "k8s/app.yaml",
        text: docs(directory, writer, service("writer", { app: "writer" }), ...services("reader", "history")),
      },
    ]);
    expect(edgeList(result.systems[0]!)).toEqual(["writer -> reader"]);
  });

  it("draws no call from a database to the services whose addresses it is handed", async () => {
    const result = await extract([
      {
        path: "k8s/app.yaml",
        text: docs(
          directory,
          loadingMaps("accounts", ["service-api"], "postgres:16"),
          service("accounts", { app: "accounts" }),
          ...services("reader", "history", "writer"),
        ),
      },
    ]);
    expect(edgeList(result.systems[0]!)).toEqual([]);
  });
});
