import { describe, expect, it } from "vitest";
import { docs, extractManifest, service, workload } from "./__fixtures__/manifests.js";

/** A workload whose container (or init container) declares `port`, with `hostPort` when given. */
function withPort(name: string, port: number, hostPort?: number, init = false): string {
  const key = init ? "initContainers" : "containers";
  const ports = `          ports:\n            - containerPort: ${port}\n${hostPort ? `              hostPort: ${hostPort}\n` : ""}`;
  const spec = workload(name).replace("      containers:\n", `      ${key}:\n`);
  return `${spec}${ports}${init ? "      containers:\n        - name: main\n          image: example/main:1\n" : ""}`;
}

describe("host ports", () => {
  it("makes a workload whose container binds a hostPort an entry point, cited at the port", async () => {
    const result = await extractManifest(
      docs(
        withPort("ui", 80, 32777),
        withPort("api", 4567),
        service("api", { app: "api" }, { nodePort: false }),
        withPort("setup", 9000, 9000, true),
      ),
    );
    const entries = result.systems[0]!.entryPoints;
    expect(entries.map((entry) => entry.component)).toEqual(["ui"]);
    expect(entries[0]!.via).toBe("hostPort 32777 of Deployment ui");
    expect(entries[0]!.evidence[0]).toMatchObject({ rule: "kubernetes/host-port", file: "k8s/app.yaml" });
  });
});
