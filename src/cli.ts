#!/usr/bin/env node
import { main } from "./cli/main.js";
import { extractInThreads } from "./extraction/format-threads.js";
import { compileLessForOneRun } from "./extraction/tier-up.js";

// A reader that stops early (`boxcutter graph . | head`) closes the pipe: that ends the output, not the program
// with a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(process.exitCode ?? 0);
});

compileLessForOneRun();
extractInThreads();
process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
});
