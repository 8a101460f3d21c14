// The AWS Lambda entry point (handler `index.handler` in the zip built by `npm run bundle -- lambda`).
import { extractInThreads } from "./extraction/format-threads.js";
import { createLambdaHandler } from "./hosting/lambda.js";

extractInThreads();
export const handler = createLambdaHandler();
