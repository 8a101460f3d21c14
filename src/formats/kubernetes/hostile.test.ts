import { describe, expect, it } from "vitest";
import type { InputFile } from "../types.js";
import { readFixture } from "./__fixtures__/read-fixture.js";
import { kubernetesFormat } from "./index.js";

const FAR = Date.now() + 600_000;
const extract = (files: InputFile[], deadline = FAR) => kubernetesFormat.extract(files, { deadline });

function deployment(name: string, extra = ""): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: ${name}
          image: example/${name}:1.0${extra}
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector:
    app: ${name}
  ports:
    - port: 8080
`;
}

describe("bad objects", async () => {
  // Broken files live here rather than in __fixtures__, where the formatter would choke on them.
  const broken: InputFile[] = [
    {
      path: "broken.yaml",
      text: "apiVersion: v1\nkind: Service\nmetadata:\n  name: broken\n  labels: {app: [unclosed\n",
    },
    { path: "broken-other.yaml", text: "this: is: not valid yaml\n" },
    { path: "bad.json", text: '{ "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "half\n' },
  ];
  const result = await extract([...readFixture("hostile"), ...broken]);
  const warning = (id: string, line: number, file = "bad.yaml") =>
    result.warnings.find((found) => found.id === id && found.file === file && found.line === line);

  it("warns with file and line about a missing kind, a missing apiVersion and a missing name", () => {
    expect(warning("kubernetes/missing-kind", 1)?.message).toBe(
      "object has an apiVersion but no kind; skipped",
    );
    expect(warning("kubernetes/missing-api-version", 41)?.message).toBe("Service has no apiVersion; skipped");
    expect(warning("kubernetes/invalid-field", 38)?.message).toBe(
      "Service has no metadata.name string; skipped",
    );
    expect(warning("kubernetes/invalid-field", 47)?.message).toBe(
      "Service metadata is not a mapping; skipped",
    );
  });

  it("warns about fields of the wrong type and keeps reading the object", () => {
    expect(warning("kubernetes/invalid-field", 10)?.message).toBe(
      "Deployment wrong-types: spec.replicas should be a number; ignored",
    );
    expect(warning("kubernetes/invalid-field", 13)?.message).toBe(
      "Deployment wrong-types: spec.template.metadata.labels should be a mapping; ignored",
    );
    expect(warning("kubernetes/invalid-field", 15)?.message).toBe(
      "Deployment wrong-types: spec.template.spec.containers should be a list; ignored",
    );
    expect(warning("kubernetes/invalid-field", 34)?.message).toBe(
      "Deployment future: spec.template.spec.containers.0.env should be a list; ignored",
    );
    const system = result.systems[0]!;
    expect(system.components.map((found) => found.name)).toEqual(["wrong-types", "future"]);
    expect(system.components[0]!.replicas).toEqual({ min: 1, max: 1 });
  });

  it("warns about an apiVersion Kubernetes does not serve, and reads the object anyway", () => {
    expect(warning("kubernetes/unknown-api-version", 18)?.message).toContain("apiVersion apps/v9");
    expect(result.systems[0]!.components[1]!.image).toBe("example/future:1.0");
  });

  it("reports broken YAML and JSON manifests, and ignores files that are not Kubernetes at all", () => {
    expect(warning("yaml/invalid", 6, "broken.yaml")).toBeDefined();
    expect(warning("kubernetes/invalid-json", 1, "bad.json")).toBeDefined();
    expect(
      result.warnings.filter((found) => ["not-kubernetes.yaml", "broken-other.yaml"].includes(found.file)),
    ).toEqual([]);
    // A foreign CRD is silently ignored.
    expect(JSON.stringify(result)).not.toContain("somebody-elses-crd");
  });
});

describe("hostile input", () => {
  it("reads a 5 MB manifest completely, skipping kinds the graph never uses", async () => {
    const schema = `      openAPIV3Schema:\n${"        description: padding padding padding padding padding padding padding\n".repeat(400)}`;
    const crd = `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\nspec:\n  versions:\n    - name: v1\n      schema:\n${schema}`;
    const parts: string[] = [];
    let size = 0;
    for (let index = 0; size < 5 * 1024 * 1024; index++) {
      const part =
        index % 4 === 0
          ? deployment(
              `app-${index}`,
              `\n          env:\n            - name: NEXT_URL\n              value: http://app-${index + 4}:8080`,
            )
          : crd;
      parts.push(part);
      size += part.length + 4;
    }
    const text = parts.join("---\n");
    const apps = parts.filter((part) => part.startsWith("apiVersion: apps/v1")).length;
    const result = await extract([{ path: "install/all.yaml", text }]);
    expect(text.length).toBeGreaterThan(5 * 1024 * 1024);
    const system = result.systems[0]!;
    // The last app names one past the end: a call to a component these files do not define.
    expect(system.components).toHaveLength(apps + 1);
    // Each app calls the next; the last one names a Service that does not exist.
    expect(system.edges).toHaveLength(apps);
    expect(result.warnings.map((found) => found.id)).toEqual(["kubernetes/unresolved-host"]);
    // Lines survive the cut at document markers: the last app's Deployment starts where the text says.
    const last = system.components[apps - 1]!;
    const nameLine = text.slice(0, text.indexOf(`name: ${last.name}\n`)).split("\n").length;
    expect(last.location.line).toBe(nameLine - 3);
  });

  it("reads pathological whitespace in linear time", async () => {
    const blankLines = `${"\n".repeat(200_000)}apiVersion: v1\nkind: Pod\nmetadata:\n  name: late\nspec:\n  containers:\n    - name: c\n      image: busybox\n`;
    const spaces = " ".repeat(200_000);
    const configMap = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: wide\ndata:\n  app.conf: "a:${spaces}x"\n  other.conf: "upstream = http://late:80"\n`;
    const user = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: user\nspec:\n  volumes:\n    - name: c\n      configMap:\n        name: wide\n  containers:\n    - name: c\n      image: busybox\n`;
    const result = await extract([
      { path: "w/blank.yaml", text: blankLines },
      { path: "w/wide.yaml", text: `${configMap}---\n${user}` },
    ]);
    const system = result.systems[0]!;
    expect(system.components.find((found) => found.name === "late")!.location.line).toBe(200_001);
    // `late` has no Service, so the URL resolves to nothing: reported, and the wide line is skipped quietly.
    expect(result.warnings.map((found) => found.id)).toEqual(["kubernetes/unresolved-host"]);
  });

  it("stops at the deadline with a warning", async () => {
    const result = await extract([{ path: "k8s/app.yaml", text: deployment("app") }], Date.now() - 1);
    expect(result.systems).toEqual([]);
    expect(result.warnings).toEqual([
      {
        id: "kubernetes/deadline",
        file: "k8s/app.yaml",
        message: "time budget spent: 1 Kubernetes file(s) not read",
      },
    ]);
  });

  it("survives an alias bomb, deep nesting and binary-looking text", async () => {
    const bomb = [
      "apiVersion: v1",
      "kind: ConfigMap",
      "metadata:",
      "  name: bomb",
      "data:",
      "  a: &a [x, x, x, x, x, x, x, x, x, x]",
    ];
    for (let level = 1; level < 9; level++)
      bomb.push(
        `  l${level}: &l${level} [${Array(10)
          .fill(level === 1 ? "*a" : `*l${level - 1}`)
          .join(", ")}]`,
      );
    const deep = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: deep\nspec: ${"[".repeat(5000)}${"]".repeat(5000)}\n`;
    const binary = `kind: \u0000\u0001\u0002${"\uFFFD".repeat(100)}`;
    const result = await extract([
      { path: "a/bomb.yaml", text: bomb.join("\n") },
      { path: "a/deep.yaml", text: deep },
      { path: "a/binary.yaml", text: binary },
      { path: "a/app.yaml", text: deployment("ok") },
    ]);
    expect(result.systems[0]!.components.map((found) => found.name)).toEqual(["ok"]);
    expect(result.warnings.map((found) => `${found.id} ${found.file}`).sort()).toEqual(
      ["yaml/invalid a/binary.yaml", "yaml/invalid a/deep.yaml", "yaml/too-large a/bomb.yaml"].sort(),
    );
  });

  it("looks for Services named in default in one pass over a long hyphenated value", async () => {
    const value = "a-".repeat(500_000);
    const result = await extract([
      { path: "d/ns.yaml", text: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: logging\n" },
      { path: "d/es.yaml", text: deployment("es").replace("name: es\n", "name: es\n  namespace: logging\n") },
      {
        path: "d/web.yaml",
        text: deployment(
          "web",
          `\n          env:\n            - name: NOTE\n              value: "${value}"`,
        ),
      },
    ]);
    expect(result.systems.map((system) => system.id)).toEqual(["kubernetes:d"]);
  }, 30_000);
});
