import type { ApplicationFunctionOptions, Probot } from "probot";
import { AnalysisWorkers, ANALYSIS_WORKER } from "./github/analysis-workers.js";
import { createAppState, registerHandlers, type AppState } from "./github/handlers.js";
import { openStore } from "./github/store/open.js";
import { healthHandler } from "./hosting/health.js";

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
export function createBoxcutterApp(
  state: AppState = createAppState(),
): (app: Probot, options?: Partial<ApplicationFunctionOptions>) => void {
  return (app, options) => {
    assertWebhookSecret(process.env);
    registerHandlers(app, state);
    addHealthRoute(options);
  };
}

/** Only Probot's own server takes routes; elsewhere (Lambda, a workflow step) Probot's `addHandler` throws. */
function addHealthRoute(options: Partial<ApplicationFunctionOptions> | undefined): void {
  try {
    options?.addHandler?.(healthHandler);
  } catch {
    // No server: nothing to probe.
  }
}

/**
 * The app with its state in memory, or shared through Redis when `REDIS_URL` is set; `overrides` say how it is
 * hosted (a server answers GitHub before analysing, see `AppState.background`, and analyses in worker threads).
 */
export function appFromEnvironment(
  overrides: Partial<Omit<AppState, "analyses" | "store">> = {},
): (app: Probot, options?: Partial<ApplicationFunctionOptions>) => Promise<void> {
  return async (app, options) => {
    assertWebhookSecret(process.env);
    const store = await openStore(process.env, app.log);
    const workers = overrides.background ? new AnalysisWorkers(ANALYSIS_WORKER) : undefined;
    const inWorkers = workers ? { analyser: workers.analyse, graphBuilder: workers.graphs } : {};
    createBoxcutterApp(createAppState({ ...inWorkers, ...overrides, store }))(app, options);
  };
}

/** The app as `probot run` loads it: a server, answering each delivery at once and analysing in the background. */
export default appFromEnvironment({ background: true });
