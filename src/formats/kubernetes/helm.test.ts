import { describe, expect, it } from "vitest";
import type { InputFile } from "../types.js";
import { readFixture } from "./__fixtures__/read-fixture.js";
import { globMatches } from "./helm-context.js";
import { kubernetesFormat } from "./index.js";

const extract = (files: InputFile[]) => kubernetesFormat.extract(files, { deadline: Date.now() + 60_000 });

describe("Helm charts in the tree", () => {
  it("renders a chart with its values, subcharts and shared helpers, and reads the result as manifests", async () => {
    const result = await extract(readFixture("helm"));
    const shop = result.systems.find((system) => system.id === "kubernetes:charts/shop")!;
    // The release is named after the chart; the disabled `reviews` subchart and the `helm test` pod are not there.
    expect(shop.components.map((found) => [found.name, found.kind]).sort()).toEqual([
      ["shop", "service"],
      ["shop-cart", "service"],
      ["shop-cart-store", "cache"],
      ["shop-gateway", "gateway"],
    ]);
    const edges = shop.edges.map((edge) => [
      edge.from,
      edge.to,
      edge.evidence[0]!.file,
      edge.evidence[0]!.line,
    ]);
    expect(edges.sort()).toEqual([
      // The parent's `cart.port` overrides the subchart's own value; evidence cites the template line.
      ["shop", "shop-cart", "charts/shop/templates/deployment.yaml", 22],
      ["shop-cart", "shop-cart-store", "charts/shop/charts/cart/templates/cart.yaml", 19],
      // A proxy configuration the chart loads from its own files with `.Files.Glob ... | tpl`.
      ["shop-gateway", "shop-cart", "charts/shop/templates/gateway.yaml", 6],
    ]);
    expect(shop.edges.find((edge) => edge.from === "shop")!.evidence[0]!.detail).toBe(
      "CART_URL=http://shop-cart:9090",
    );
    expect(shop.entryPoints.find((entry) => entry.component === "shop")!.via).toBe(
      "Ingress shop.example.com/",
    );
  });

  it("skips only the document it cannot render, with a warning at the template line", async () => {
    const result = await extract(readFixture("helm"));
    expect(result.warnings).toEqual([
      {
        id: "kubernetes/helm-unrendered",
        file: "charts/shop/templates/unsupported.yaml",
        line: 4,
        message: 'a rendered document was not read: function "regexReplaceAll" is not supported',
      },
    ]);
    const shop = result.systems.find((system) => system.id === "kubernetes:charts/shop")!;
    // The skipped ConfigMap named legacy; the next document of the same file is read.
    expect(JSON.stringify(shop)).not.toContain("legacy");
  });

  it("says what it leaves out: repository dependencies, installer-filled values and loose templates", async () => {
    const result = await extract(readFixture("helm"));
    expect(result.notes).toEqual([
      "Helm chart charts/shop depends on payments from a repository: not read",
      "Helm chart charts/configured: 1 object(s) named from values the installer fills in (${PROJECT_ID}) not read",
      "Templates in loose skipped: boxcutter renders templates only inside a Helm chart",
    ]);
    expect(result.systems.map((system) => [system.id, system.components.map((found) => found.name)])).toEqual(
      [
        ["kubernetes:charts/shop", ["shop", "shop-gateway", "shop-cart", "shop-cart-store"]],
        ["kubernetes:charts/configured", ["reporter"]],
        ["kubernetes:plain", ["prober"]],
      ],
    );
  });

  it("gives up on a chart that goes over its budget with one warning, and reads the rest of the tree", async () => {
    const files = [
      { path: "bomb/Chart.yaml", text: "apiVersion: v2\nname: bomb\nversion: 1.0.0\n" },
      { path: "bomb/templates/_loop.tpl", text: '{{ define "loop" }}{{ include "loop" . }}{{ end }}' },
      {
        path: "bomb/templates/pod.yaml",
        text: 'kind: Pod\napiVersion: v1\nmetadata:\n  name: {{ include "loop" . }}\n',
      },
      {
        path: "apps/pod.yaml",
        text: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: web:1\n",
      },
    ];
    const result = await extract(files);
    // The line is the template's own: the include that spent the budget, not a line inside the define.
    expect(result.warnings.map((warning) => [warning.id, warning.file, warning.line])).toEqual([
      ["kubernetes/helm-budget", "bomb/templates/pod.yaml", 4],
    ]);
    expect(result.systems.map((system) => system.id)).toEqual(["kubernetes:apps"]);
  });

  it("never quotes a secret from the values in the reason a document was not read", async () => {
    const files = [
      { path: "db/Chart.yaml", text: "apiVersion: v2\nname: db\nversion: 1.0.0\n" },
      { path: "db/values.yaml", text: "url: postgres://admin:hunter2@db:5432/app\n" },
      {
        path: "db/templates/pod.yaml",
        text: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: db\n  labels: {{ range .Values.url }}{{ . }}{{ end }}\n",
      },
    ];
    const result = await extract(files);
    expect(result.warnings.map((warning) => [warning.id, warning.line])).toEqual([
      ["kubernetes/helm-unrendered", 5],
    ]);
    expect(result.warnings[0]!.message).toContain("range can't iterate over");
    expect(result.warnings[0]!.message).not.toContain("hunter2");
  });

  it("renders a chart at the root of the repository, as chart repositories keep theirs", async () => {
    const files = [
      { path: "Chart.yaml", text: "apiVersion: v2\nname: portal\nversion: 1.0.0\n" },
      { path: "values.yaml", text: "backend: api\n" },
      {
        path: "templates/web.yaml",
        text: [
          "apiVersion: v1",
          "kind: Pod",
          "metadata:",
          "  name: {{ .Release.Name }}-web",
          "spec:",
          "  containers:",
          "    - name: web",
          "      image: web:1",
          "      env:",
          "        - {name: API_URL, value: 'http://{{ .Values.backend }}:80'}",
          "---",
          "apiVersion: v1",
          "kind: Pod",
          "metadata: {name: api, labels: {app: api}}",
          "spec: {containers: [{name: api, image: api:1}]}",
          "---",
          "apiVersion: v1",
          "kind: Service",
          "metadata: {name: api}",
          "spec: {selector: {app: api}, ports: [{port: 80}]}",
        ].join("\n"),
      },
    ];
    const result = await extract(files);
    expect(result.systems.map((system) => system.id)).toEqual(["kubernetes:."]);
    expect(result.systems[0]!.edges.map((edge) => [edge.from, edge.to])).toEqual([["portal-web", "api"]]);
  });

  it("matches .Files globs without regular expressions", () => {
    expect(globMatches("files/*.conf", "files/nginx.conf")).toBe(true);
    expect(globMatches("files/*.conf", "files/sub/nginx.conf")).toBe(false);
    expect(globMatches("files/**", "files/sub/nginx.conf")).toBe(true);
    expect(globMatches("config/?.toml", "config/a.toml")).toBe(true);
    expect(globMatches("*a*a*a*a*a*b", "a".repeat(5000))).toBe(false);
  });
});
