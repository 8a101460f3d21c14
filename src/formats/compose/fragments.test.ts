import { describe, expect, it } from "vitest";
import { extract } from "./__fixtures__/extract.js";

const names = (system: { components: { name: string }[] }) =>
  system.components.map((component) => component.name).sort();

const BASE = `services:
  web:
    image: acme/analytics
    depends_on: [db]
    environment: [DATABASE_URL=postgres://db:5432/app]
    ports: ["8000:8000"]
  db:
    image: postgres:16
`;

const ADDON = `services:
  web:
    depends_on: [geoip]
    volumes: ["geo:/geo:ro"]
  geoip:
    image: maxmindinc/geoipupdate
    volumes: ["geo:/usr/share/GeoIP"]
volumes:
  geo: {}
`;

describe("compose files in a sub-folder that patch the base above", () => {
  it("are a variant of that base, not a project of their own", async () => {
    const result = await extract({ "docker-compose.yml": BASE, "geoip/docker-compose.geoip.yml": ADDON });
    expect(result.systems.map((system) => system.id)).toEqual([
      "compose:.",
      "compose:.#geoip/docker-compose.geoip.yml",
    ]);
    expect(names(result.systems[1]!)).toEqual(["db", "geoip", "web"]);
  });

  it("resolve their relative paths from the base's folder, as Compose does for every -f file", async () => {
    const result = await extract({
      "docker-compose.yml": BASE,
      "exporter/docker-compose.exporter.yml": `services:
  exporter:
    image: prometheuscommunity/postgres-exporter
    env_file: exporter/exporter.env
    depends_on: [db]
`,
      "exporter/exporter.env": "DATA_SOURCE_NAME=postgresql://db:5432/app?sslmode=disable\n",
    });
    const variant = result.systems.find(
      (system) => system.id === "compose:.#exporter/docker-compose.exporter.yml",
    )!;
    const call = variant.edges.find((edge) => edge.from === "exporter" && edge.to === "db")!;
    expect(call.evidence.map((evidence) => `${evidence.file} ${evidence.rule}`)).toContain(
      "exporter/exporter.env compose/env-host",
    );
    expect(result.notes.filter((note) => note.includes("not among the files read"))).toEqual([]);
  });

  it("stay a project of their own when they can run alone", async () => {
    const standalone = ADDON.replace("  web:\n    depends_on", "  web:\n    image: acme/web\n    depends_on");
    const result = await extract({
      "docker-compose.yml": BASE,
      "geoip/docker-compose.geoip.yml": standalone,
    });
    expect(result.systems.map((system) => system.id)).toEqual([
      "compose:.",
      "compose:geoip#docker-compose.geoip.yml",
    ]);
  });

  it("stay a project of their own when no folder above has a base file", async () => {
    const result = await extract({ "geoip/docker-compose.geoip.yml": ADDON });
    expect(result.systems.map((system) => system.id)).toEqual(["compose:geoip#docker-compose.geoip.yml"]);
  });
});
