import { ProbotOctokit } from "probot";
import { DEFAULT_RESILIENCE, resilientOctokitOptions, type ResilienceOptions } from "./octokit.js";

/**
 * Probot's client class with boxcutter's timeouts, retries and rate-limit policy, for every way the app is hosted
 * (its server, a Lambda function, an Actions job). Kept apart from the policy so the command line never loads Probot.
 */
export function resilientOctokit(options: ResilienceOptions = DEFAULT_RESILIENCE): typeof ProbotOctokit {
  return ProbotOctokit.defaults((instance: Record<string, unknown>) =>
    resilientOctokitOptions(instance, options),
  );
}
