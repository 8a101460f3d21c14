import { describe, expect, it } from "vitest";
import { REDACTED, isSecretKey, redactEnv, redactText } from "../../src/graph/redact.js";

describe("redactText", () => {
  it("hides the password of a DSN but keeps user, host and path", () => {
    expect(redactText("postgres://app:s3cr3t@db:5432/shop")).toBe(`postgres://app:${REDACTED}@db:5432/shop`);
  });

  it("hides a password given without a user name", () => {
    expect(redactText("redis://:hunter2@cache:6379/0")).toBe(`redis://:${REDACTED}@cache:6379/0`);
  });

  it("hides a bare token in the user part of a URL", () => {
    expect(redactText("https://ghp_abcdefghijklmnopqrstuvwx@github.com/o/r.git")).not.toContain("ghp_");
  });

  it("hides secret query parameters and keeps the others", () => {
    const redacted = redactText("https://api:8080/x?token=abc123&region=eu");
    expect(redacted).toBe(`https://api:8080/x?token=${REDACTED}&region=eu`);
  });

  it("hides well-known key shapes anywhere in text", () => {
    const text = "key AKIAABCDEFGHIJKLMNOP and xoxb-1234567890-abcdef";
    expect(redactText(text)).toBe(`key ${REDACTED} and ${REDACTED}`);
  });

  it("hides the value of a secret-named assignment quoted in text, and keeps other assignments", () => {
    const text = 'ports entry "API_TOKEN=abc123" and DB_HOST=db and spring.datasource.password=pw';
    expect(redactText(text)).toBe(
      `ports entry "API_TOKEN=${REDACTED}" and DB_HOST=db and spring.datasource.password=${REDACTED}`,
    );
  });

  it.each([
    ["https://hooks.slack.com/services/T0123ABCD/B0456EFGH/abcdEFGHijklMNOPqrstUVWX", "abcdEFGH"],
    ["https://discord.com/api/webhooks/1234567890/tok-EN_value", "tok-EN_value"],
    ["https://api.telegram.org/bot123456:AAFsecretsecret/sendMessage", "AAFsecretsecret"],
  ])("hides the secret path of a webhook URL: %s", (url, secret) => {
    const redacted = redactText(`notify ${url} now`);
    expect(redacted).not.toContain(secret);
    expect(redacted).toMatch(/^notify https:\/\/[a-z.]+\/.*\*\*\* now$/);
  });

  it("hides a password in an image reference and keeps a pinned digest", () => {
    expect(redactText("registry.example.com/u:s3cr3t@img:1.0")).toBe(
      `registry.example.com/u:${REDACTED}@img:1.0`,
    );
    const pinned = `nginx:1.25@sha256:${"0123456789abcdef".repeat(4)}`;
    expect(redactText(pinned)).toBe(pinned);
  });

  it("leaves text without credentials unchanged", () => {
    expect(redactText("http://api:8080/v1 redis:6379")).toBe("http://api:8080/v1 redis:6379");
  });
});

describe("redactText on texts seen before", () => {
  it("gives the same answer the second time, and after many other texts", () => {
    const dsn = "postgres://app:s3cr3t@db:5432/shop";
    const expected = `postgres://app:${REDACTED}@db:5432/shop`;
    expect(redactText(dsn)).toBe(expected);
    expect(redactText(dsn)).toBe(expected);
    for (let index = 0; index < 50_000; index++) redactText(`Url=http://u:p${index}@host-${index}/x`);
    expect(redactText(dsn)).toBe(expected);
    expect(redactText("Url=http://u:p7@host-7/x")).toBe(`Url=http://u:${REDACTED}@host-7/x`);
  });

  it("redacts a long text in full", () => {
    const text = `${"word ".repeat(400)}postgres://app:s3cr3t@db/x`;
    expect(redactText(text)).toBe(`${"word ".repeat(400)}postgres://app:${REDACTED}@db/x`);
    expect(redactText(text)).not.toContain("s3cr3t");
  });
});

describe("redactEnv", () => {
  it.each(["POSTGRES_PASSWORD", "JWT_SECRET", "GITHUB_TOKEN", "STRIPE_API_KEY", "AWS_SECRET_ACCESS_KEY"])(
    "hides the whole value of %s",
    (key) => {
      expect(isSecretKey(key)).toBe(true);
      expect(redactEnv(key, "hunter2")).toBe(`${key}=${REDACTED}`);
    },
  );

  it("keeps host values of ordinary keys and still redacts URL credentials in them", () => {
    expect(redactEnv("REDIS_HOST", "redis")).toBe("REDIS_HOST=redis");
    expect(redactEnv("AUTH_SERVICE_URL", "http://auth:9000")).toBe("AUTH_SERVICE_URL=http://auth:9000");
    expect(redactEnv("DATABASE_URL", "mysql://root:pw@db/app")).toBe(
      `DATABASE_URL=mysql://root:${REDACTED}@db/app`,
    );
  });
});
