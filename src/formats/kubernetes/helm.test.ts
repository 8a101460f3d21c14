import { describe, expect, it } from "vitest";
import { readFixture } from "./__fixtures__/read-fixture.js";
import { kubernetesFormat } from "./index.js";

describe("Helm", () => {
  it("skips a chart (subcharts included) and loose templates with one note each, and reads the rest", async () => {
    const result = await kubernetesFormat.extract(readFixture("helm"), { deadline: Date.now() + 60_000 });
    expect(result.notes).toEqual([
      "Helm chart charts/shop skipped: boxcutter does not render templates",
      "Templates in loose skipped: boxcutter does not render templates",
    ]);
    // Chart.yaml has an apiVersion and no kind: inside a chart that is no reason to warn.
    expect(result.warnings).toEqual([]);
    expect(result.systems.map((system) => [system.id, system.components.map((found) => found.name)])).toEqual(
      [["kubernetes:plain", ["prober"]]],
    );
  });
});
