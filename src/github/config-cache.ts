import type { RepoRef } from "./client.js";
import { loadAppConfig, type ConfigPluginClient, type ConfigResult } from "./config.js";
import { LruCache } from "./lru.js";

/** How long a repository's configuration is trusted for reading comments; analyses always read it afresh. */
export const CONFIG_TTL_MS = 60_000;

/**
 * The configuration as comments need it (the command prefix): read at most once a minute per repository, so a busy
 * review thread does not cost two requests per comment. A failed read is not kept.
 */
export class ConfigCache {
  readonly #entries = new LruCache<string, { loaded: Promise<ConfigResult>; until: number }>(5_000);

  constructor(
    readonly ttlMs = CONFIG_TTL_MS,
    readonly now: () => number = Date.now,
  ) {}

  load(client: ConfigPluginClient, repo: RepoRef): Promise<ConfigResult> {
    const key = `${repo.owner}/${repo.repo}`;
    const kept = this.#entries.get(key);
    if (kept && kept.until > this.now()) return kept.loaded;
    const loaded = loadAppConfig(client, repo);
    this.#entries.set(key, { loaded, until: this.now() + this.ttlMs });
    loaded.catch(() => this.#entries.delete(key));
    return loaded;
  }
}
