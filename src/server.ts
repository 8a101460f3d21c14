#!/usr/bin/env node
// The app's server (`npm start`): Probot's own, with boxcutter's timeouts, retries and rate-limit policy.
import { run } from "probot";
import boxcutterApp from "./index.js";
import { resilientOctokit } from "./github/probot-octokit.js";

await run(boxcutterApp, { Octokit: resilientOctokit() });
