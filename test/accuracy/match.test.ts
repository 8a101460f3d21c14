import { describe, expect, it } from "vitest";
import { NameIndex, normaliseName } from "../../src/accuracy/match.js";

describe("normaliseName", () => {
  it("folds case and every run of the separators - _ . space / into one dash", () => {
    expect(normaliseName("Module.Web")).toBe("module-web");
    expect(normaliseName("module__web")).toBe("module-web");
    expect(normaliseName(" a / b ")).toBe("a-b");
    expect(normaliseName("orders-db")).toBe(normaliseName("ORDERS_DB"));
  });

  it("keeps names apart that differ by more than separators", () => {
    expect(normaliseName("moduleweb")).not.toBe(normaliseName("module.web"));
    expect(normaliseName("apim[0]")).toBe("apim[0]");
  });
});

describe("NameIndex", () => {
  it("resolves names and aliases to the canonical name, trying candidates in order", () => {
    const index = new NameIndex([
      { canonical: "db", names: ["db", "postgres"] },
      { canonical: "api", names: ["api", "backend"] },
    ]);
    expect(index.resolve(["Postgres"])).toBe("db");
    expect(index.resolve(["unknown", "BACKEND"])).toBe("api");
    expect(index.resolve(["unknown"])).toBeUndefined();
  });

  it("never lets an alias take the own name of another entry, and the first entry keeps a shared alias", () => {
    const index = new NameIndex([
      { canonical: "gateway", names: ["gateway", "web"] },
      { canonical: "web", names: ["web", "frontend"] },
      { canonical: "edge", names: ["edge", "frontend"] },
    ]);
    expect(index.resolve(["web"])).toBe("web");
    expect(index.resolve(["frontend"])).toBe("web");
  });
});
