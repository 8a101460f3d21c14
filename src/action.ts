#!/usr/bin/env node
// The GitHub Action's entry point, bundled with its dependencies into action/index.js.
import { extractInThreads } from "./extraction/format-threads.js";
import { compileLessForOneRun } from "./extraction/tier-up.js";
import { runAction } from "./hosting/action.js";

compileLessForOneRun();
extractInThreads();
process.exitCode = await runAction(process.env);
