// The AWS Lambda entry point (handler `index.handler` in the zip built by `npm run bundle -- lambda`).
import { createLambdaHandler } from "./hosting/lambda.js";

export const handler = createLambdaHandler();
