import type { Probot } from "probot";
import { createAppState, registerHandlers, type AppState } from "./github/handlers.js";
import { openStore } from "./github/store/open.js";

/**
 * Probot falls back to the secret `development` when WEBHOOK_SECRET is unset, which would let anyone forge
 * deliveries; a production process refuses to start that way.
 */
export function assertWebhookSecret(env: NodeJS.ProcessEnv): void {
  if (env.NODE_ENV !== "production") return;
  const secret = env.WEBHOOK_SECRET;
  if (!secret || secret === "development") {
    throw new Error(
      "WEBHOOK_SECRET is unset or still `development`: set it to the webhook secret of the GitHub App before running with NODE_ENV=production.",
    );
  }
}

/** Builds the app function around a given state (tests share one across deliveries to observe caching). */
export function createBoxcutterApp(state: AppState = createAppState()): (app: Probot) => void {
  return (app) => {
    assertWebhookSecret(process.env);
    registerHandlers(app, state);
  };
}

/** The app as `probot run` loads it: state in memory, or shared through Redis when `REDIS_URL` is set. */
export default async function boxcutterApp(app: Probot): Promise<void> {
  assertWebhookSecret(process.env);
  const store = await openStore(process.env, app.log);
  createBoxcutterApp(createAppState({ store }))(app);
}
