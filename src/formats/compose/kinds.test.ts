import { describe, expect, it } from "vitest";
import { composeFormat } from "./index.js";
import { extract } from "./__fixtures__/extract.js";

describe("kinds from names and Dockerfiles", () => {
  it("takes the kind of a built image from its Dockerfile's final stage, resolved from the build context", async () => {
    const result = await extract({
      "deploy/compose.yaml": `services:
  users:
    build: ../db
  web:
    build: {context: ../web, dockerfile: docker/Dockerfile.prod}
  inline:
    build:
      context: .
      dockerfile_inline: |
        FROM redis:7
  api:
    build: ../api
`,
      "db/Dockerfile": "FROM mysql:8.0\nCOPY seed.sql /docker-entrypoint-initdb.d/\n",
      "web/docker/Dockerfile.prod": "FROM node:20 AS build\nRUN npm ci\nFROM nginx:1.27\n",
      "api/Dockerfile": "FROM node:20\n",
    });
    const kinds = Object.fromEntries(result.systems[0]!.components.map((c) => [c.name, c.kind]));
    expect(kinds).toEqual({ users: "datastore", web: "gateway", inline: "cache", api: "service" });
    expect(result.systems[0]!.components[0]!.attributes).toMatchObject({ baseImage: "mysql:8.0" });
  });

  it("finds the Dockerfile of a build whose context is the root of the repository", async () => {
    const result = await extract({
      "docker-compose.yml": `services:
  kafka:
    image: acme/shop:1.0-kafka
    build: {context: ./, dockerfile: ./src/kafka/Dockerfile}
  search:
    build: {context: ., dockerfile: src/search/Dockerfile}
`,
      "src/kafka/Dockerfile": "FROM apache/kafka:3.9.1\n",
      "src/search/Dockerfile": "FROM opensearchproject/opensearch:3\n",
    });
    const kinds = Object.fromEntries(result.systems[0]!.components.map((c) => [c.name, c.kind]));
    expect(kinds).toEqual({ kafka: "queue", search: "datastore" });
  });

  it("takes the role a service or its image is named for when the image names no product", async () => {
    const result = await extract({
      "compose.yaml": `services:
  user-db: {image: acme/user-db:0.4}
  edge-router: {image: acme/edge-router:0.1}
  session-cache: {build: ./session}
  orders-db: {image: mongo:7}
  queue-master: {image: acme/queue-master:1}
  catalog: {image: acme/catalog-database:2}
`,
    });
    const kinds = Object.fromEntries(result.systems[0]!.components.map((c) => [c.name, c.kind]));
    expect(kinds).toEqual({
      "user-db": "datastore",
      "edge-router": "gateway",
      "session-cache": "cache",
      "orders-db": "datastore",
      "queue-master": "service",
      catalog: "datastore",
    });
  });

  it("claims Dockerfiles so they are read with the compose files", () => {
    expect(composeFormat.claims("db/Dockerfile")).toBe(true);
    expect(composeFormat.claims("web/Dockerfile.prod")).toBe(true);
    expect(composeFormat.claims("api.dockerfile")).toBe(true);
    expect(composeFormat.claims("docs/Dockerfiles.md")).toBe(false);
  });
});
