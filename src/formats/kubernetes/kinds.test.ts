import { describe, expect, it } from "vitest";
import { docs, extractManifest, service, workload } from "./__fixtures__/manifests.js";

describe("kinds from names", () => {
  it("takes the role a workload is named for when its image names no product", async () => {
    const result = await extractManifest(
      docs(
        workload("catalogue-db", { image: "acme/catalogue-db:0.3" }),
        service("catalogue-db", { app: "catalogue-db" }),
        workload("orders-db", { image: "mongo:7" }),
        workload("edge-router", { image: "acme/edge:1" }),
        workload("queue-master", { image: "acme/queue-master:1" }),
      ),
    );
    const kinds = Object.fromEntries(result.systems[0]!.components.map((c) => [c.name, c.kind]));
    expect(kinds).toEqual({
      "catalogue-db": "datastore",
      "orders-db": "datastore",
      "edge-router": "gateway",
      "queue-master": "service",
    });
  });

  it("takes the product a workload is named for, as one word, when its image names none", async () => {
    const result = await extractManifest(
      docs(
        workload("kafka", { kind: "StatefulSet", image: "docker.io/confluentinc/confluent-local:7.5.0" }),
        service("kafka-headless", { app: "kafka" }, { headless: true }),
        workload("redis", { image: "acme/session-store:2" }),
        workload("kafka-setup", { image: "acme/tools:1" }),
        workload("catalog", { image: "acme/catalog:1" }),
      ),
    );
    const kinds = Object.fromEntries(result.systems[0]!.components.map((c) => [c.name, c.kind]));
    expect(kinds).toEqual({
      "kafka-headless": "queue",
      redis: "cache",
      "kafka-setup": "service",
      catalog: "service",
    });
  });
});
