import { describe, expect, it } from "vitest";
import { analyzeChange } from "../../engine.js";
import { extract } from "./__fixtures__/extract.js";

const BASE = `services:
  web:
    image: acme/meet-web
    ports: ["8443:8443"]
  xmpp:
    image: acme/xmpp
    networks:
      meet:
        aliases: [xmpp.meet]
networks:
  meet:
`;

// Used as `docker compose -f docker-compose.yml -f gateway.yml up`: waits for a base service.
const GATEWAY = `services:
  gateway:
    image: acme/sip-gateway
    depends_on: [xmpp]
    environment: [XMPP_SERVER=xmpp.meet]
    networks:
      meet:
`;

// Joins only a network the base declares: it cannot run alone.
const PADS = `services:
  pads:
    image: etherpad/etherpad
    networks:
      meet:
        aliases: [pads.meet]
`;

// Compose's format but on its own: its own network, nothing of the base.
const OTHER = `services:
  tool:
    image: acme/tool
networks:
  own: {}
`;

describe("add-on compose files named for their role", () => {
  it("read a YAML file beside the base that refers to it as an overlay of that base", async () => {
    const result = await extract({
      "docker-compose.yml": BASE,
      "gateway.yml": GATEWAY,
      "pads.yml": PADS,
      "tool.yml": OTHER,
      "values.yaml": "services:\n  web:\n    replicas: 3\nimage: {tag: 1}\n",
    });
    expect(result.systems.map((system) => system.id)).toEqual([
      "compose:.",
      "compose:.#gateway.yml",
      "compose:.#pads.yml",
    ]);
    const gateway = result.systems[1]!;
    expect(gateway.components.map((component) => component.name).sort()).toEqual(["gateway", "web", "xmpp"]);
    expect(gateway.edges.map((edge) => `${edge.from}->${edge.to}`)).toEqual(["gateway->xmpp"]);
    expect(result.systems[2]!.components.map((component) => component.name).sort()).toEqual([
      "pads",
      "web",
      "xmpp",
    ]);
  });

  it("need a base compose file in the same folder", async () => {
    const result = await extract({ "deploy/docker-compose.yml": BASE, "gateway.yml": GATEWAY });
    expect(result.systems.map((system) => system.id)).toEqual(["compose:deploy"]);
  });

  it("read an add-on that arrives as what it adds", async () => {
    const report = await analyzeChange(
      [{ path: "docker-compose.yml", text: BASE }],
      [
        { path: "docker-compose.yml", text: BASE },
        { path: "pads.yml", text: PADS },
      ],
    );
    const added = report.systems.flatMap((system) => system.delta.addedComponents.map((c) => c.name));
    const removed = report.systems.flatMap((system) => system.delta.removedComponents.map((c) => c.name));
    expect(added).toEqual(["pads"]);
    expect(removed).toEqual([]);
  });
});
