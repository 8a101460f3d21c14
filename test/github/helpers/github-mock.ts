import nock from "nock";
import { afterEach, beforeEach, expect } from "vitest";
import { validateRequest } from "./openapi.js";

export const API = "https://api.github.com";

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
}

function parseBody(body: unknown): unknown {
  if (typeof body !== "string" || body === "") return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/**
 * A nock scope for api.github.com that records every request it answers, collects requests nothing answered,
 * and checks all of them against GitHub's REST description, so a mock cannot accept what GitHub would refuse.
 */
export class GitHubMock {
  readonly api: nock.Scope;
  readonly requests: RecordedRequest[] = [];
  readonly unmatched: string[] = [];
  readonly #onNoMatch = (req: {
    method?: string;
    path?: string;
    href?: string;
    host?: string;
    hostname?: string;
  }) => {
    // The webhook server under test is reached over loopback on purpose; only GitHub must be mocked.
    if (/^(127\.0\.0\.1|localhost)(:|$)/.test(String(req.hostname ?? req.host ?? ""))) return;
    this.unmatched.push(`${req.method ?? "?"} ${req.path ?? req.href ?? "?"}`);
  };

  constructor() {
    nock.disableNetConnect();
    this.api = nock(API);
    this.api.on("request", (req: { method: string; path: string }, _interceptor: unknown, body: unknown) => {
      this.requests.push({ method: req.method, path: req.path, body: parseBody(body) });
    });
    nock.emitter.on("no match", this.#onNoMatch);
  }

  /** Probot exchanges its JWT for an installation token before the first call of a delivery. */
  installationToken(installationId: number): this {
    this.api.post(`/app/installations/${installationId}/access_tokens`).reply(201, {
      token: "ghs_installation",
      expires_at: new Date(Date.now() + 3_600_000).toISOString(),
      permissions: {
        checks: "write",
        pull_requests: "write",
        issues: "write",
        contents: "read",
        metadata: "read",
      },
      repository_selection: "all",
    });
    return this;
  }

  /** Requests other than the installation token exchange, as `METHOD /path`. */
  calls(): string[] {
    return this.requests
      .filter((request) => !request.path.endsWith("/access_tokens"))
      .map((request) => `${request.method} ${request.path.split("?")[0]}`);
  }

  bodiesOf(method: string, pathPattern: RegExp): unknown[] {
    return this.requests
      .filter((request) => request.method === method && pathPattern.test(request.path))
      .map((request) => request.body);
  }

  problems(): string[] {
    return this.requests.flatMap((request) => validateRequest(request.method, request.path, request.body));
  }

  pending(): string[] {
    return nock.pendingMocks();
  }

  /**
   * For `afterEach`: fails the test if a mocked answer went unused, a request found no answer or GitHub would
   * refuse one; the mocks are removed either way.
   */
  verifyAndDispose(): void {
    try {
      expect(this.unmatched).toEqual([]);
      expect(this.pending()).toEqual([]);
      expect(this.problems()).toEqual([]);
    } finally {
      this.dispose();
    }
  }

  dispose(): void {
    nock.emitter.removeListener("no match", this.#onNoMatch);
    nock.cleanAll();
  }
}

/**
 * A fresh GitHubMock for each test of the calling file, verified and disposed after it. The returned object
 * always stands for the current test's mock.
 */
export function useGitHubMock(): GitHubMock {
  let current: GitHubMock | undefined;
  beforeEach(() => {
    current = new GitHubMock();
  });
  afterEach(() => current?.verifyAndDispose());
  return new Proxy({} as GitHubMock, {
    get(_target, key) {
      if (!current) throw new Error("the GitHub mock is only available inside a test");
      const value: unknown = Reflect.get(current, key, current);
      return typeof value === "function" ? value.bind(current) : value;
    },
  });
}
