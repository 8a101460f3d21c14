#!/usr/bin/env node
// The GitHub Action's entry point, bundled with its dependencies into action/index.js.
import { runAction } from "./hosting/action.js";

process.exitCode = await runAction(process.env);
