#!/usr/bin/env node
// The app's server (`npm start`): Probot's own, with boxcutter's timeouts, retries and rate-limit policy.
import { run } from "probot";
import { appFromEnvironment } from "./index.js";
import { resilientOctokit } from "./github/probot-octokit.js";
import { Backlog } from "./github/work-queue.js";
import { stopGracefully } from "./hosting/shutdown.js";

const backlog = new Backlog();
const server = await run(appFromEnvironment({ background: true, backlog }), { Octokit: resilientOctokit() });
stopGracefully(server, backlog);
