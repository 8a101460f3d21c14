import { describe, expect, it } from "vitest";
import { decideVerdict } from "../../src/analysis/verdict/decide.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import type { SystemReport } from "../../src/analysis/types.js";
import {
  hugeSystem,
  report,
  systemAddingNames,
  unchangedSystem,
  workedExample,
  workedGraphs,
  workedSystem,
} from "./fixtures.js";

/** Cells of a table row, splitting only on pipes Markdown would split on. */
function cells(row: string): string[] {
  return row
    .replace(/\\\|/g, "")
    .split("|")
    .slice(1, -1)
    .map((cell) => cell.trim());
}

/** The Markdown with the Mermaid blocks and code spans (shown literally by GitHub) taken out. */
function outsideCode(markdown: string): string {
  return markdown.replace(/```mermaid[\s\S]*?```/g, "").replace(/(?<!`)(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, "");
}

function section(markdown: string, title: string): string {
  const start = markdown.indexOf(title);
  expect(start).toBeGreaterThanOrEqual(0);
  const rest = markdown.slice(start);
  const end = rest.indexOf("\n\n**", title.length);
  return end < 0 ? rest : rest.slice(0, end);
}

describe("renderMarkdown, diff mode, worked example", () => {
  const markdown = renderMarkdown(workedExample());

  it("starts with the headline, said once, then the system named in words", () => {
    const [first, second] = markdown.split("\n\n");
    expect(first).toBe("**boxcutter:** +4 components, +3 round trips on web, availability 99.70% -> 99.40%");
    expect(second).toBe("- 1 extraction warning");
    expect(markdown.split("\n\n")[2]).toBe("### The docker-compose project in `deploy/`");
  });

  it("under a verdict, tells the change of its one system once, with what it costs", () => {
    const judged = workedExample();
    const [first, second, third, fourth] = renderMarkdown(judged, {
      verdict: decideVerdict(judged, {}, []),
    }).split("\n\n");
    expect(first).toMatch(/^\*\*boxcutter:\*\* .*\*\*not justified\*\*/);
    expect(second).toBe(
      "**Change** in the docker-compose project in `deploy/`: +4 components; +5 calls; " +
        "`web` round trips 3 -> 6 (+3), availability 99.70% -> 99.40% (about +26 h of downtime a year)",
    );
    expect(third).toBe("- 1 extraction warning");
    expect(fourth).toBe("### Verdict");
  });

  it("prints the entry point table with base -> head numbers", () => {
    const row = markdown.split("\n").find((line) => line.startsWith("| `web`"))!;
    expect(cells(row)).toEqual([
      "`web` (published port 8080)",
      "3 -> 6 (+3)",
      "3",
      "3 -> 6 (+3)",
      "99.70% -> 99.40%",
      "about +26 h",
    ]);
  });

  it("lists added components and calls with where they come from", () => {
    const components = section(markdown, "**Added components**");
    expect(components).toContain("| `search` | datastore | deploy/docker-compose.yml:34 |");
    expect(components).toContain("| `events` | queue | deploy/docker-compose.yml:24 |");
    const calls = section(markdown, "**Added calls**");
    expect(calls).toContain(
      "| `api` -> `search` | sync | compose/env-host at deploy/docker-compose.yml:13: `SEARCH_URL=http://search:9200` |",
    );
    expect(calls).toContain("| `api` -> `events` | async |");
    expect(markdown).not.toContain("Removed components");
  });

  it("names the blast radius changes, the box to delete and the background flow", () => {
    expect(markdown).toContain("- `search` (new): on the request path of `web`");
    expect(markdown).not.toContain("(was none)");
    expect(markdown).toContain(
      "- `api` is a service called only by `web`: running it inside `web` saves 1 round trip a request " +
        "(`web`: `6 -> 5` round trips, availability 99.40% -> 99.50%).",
    );
    expect(markdown).toContain("**Background:** `indexer` is on no entry point's request path");
  });

  it("draws the head graph, lists warnings and notes", () => {
    expect(markdown).toMatch(/```mermaid\nflowchart LR\n[\s\S]*n_api --> n_search[\s\S]*```/);
    expect(markdown).toContain("| `compose/unknown-depends-on` | deploy/docker-compose.yml:9 |");
    expect(markdown).toContain("- Helm chart under charts/ skipped");
    expect(markdown).not.toContain("Trimmed");
  });
});

describe("renderMarkdown, several systems", () => {
  const overlays = ["dev", "staging", "prod"].map((name) =>
    workedSystem(`kubernetes:k8s/overlays/${name}`, `k8s/overlays/${name}/kustomization.yaml`),
  );

  it("says a change shared by several systems once and names them", () => {
    const other = workedSystem("compose:deploy");
    other.delta.addedComponents = other.delta.addedComponents.slice(0, 1);
    const markdown = renderMarkdown(report([...overlays, other]));
    const names =
      "the Kubernetes manifests in `k8s/overlays/dev/`, `k8s/overlays/staging/` and `k8s/overlays/prod/`";
    expect(markdown.split(`### The ${names.slice(4)}\n`)).toHaveLength(2);
    expect(markdown).toContain("The same change in 3 systems; shown once.");
    expect(markdown).toContain("### The docker-compose project in `deploy/`");
    expect(markdown.match(/^\| Entry point \|/gm)).toHaveLength(2);
    expect(markdown.match(/```mermaid/g)).toHaveLength(2);
    expect(markdown).toContain(`- The ${names.slice(4)} (the same change in each): +4 components`);
    expect(markdown).toContain("- The docker-compose project in `deploy/`: +1 component");
  });

  it("does not merge systems whose numbers differ", () => {
    const prod = overlays[2]!;
    const different: SystemReport = {
      ...prod,
      entryPoints: [{ ...prod.entryPoints[0]!, head: { ...prod.entryPoints[0]!.head!, roundTrips: 7 } }],
    };
    const markdown = renderMarkdown(report([overlays[0]!, overlays[1]!, different]));
    expect(markdown).toContain("`k8s/overlays/staging/` (the same change in each)");
    expect(markdown).toContain("### The Kubernetes manifests in `k8s/overlays/prod/`\n");
    expect(markdown).toContain("3 -> 7 (+4)");
  });

  it("names unchanged systems in the summary only", () => {
    const { base } = workedGraphs("terraform:infra", "infra/main.tf");
    const markdown = renderMarkdown(report([workedSystem(), unchangedSystem(base)]));
    expect(markdown).toContain("- Unchanged: 1 system: the Terraform configuration in `infra/`");
    expect(markdown).not.toContain("### The Terraform configuration");
  });
});

describe("renderMarkdown, no change", () => {
  it("is one line", () => {
    const { base } = workedGraphs("compose:deploy");
    const markdown = renderMarkdown(
      report([unchangedSystem(base)], { changed: false, headline: "No architectural change" }),
    );
    expect(markdown).toBe(
      "**boxcutter:** No architectural change in 1 system (the docker-compose project in `deploy/`).\n",
    );
  });

  it("adds the warnings when there are some", () => {
    const { base } = workedGraphs("compose:deploy");
    const markdown = renderMarkdown(
      report([unchangedSystem(base)], {
        changed: false,
        warnings: [{ id: "yaml/invalid", file: "deploy/broken.yml", line: 3, message: "bad indentation" }],
      }),
    );
    const lines = markdown.trim().split("\n");
    expect(lines[0]).toBe(
      "**boxcutter:** No architectural change in 1 system (the docker-compose project in `deploy/`).",
    );
    expect(markdown).toContain("| `yaml/invalid` | deploy/broken.yml:3 | bad indentation |");
    expect(markdown).toContain("### Warnings (1)\n");
  });

  it("counts the warnings once, whether the table is folded or not", () => {
    const { base } = workedGraphs("compose:deploy");
    const warnings = (count: number) =>
      Array.from({ length: count }, (_, i) => ({
        id: "yaml/invalid",
        file: `deploy/f${i}.yml`,
        line: 1,
        message: "bad",
      }));
    const folded = renderMarkdown(report([unchangedSystem(base)], { changed: false, warnings: warnings(9) }));
    expect(folded).toContain("<details><summary>Warnings (9)</summary>");
    expect(folded.match(/\(9\)/g)).toHaveLength(1);
    const open = renderMarkdown(report([unchangedSystem(base)], { changed: false, warnings: warnings(3) }));
    expect(open.match(/Warnings.*$/m)?.[0]).toBe("Warnings (3)");
  });
});

describe("renderMarkdown, hostile input", () => {
  const names = [
    'x"]);<script>alert(1)</script>',
    "tick`s",
    "pi|pe",
    "new\nline",
    "@org/team",
    "<!-- c -->",
    "#42",
  ];

  function hostile(): SystemReport {
    return systemAddingNames(names, {
      system: "compose:evil",
      file: "evil/compose.yml",
      kindOf: () => "service",
      webKind: "service",
      callLine: 9,
      callDetail: "DATABASE_URL=postgres://admin:hunter2@db:5432/app @org/team #42",
    });
  }

  const markdown = renderMarkdown(
    report([hostile()], { headline: "+7 components on `web`", notes: ["see @org/team <b>now</b>"] }),
  );

  it("never prints the password or live HTML", () => {
    expect(markdown).not.toContain("hunter2");
    // Code spans and the Mermaid block show text literally; everywhere else no tag may appear.
    expect(outsideCode(markdown)).not.toMatch(/<script|<b>|<!--/);
    expect(markdown).toContain('| `x"]);<script>alert(1)</script>` | service |');
  });

  it("keeps every table row to its columns and mentions unlinked", () => {
    const rows = section(markdown, "**Added components**")
      .split("\n")
      .filter((line) => line.startsWith("| "));
    expect(rows).toHaveLength(names.length + 1);
    for (const row of rows) expect(cells(row)).toHaveLength(3);
    expect(markdown).toContain("| ``tick`s`` | service |");
    expect(markdown).toContain("`pi\\|pe`");
    expect(markdown).toContain("`new line`");
    expect(markdown).toContain("see @\u200borg/team &lt;b&gt;now&lt;/b&gt;");
    // Outside code spans no mention or reference survives.
    expect(outsideCode(markdown)).not.toMatch(/@org/);
    expect(outsideCode(markdown)).not.toMatch(/#42/);
  });
});

describe("renderMarkdown, headline", () => {
  it("escapes only what Markdown would misread and keeps names in code spans", () => {
    const headline = "+1 component, -2 calls on `<b>x|y</b>`, <i>1 @org/team #7 99.70% -> 99.30%";
    const [first] = renderMarkdown({ ...workedExample(), headline }).split("\n\n");
    expect(first).toBe(
      "**boxcutter:** +1 component, -2 calls on `<b>x\\|y</b>`, &lt;i&gt;1 @\u200borg/team #\u200b7 99.70% -> 99.30%",
    );
    expect(outsideCode(first!)).not.toMatch(/<i>|@org|#7/);
  });
});

describe("renderMarkdown, size limits", () => {
  it("trims a pathological report under maxChars with a note", () => {
    const huge = hugeSystem("compose:huge", 10_000, 200, (i) => `${"n".repeat(300)}-${i}`);
    const many = Array.from({ length: 40 }, (_, i) => hugeSystem(`compose:s${i}`, 30, 5));
    const markdown = renderMarkdown(report([huge, ...many]));
    expect(markdown.length).toBeLessThanOrEqual(60_000);
    expect(markdown.startsWith("**boxcutter:** ")).toBe(true);
    expect(markdown).toMatch(/> Trimmed to fit GitHub's size limit: left out evidence, /);
    // Fences and folds stay balanced.
    expect((markdown.match(/```/g) ?? []).length % 2).toBe(0);
    expect((markdown.match(/<details/g) ?? []).length).toBe((markdown.match(/<\/details>/g) ?? []).length);
  });

  it("never passes maxChars, however small", () => {
    const huge = report([hugeSystem("compose:huge", 2_000, 2_000)], { headline: "h".repeat(5_000) });
    for (const maxChars of [65_536, 20_000, 3_000, 500, 80, 10, 0]) {
      expect(renderMarkdown(huge, { maxChars }).length).toBeLessThanOrEqual(maxChars);
    }
  });

  it("drops whole sections last, the headline and summary staying first", () => {
    const systems = Array.from({ length: 3_000 }, (_, i) =>
      hugeSystem(`compose:s${i}`, 3, 1, (n) => `s${i}-${n}`),
    );
    const markdown = renderMarkdown(report(systems));
    expect(markdown.length).toBeLessThanOrEqual(60_000);
    expect(markdown).toMatch(/left out .*, \d+ sections\. Run `boxcutter diff`/);
    expect(markdown).toContain("- The docker-compose project in `s0/`: +1 component; +1 call;");
    expect(markdown).toContain("### The docker-compose project in `s0/`");
    expect(markdown).not.toContain("### The docker-compose project in `s2999/`");
  });

  it("drops evidence before anything else", () => {
    const full = renderMarkdown(workedExample());
    const trimmed = renderMarkdown(workedExample(), { maxChars: full.length - 1 });
    expect(trimmed.length).toBeLessThan(full.length);
    expect(trimmed).toContain("left out evidence.");
    expect(trimmed).not.toContain("compose/env-host at");
    expect(trimmed).toContain("| `api` -> `search` | sync |");
    expect(trimmed).toContain("```mermaid");
  });

  it("lists what a capped diagram leaves out", () => {
    const markdown = renderMarkdown(report([hugeSystem("compose:wide", 600, 3)]));
    expect(markdown).toMatch(
      /Only changed components and their neighbours are drawn; \d+ components and \d+ calls/,
    );
    expect(markdown).toContain("| Component not drawn |");
  });
});

describe("renderMarkdown, graph mode", () => {
  it("shows each system's state", () => {
    const { head } = workedGraphs("compose:deploy");
    const worked = workedSystem();
    const system = unchangedSystem(head, [
      { entry: "web", base: worked.entryPoints[0]!.head, head: worked.entryPoints[0]!.head },
    ]);
    system.mergeCandidates = worked.mergeCandidates;
    system.background = ["indexer"];
    const markdown = renderMarkdown(
      report([system], { changed: false, headline: "1 system, 7 components" }),
      {
        mode: "graph",
      },
    );
    expect(markdown).toContain("### The docker-compose project in `deploy/`");
    expect(markdown).toContain("7 components, 7 calls, 1 entry point.");
    expect(markdown).toContain("| `web` | published port 8080 | 6 | 3 | 6 | 99.40% |");
    expect(markdown).toContain("| `search` | datastore | deploy/docker-compose.yml:34 | `web` |");
    expect(markdown).toContain("| `indexer` | service | deploy/docker-compose.yml:28 | none |");
    expect(markdown).toContain("`6 -> 5` round trips");
    expect(markdown).toContain("```mermaid");
    expect(markdown).not.toContain("No architectural change");
  });
});
