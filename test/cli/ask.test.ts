import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gitIn, runCli, tempDir, writeFiles } from "../helpers.js";

const COMPOSE = `services:
  web:
    image: nginx:1.27
    ports: ["8080:80"]
    depends_on: [api]
  api:
    build: ./api
    depends_on: [profile, db]
  profile:
    build: ./profile
    environment:
      DATABASE_URL: postgres://profile:s3cret-pw@db:5432/shop
  db:
    image: postgres:16
`;

const run = runCli;

let root: string;

beforeAll(async () => {
  root = await tempDir("ask");
  await writeFiles(root, { "shop/compose.yaml": COMPOSE });
  const git = gitIn(root);
  git("init", "-q");
  git("add", ".");
  git("commit", "-qm", "shop");
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("boxcutter what-if", () => {
  it("merges one service into its caller: two round trips less on web", async () => {
    const { code, out } = await run(root, "what-if", "shop", "--merge", "profile:api");
    expect(code).toBe(0);
    expect(out).toContain("### If `profile` ran inside `api`");
    // The client's call, web -> api, api -> profile, api -> db and profile -> db: 5 round trips. Inside api,
    // profile's call to db is api's own: 3 are left, and the chain is one call shorter.
    expect(out).toContain("| `web` | 5 -> 3 (-2) | 4 -> 3 (-1) | 4 -> 3 (-1) |");
    expect(out).not.toContain("s3cret-pw");
  });

  it("answers in JSON, and from a git revision", async () => {
    const { code, out } = await run(
      root,
      "what-if",
      "--git",
      "HEAD",
      "--delete",
      "profile",
      "--format",
      "json",
    );
    expect(code).toBe(0);
    const answer = JSON.parse(out);
    expect(answer.kind).toBe("answered");
    expect(answer.answers[0].entryPoints[0]).toMatchObject({
      entry: "web",
      effect: "loses",
      lost: ["profile"],
    });
  });

  it("refuses a datastore into a service and exits 1", async () => {
    const { code, out } = await run(root, "what-if", "shop", "--merge", "db:api");
    expect(code).toBe(1);
    expect(out).toContain("`db` in the docker-compose project at the repository root is a datastore");
  });

  it("names the closest components when one is not found", async () => {
    const { code, out } = await run(root, "what-if", "shop", "--delete", "profil");
    expect(code).toBe(1);
    expect(out).toBe("No component named `profil` at this head. Closest: `profile`.\n");
  });

  it.each([
    [["shop"], "give one of --merge <a>:<b> or --delete <a>"],
    [["shop", "--merge", "a:b", "--delete", "a"], "give one of --merge <a>:<b> or --delete <a>"],
    [["shop", "--merge", "api"], "--merge expects <a>:<b>, got 'api'"],
    [["--merge", "a:b"], "expected one folder, got 0"],
  ])("rejects %j with a usage error", async (args, message) => {
    const { code, err } = await run(root, "what-if", ...args);
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(err).toContain("usage: boxcutter what-if");
  });
});

describe("boxcutter explain", () => {
  it("explains a component: callers with evidence, and the paths through it", async () => {
    const { code, out } = await run(root, "explain", "shop", "profile");
    expect(code).toBe(0);
    expect(out).toContain("### `profile`: service in the docker-compose project at the repository root");
    expect(out).toContain("| `api` | sync | compose/depends-on at compose.yaml:8");
    expect(out).toContain("| `web` | 5 | 2 | 4 |");
    expect(out).toContain("A box to delete? `profile` is called only by `api`");
  });
});
