import { describe, expect, it } from "vitest";
import { docs, service, workload } from "./__fixtures__/manifests.js";
import { kubernetesFormat } from "./index.js";

describe("kinds from names", () => {
  it("takes the role a workload is named for when its image names no product", async () => {
    const result = await kubernetesFormat.extract(
      [
        {
          path: "k8s/app.yaml",
          text: docs(
            workload("catalogue-db", { image: "acme/catalogue-db:0.3" }),
            service("catalogue-db", { app: "catalogue-db" }),
            workload("orders-db", { image: "mongo:7" }),
            workload("edge-router", { image: "acme/edge:1" }),
            workload("queue-master", { image: "acme/queue-master:1" }),
          ),
        },
      ],
      { deadline: Date.now() + 60_000 },
    );
    const kinds = Object.fromEntries(result.systems[0]!.components.map((c) => [c.name, c.kind]));
    expect(kinds).toEqual({
      "catalogue-db": "datastore",
      "orders-db": "datastore",
      "edge-router": "gateway",
      "queue-master": "service",
    });
  });
});
