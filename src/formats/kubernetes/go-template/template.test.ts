import { describe, expect, it } from "vitest";
import { BudgetError } from "./errors.js";
import {
  DEFAULT_LIMITS,
  renderTemplate,
  TemplateSet,
  UNRENDERED_MARK,
  type RenderLimits,
} from "./execute.js";
import { parseTemplate } from "./parse.js";

function render(source: string, data: unknown, limits: RenderLimits = DEFAULT_LIMITS) {
  const set = new TemplateSet(limits);
  const parsed = parseTemplate(source);
  set.addDefines(parsed.defines);
  return renderTemplate(set, parsed.nodes, data);
}

const text = (source: string, data: unknown = {}): string => render(source, data).text;

describe("Go templates as Helm charts write them", () => {
  it("trims around {{- and -}} and prints fields, pipelines and literals", () => {
    const data = { Values: { name: "cart", port: 8080, tls: false }, Release: { Name: "shop" } };
    expect(text("a  {{- .Values.name -}}  b", data)).toBe("acartb");
    expect(text('{{ printf "%s-%s:%d" .Release.Name .Values.name .Values.port }}', data)).toBe(
      "shop-cart:8080",
    );
    expect(text('{{ .Values.missing | default "x" | upper | quote }}', data)).toBe('"X"');
    expect(text("{{ .Values.tls }} {{ .Values.nothing.deeper }}.", data)).toBe("false .");
    expect(text('{{ "a-very-long-name-" | trunc 11 | trimSuffix "-" }}', data)).toBe("a-very-long");
  });

  it("runs if / else if / else, with and range (sorted map keys, index and value, break)", () => {
    const data = { a: 0, b: "on", list: ["x", "y", "z"], map: { z: 1, a: 2 }, user: { name: "ann" } };
    expect(text("{{ if .a }}A{{ else if .b }}B{{ else }}C{{ end }}", data)).toBe("B");
    expect(
      text(
        "{{ with .user }}{{ .name }}{{ else }}none{{ end }}|{{ with .nobody }}x{{ else }}none{{ end }}",
        data,
      ),
    ).toBe("ann|none");
    expect(
      text(
        '{{ range $i, $v := .list }}{{ $i }}{{ $v }}{{ if eq $v "y" }}{{ break }}{{ end }}{{ end }}',
        data,
      ),
    ).toBe("0x1y");
    expect(text("{{ range $k, $v := .map }}{{ $k }}={{ $v }};{{ end }}", data)).toBe("a=2;z=1;");
    expect(text("{{ range .none }}x{{ else }}empty{{ end }}", data)).toBe("empty");
  });

  it("includes defines with their own dot, and renders strings with tpl", () => {
    const source = `{{- define "name" -}}{{ .Release.Name }}-{{ .Chart.Name }}{{- end -}}
{{ include "name" . | upper }} {{ tpl "{{ .Release.Name }}-x" . }} {{ include "pair" (dict "k" "v") }}
{{- define "pair" }}{{ .k }}{{ end }}`;
    expect(text(source, { Release: { Name: "r" }, Chart: { Name: "c" } })).toBe("R-C r-x v");
  });

  it("prints values as YAML under nindent and short-circuits and/or", () => {
    const data = { resources: { requests: { memory: "64Mi", cpu: "100m" } }, a: null };
    expect(text("r:{{- toYaml .resources | nindent 2 }}", data)).toBe(
      "r:\n  requests:\n    cpu: 100m\n    memory: 64Mi",
    );
    expect(text('{{ and .a .a.b }}|{{ or .a "fallback" }}', data)).toBe("|fallback");
  });

  it("keeps variables to their block and lets `=` change an outer one", () => {
    expect(text("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ $y := 3 }}{{ end }}{{ $x }}", {})).toBe("2");
    const inner = render("{{ if true }}{{ $y := 3 }}{{ end }}{{ $y }}", {});
    expect(inner.unrendered).toEqual([{ line: 1, reason: "undefined variable $y" }]);
  });

  it("marks what it cannot render, with the template line, and carries on", () => {
    const result = render('one\n{{ regexFind "a+" .x }}\n{{ env "HOME" }}\nlast', {});
    expect(result.unrendered.map((entry) => entry.line)).toEqual([2, 3]);
    expect(result.unrendered[0]!.reason).toContain("regexFind");
    expect(result.text.startsWith("one\n" + UNRENDERED_MARK)).toBe(true);
    expect(result.text.endsWith("\nlast")).toBe(true);
    // An unclosed action and an unknown keyword are outside the subset too.
    expect(render("a {{ .x ", {}).unrendered).toHaveLength(1);
    expect(render("{{ if .x }}never closed", {}).unrendered).toEqual([{ line: 1, reason: "unclosed block" }]);
    // A block whose condition cannot be read still owns its `end`: what follows it renders.
    const broken = render("{{ if .x ) }}inside{{ end }}after", { x: true });
    expect(broken.text.endsWith("after")).toBe(true);
    expect(broken.text).not.toContain("inside");
    const brokenElse = render("{{ if .y }}one{{ else if ( }}two{{ else }}three{{ end }}", { y: true });
    expect(brokenElse.text).toBe("one");
  });

  it("maps each output line to the template line it came from", () => {
    const result = render("a: 1\n{{ if true }}\nb: {{ .x }}\n{{ end }}\nc: 3\n", { x: 2 });
    expect(result.text).toBe("a: 1\n\nb: 2\n\nc: 3\n");
    expect(result.lines).toEqual([1, 2, 3, 4, 5]);
  });

  it("never reaches JavaScript prototypes from template text", () => {
    expect(text("{{ .constructor }}{{ .__proto__ }}{{ .toString }}", {})).toBe("");
    render('{{ $d := dict }}{{ $_ := set $d "__proto__" (dict "polluted" "yes") }}', {});
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(render('{{ constructor "x" }}', {}).unrendered[0]!.reason).toContain("not supported");
  });

  it("stops recursion, huge ranges and output bombs within its limits", () => {
    const limits = { ...DEFAULT_LIMITS, maxSteps: 50_000, maxOutput: 10_000 };
    expect(() =>
      render('{{ define "loop" }}{{ include "loop" . }}{{ end }}{{ include "loop" . }}', {}, limits),
    ).toThrow(BudgetError);
    expect(() => render("{{ range 100000000 }}x{{ end }}", {}, limits)).toThrow(BudgetError);
    expect(() => render('{{ range until 9999 }}{{ "0123456789" }}{{ end }}', {}, limits)).toThrow(
      BudgetError,
    );
    const fanOut =
      '{{ define "a" }}{{ range until 50 }}{{ include "b" . }}{{ end }}{{ end }}{{ define "b" }}{{ range until 50 }}x{{ end }}{{ end }}{{ range until 50 }}{{ include "a" . }}{{ end }}';
    expect(() => render(fanOut, {}, limits)).toThrow(BudgetError);
  });
});

describe("templates written to hurt", () => {
  it("parses deep nesting without running out of stack", () => {
    const parens = `{{ ${"(".repeat(5000)}1${")".repeat(5000)} }}`;
    expect(render(parens, {}).unrendered[0]!.reason).toBe("parentheses nested too deep");
    const blocks = "{{ if true }}".repeat(5000) + "x" + "{{ end }}".repeat(5000);
    expect(render(blocks, {}).unrendered.length).toBeGreaterThan(0);
  });
});

describe("dictionary functions", () => {
  it("merges deeply, the first map winning in merge and the last in mergeOverwrite", () => {
    const data = { a: { x: 1, deep: { p: 1 } }, b: { x: 2, y: 2, deep: { p: 2, q: 2 } } };
    expect(text("{{ toJson (merge (dict) .a .b) }}", data)).toBe('{"deep":{"p":1,"q":2},"x":1,"y":2}');
    expect(text("{{ toJson (mergeOverwrite (dict) .a .b) }}", data)).toBe(
      '{"deep":{"p":2,"q":2},"x":2,"y":2}',
    );
  });
});

describe("generated secrets", () => {
  it("render as fixed text, so a Secret built from a generated CA is still read", () => {
    const source =
      '{{ $ca := genCA "ca" 365 }}{{ $cert := genSignedCert "x" nil nil 365 $ca }}{{ $cert.Cert | b64enc }}/{{ randAlphaNum 4 }}/{{ htpasswd "u" "p" }}';
    const result = render(source, {});
    expect(result.unrendered).toEqual([]);
    expect(result.text).toBe(`${Buffer.from("generated").toString("base64")}/xxxx/u:generated`);
  });
});
