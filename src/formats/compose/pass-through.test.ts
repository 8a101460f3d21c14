import { describe, expect, it } from "vitest";
import { extract } from "./__fixtures__/extract.js";

const COMPOSE = `services:
  shop:
    image: acme/shop
    ports:
      - "\${SHOP_PORT}:8080"
      - "127.0.0.1:\${ADMIN_PORT}:9090"
    environment:
      - CART_ADDR
      - PAYMENTS_DB_PASSWORD
      - UNSET_HOST
    env_file: []
  checkout:
    image: acme/checkout
    environment:
      CART_ADDR:
      OTEL_EXPORTER_OTLP_ENDPOINT:
  cart:
    image: acme/cart
  collector:
    image: otel/opentelemetry-collector
`;

const ENV = `CART_ADDR=cart:7070
OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4317
PAYMENTS_DB_PASSWORD=hunter2
`;

describe("settings passed on from the project's .env", () => {
  it("reads `- KEY` and `KEY:` with no value from the .env file beside the compose file", async () => {
    const result = await extract({ "compose.yaml": COMPOSE, ".env": ENV });
    const graph = result.systems[0]!;
    expect(graph.edges.map((edge) => `${edge.from}->${edge.to}`).sort()).toEqual([
      "checkout->cart",
      "checkout->collector",
      "shop->cart",
    ]);
    const shopToCart = graph.edges.find((edge) => edge.from === "shop" && edge.to === "cart");
    expect(shopToCart!.evidence[0]).toMatchObject({ rule: "compose/env-host", line: 8 });
    expect(JSON.stringify(result)).not.toContain("hunter2");
  });

  it("leaves them unknown without a .env file", async () => {
    const result = await extract({ "compose.yaml": COMPOSE });
    expect(result.systems[0]!.edges).toEqual([]);
  });

  it("interpolates the fields of a long-syntax port", async () => {
    const result = await extract({
      "compose.yaml": `services:
  proxy:
    image: caddy:2
    ports:
      - target: 80
        published: \${LISTEN_HTTP_PORT:-80}
        protocol: tcp
`,
      ".env": "LISTEN_HTTP_PORT=8080\n",
    });
    expect(result.systems[0]!.entryPoints[0]).toMatchObject({
      component: "proxy",
      via: "published port 8080",
    });
    expect(result.warnings).toEqual([]);
  });

  it("publishes a port whose host port is left to a variable", async () => {
    const result = await extract({ "compose.yaml": COMPOSE });
    const entry = result.systems[0]!.entryPoints.find((point) => point.component === "shop");
    expect(entry?.via).toContain("${SHOP_PORT}");
    expect(result.warnings.filter((warning) => warning.id === "compose/invalid-ports")).toEqual([]);
  });
});
