import { AsyncLocalStorage } from "node:async_hooks";

/** The slice of an Octokit client whose requests can be observed. */
export interface HookableClient {
  hook: { before(name: "request", hook: () => void): void };
}

const current = new AsyncLocalStorage<{ requests: number }>();
const hooked = new WeakSet<object>();

/**
 * Counts the requests `client` makes while `work` runs, including those of plugins (configuration) and retries.
 * One client may serve several analyses at once (the token of a workflow run), so each run counts through its own
 * async context rather than a hook of its own.
 */
export async function countRequests<T>(
  client: HookableClient,
  work: () => Promise<T>,
): Promise<{ result: T; requests: number }> {
  if (!hooked.has(client)) {
    hooked.add(client);
    client.hook.before("request", () => {
      const counter = current.getStore();
      if (counter) counter.requests++;
    });
  }
  const counter = { requests: 0 };
  const result = await current.run(counter, work);
  return { result, requests: counter.requests };
}
