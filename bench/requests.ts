/**
 * GitHub requests per pull request event, counted at a fake GitHub on loopback: the first push of a pull request
 * (cold caches) and a second push changing one file (warm caches), beside the naive count of one request per
 * file per side.
 */
import { Probot, ProbotOctokit } from "probot";
import { TIME_BUDGET_RANGE } from "../src/github/config.js";
import { createAppState } from "../src/github/handlers.js";
import { createBoxcutterApp } from "../src/index.js";
import { pullRequestDelivery } from "../test/github/helpers/payloads.js";
import { APP_ID, PRIVATE_KEY } from "../test/github/helpers/probot.js";
import { FakeGitHub } from "./fake-github.js";
import { secondPush, type Monorepo } from "./monorepo.js";

export interface RequestRow {
  files: number;
  firstPush: number;
  secondPush: number;
  /** Files the second push changed: what its requests should grow with. */
  secondPushChanged: number;
  /** One request per file per side. */
  naive: number;
}

const NUMBER = 7;

export async function requestsOf(repo: Monorepo): Promise<RequestRow> {
  const github = new FakeGitHub();
  const baseUrl = await github.listen();
  try {
    const probot = new Probot({
      appId: APP_ID,
      privateKey: PRIVATE_KEY,
      baseUrl,
      logLevel: "fatal",
      Octokit: ProbotOctokit.defaults((options: object) => ({ ...options, throttle: { enabled: false } })),
    });
    await probot.load(createBoxcutterApp(createAppState()));
    // The largest budget a configuration may give, so a busy machine cannot cut the fetch short.
    github.ownerConfig = `timeBudgetMs: ${TIME_BUDGET_RANGE.max}\n`;
    const base = github.commit(repo.base);
    const head = github.commit(repo.head);
    github.pullRequest(NUMBER, base, head);
    await probot.receive(pullRequestDelivery("first", "opened", { number: NUMBER, head, base }));
    const firstPush = github.requests;

    const next = secondPush(repo);
    const nextHead = github.commit(next);
    github.pullRequest(NUMBER, base, nextHead);
    github.resetCount();
    await probot.receive(
      pullRequestDelivery("second", "synchronize", { number: NUMBER, head: nextHead, base }),
    );
    if (github.unknown.length > 0) throw new Error(`unexpected requests: ${github.unknown.join(", ")}`);
    // A finished analysis succeeds or fails on its verdict; neutral means it could not finish.
    const partial = github.checkUpdates.find((update) => !/"conclusion":"(success|failure)"/.test(update));
    if (partial) throw new Error(`an analysis did not complete: ${partial.slice(0, 500)}`);
    return {
      files: repo.size,
      firstPush,
      secondPush: github.requests,
      secondPushChanged: Object.keys(next).filter((path) => next[path] !== repo.head[path]).length,
      naive: Object.keys(repo.base).length + Object.keys(repo.head).length,
    };
  } finally {
    await github.close();
  }
}
