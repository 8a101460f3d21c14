import { describe, expect, it } from "vitest";
import { envVariables, parseEnvFile } from "./env-file.js";
import { groupByFolder, resolveRelative } from "./files.js";
import { interpolate } from "./interpolate.js";
import { describePort, parsePort } from "./ports.js";
import { countGpus, parseBytes, parseCpus } from "./resources.js";

describe("interpolate", () => {
  const vars = new Map([
    ["SET", "value"],
    ["EMPTY", ""],
  ]);
  const lookup = (name: string) => vars.get(name);

  it.each([
    ["${SET}", "value"],
    ["$SET/x", "value/x"],
    ["${UNSET}", "${UNSET}"],
    ["$UNSET", "$UNSET"],
    ["${UNSET:-fallback}", "fallback"],
    ["${EMPTY:-fallback}", "fallback"],
    ["${EMPTY-fallback}", ""],
    ["${UNSET-fallback}", "fallback"],
    ["${SET:+alt}", "alt"],
    ["${UNSET:+alt}", ""],
    ["${EMPTY+alt}", "alt"],
    ["${UNSET:?must be set}", "${UNSET:?must be set}"],
    ["${UNSET:-${SET}}", "value"],
    ["${UNSET:-${ALSO_UNSET:-deep}}", "deep"],
    ["$$SET and $${SET}", "$SET and ${SET}"],
    ["price: 5$", "price: 5$"],
    ["${unclosed", "${unclosed"],
    ["${1BAD}", "${1BAD}"],
  ])("%s -> %s", (text, expected) => {
    expect(interpolate(text, lookup)).toBe(expected);
  });
});

describe("parseEnvFile", () => {
  it("reads keys, quotes, export and comments with their lines", () => {
    const text = [
      "# comment",
      "PLAIN=db:5432 # trailing comment",
      "export EXPORTED=yes",
      "",
      "SINGLE='a # b'",
      'DOUBLE="line\\nnext"',
      'ESCAPED="say \\"hi\\" # not a comment" # comment',
      "NO_VALUE",
      "SPACED = padded ",
      "URL=http://x/#anchor",
    ].join("\r\n");
    expect(parseEnvFile(text)).toEqual([
      { key: "PLAIN", value: "db:5432", line: 2 },
      { key: "EXPORTED", value: "yes", line: 3 },
      { key: "SINGLE", value: "a # b", line: 5 },
      { key: "DOUBLE", value: "line\nnext", line: 6 },
      { key: "ESCAPED", value: 'say "hi" # not a comment', line: 7 },
      { key: "SPACED", value: "padded", line: 9 },
      { key: "URL", value: "http://x/#anchor", line: 10 },
    ]);
  });
});

describe("envVariables", () => {
  it("lets a value use the variables defined above it, and later definitions win", () => {
    const variables = envVariables(
      parseEnvFile("HOST=db\nURL=postgres://${HOST}:5432\nHOST=replica\nLATE=${NEXT}\nNEXT=x\n"),
    );
    expect(Object.fromEntries(variables)).toEqual({
      HOST: "replica",
      URL: "postgres://db:5432",
      LATE: "${NEXT}",
      NEXT: "x",
    });
  });
});

describe("parsePort", () => {
  it.each([
    ["8080:80", "8080", "80", undefined],
    ["127.0.0.1:8080:80", "8080", "80", "127.0.0.1"],
    ["127.0.0.1::80", undefined, "80", "127.0.0.1"],
    ["[::1]:53:53/udp", "53", "53", "::1"],
    ["9000-9002:9000-9002", "9000-9002", "9000-9002", undefined],
    ["3000", undefined, "3000", undefined],
  ])("%s", (text, published, target, hostIp) => {
    const port = parsePort(text)!;
    expect([port.published, port.target, port.hostIp]).toEqual([published, target, hostIp]);
  });

  it("reads numbers and the long syntax, and refuses everything else", () => {
    expect(parsePort(5432)).toEqual({ target: "5432", text: "5432" });
    expect(parsePort({ target: 80, published: 8080, host_ip: "0.0.0.0", protocol: "tcp" })).toEqual({
      target: "80",
      published: "8080",
      hostIp: "0.0.0.0",
      protocol: "tcp",
      text: "published: 8080, target: 80",
    });
    for (const bad of [
      "web:80",
      "1:2:3:4",
      "",
      "80:http",
      { published: 80 },
      { target: 80, published: [1] },
      [80],
      null,
      70000,
    ]) {
      expect(parsePort(bad)).toBeUndefined();
    }
  });

  it("describes host ports for a via", () => {
    expect(describePort(parsePort("0.0.0.0:80:80")!)).toBe("80");
    expect(describePort(parsePort("127.0.0.1:9229:9229")!)).toBe("127.0.0.1:9229");
    expect(describePort(parsePort("3000")!)).toBe("random->3000");
  });
});

describe("resources", () => {
  it.each([
    ["512M", 512 * 1024 ** 2],
    ["2g", 2 * 1024 ** 3],
    ["1.5gb", 1.5 * 1024 ** 3],
    ["64k", 64 * 1024],
    ["100", 100],
    [1048576, 1048576],
    ["lots", undefined],
    ["-1m", undefined],
    [{}, undefined],
  ])("bytes %s", (value, expected) => {
    expect(parseBytes(value)).toBe(expected);
  });

  it("reads cpus and gpus", () => {
    expect(parseCpus("0.5")).toBe(0.5);
    expect(parseCpus(2)).toBe(2);
    expect(parseCpus("two")).toBeUndefined();
    expect(
      countGpus([
        { capabilities: ["gpu"], count: 2 },
        { capabilities: ["tpu"], count: 4 },
      ]),
    ).toBe(2);
    expect(countGpus([{ capabilities: [["gpu", "utility"]], device_ids: ["0", "1", "2"] }])).toBe(3);
    expect(countGpus([{ capabilities: ["gpu"], count: "all" }])).toBe(1);
    expect(countGpus([{ capabilities: ["compute"] }])).toBeUndefined();
    expect(countGpus("gpu")).toBeUndefined();
  });
});

describe("file roles", () => {
  it("picks the base and its override per folder, the rest are variants", () => {
    expect(
      groupByFolder([
        "docker-compose.yml",
        "compose.yaml",
        "docker-compose.override.yml",
        "compose.override.yaml",
        "docker-compose.prod.yml",
        "svc/compose.dev.yml",
      ]),
    ).toEqual([
      {
        folder: ".",
        base: "compose.yaml",
        override: "compose.override.yaml",
        variants: ["docker-compose.override.yml", "docker-compose.prod.yml", "docker-compose.yml"],
      },
      { folder: "svc", variants: ["svc/compose.dev.yml"] },
    ]);
  });

  it("resolves relative paths inside the repository only", () => {
    expect(resolveRelative("deploy/compose.yaml", "./app.env")).toBe("deploy/app.env");
    expect(resolveRelative("deploy/compose.yaml", "../shared/app.env")).toBe("shared/app.env");
    expect(resolveRelative("compose.yaml", "app.env")).toBe("app.env");
    expect(resolveRelative("compose.yaml", "../outside.env")).toBeUndefined();
    expect(resolveRelative("compose.yaml", "/etc/passwd")).toBeUndefined();
  });
});
