import { describe, expect, it } from "vitest";
import { providerHost } from "./providers.js";

describe("providerHost", () => {
  it("names the hosted API a credential key belongs to, in any case", () => {
    expect(providerHost("OPENAI_API_KEY", "${KEY}")).toBe("api.openai.com");
    expect(providerHost("github_token", "x")).toBe("api.github.com");
    expect(providerHost("GH_TOKEN", "x")).toBe("api.github.com");
  });

  it("ignores unset keys and keys that only look alike", () => {
    expect(providerHost("GITHUB_TOKEN", "  ")).toBeUndefined();
    expect(providerHost("GITHUB_TOKEN_FILE", "/run/secrets/t")).toBeUndefined();
    expect(providerHost("DATABASE_URL", "x")).toBeUndefined();
  });
});
