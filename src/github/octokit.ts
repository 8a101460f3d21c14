/**
 * How the app's GitHub client copes with GitHub failing: Octokit's retry plugin repeats requests that failed with
 * a 5xx or timed out, after `retryBaseMs` x 1, 4, 9...; its throttling plugin waits out rate limits for as long
 * as GitHub's `retry-after` says, when that is not too long. Both plugins ship inside Probot's client.
 */
export interface ResilienceOptions {
  /** Attempts after the first for a 5xx or a timeout. */
  retries: number;
  retryBaseMs: number;
  /** A request that has not answered after this long is abandoned (and retried). */
  timeoutMs: number;
  /** Rate-limited requests are retried this many times, each only when GitHub asks to wait at most `maxWaitS`. */
  rateLimitRetries: number;
  maxWaitS: number;
  /** Milliseconds per second of `retry-after`; only tests change it. */
  secondMs: number;
}

export const DEFAULT_RESILIENCE: ResilienceOptions = {
  retries: 2,
  retryBaseMs: 1_000,
  timeoutMs: 10_000,
  rateLimitRetries: 2,
  maxWaitS: 60,
  secondMs: 1_000,
};

/** Per-request option for a create that is not safe to repeat blindly (GitHub may have made it before failing). */
export const NO_RETRY = { request: { retries: 0 } };

type Fetch = typeof globalThis.fetch;

/** Every request gets a deadline; a timed-out request fails like a 5xx, so the retry plugin repeats it. */
function fetchWithTimeout(timeoutMs: number, base?: Fetch): Fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return (base ?? globalThis.fetch)(input, { ...init, signal });
  };
}

interface LimitedRequest {
  method: string;
  url: string;
}

interface ClientWithLog {
  log: { warn(message: string): void };
}

/** Where a rate limit is reported: the client's log by default, the terminal for the command line. */
export type RateLimitNotice = (message: string, octokit: ClientWithLog) => void;

const toLog: RateLimitNotice = (message, octokit) => octokit.log.warn(message);

function rateLimitPolicy(kind: string, options: ResilienceOptions, notice: RateLimitNotice) {
  return (retryAfter: number, request: LimitedRequest, octokit: ClientWithLog, retryCount: number) => {
    const retry = retryCount < options.rateLimitRetries && retryAfter <= options.maxWaitS;
    notice(
      `GitHub's ${kind} on ${request.method} ${request.url}: ${retry ? `waiting ${retryAfter} s` : `giving up (GitHub asks to wait ${retryAfter} s)`}`,
      octokit,
    );
    return retry;
  };
}

/**
 * Options merged over a client's own (Probot's keep its Redis-backed rate-limit clustering when REDIS_URL is set).
 * The app's client and the command line's both take them.
 */
export function resilientOctokitOptions(
  instance: Record<string, unknown>,
  options: ResilienceOptions = DEFAULT_RESILIENCE,
  notice: RateLimitNotice = toLog,
): Record<string, unknown> {
  const request = (instance.request ?? {}) as { fetch?: Fetch };
  return {
    ...instance,
    request: { ...request, fetch: fetchWithTimeout(options.timeoutMs, request.fetch) },
    retry: {
      enabled: true,
      retries: options.retries,
      retryAfterBaseValue: options.retryBaseMs,
      // Client errors will fail again; rate limits (403, 429) are the throttling plugin's to wait out.
      doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
    },
    throttle: {
      ...(instance.throttle as object | undefined),
      enabled: true,
      retryAfterBaseValue: options.secondMs,
      onRateLimit: rateLimitPolicy("rate limit", options, notice),
      onSecondaryRateLimit: rateLimitPolicy("secondary rate limit", options, notice),
    },
  };
}
