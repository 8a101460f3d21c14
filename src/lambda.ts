// The AWS Lambda entry point (handler `index.handler` in the zip built by `npm run bundle -- lambda`).
import { extractInThreads } from "./extraction/format-threads.js";
import { createLambdaHandler } from "./hosting/lambda.js";

// V8's default tier-up budget stays: a warm function serves many deliveries (see ONE_RUN_INTERRUPT_BUDGET).
extractInThreads();
export const handler = createLambdaHandler();
