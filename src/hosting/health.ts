import type { IncomingMessage, ServerResponse } from "node:http";
import { VERSION } from "../version.js";

export const HEALTH_PATH = "/health";

/**
 * `GET /health` answers 200 with the version while the process serves requests: what a container healthcheck or a
 * load balancer probes. It reports liveness only; GitHub's reachability is each delivery's own concern.
 */
export function healthHandler(request: IncomingMessage, response: ServerResponse): boolean {
  const path = (request.url ?? "").split("?")[0];
  if (path !== HEALTH_PATH) return false;
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, { allow: "GET, HEAD" }).end();
    return true;
  }
  const body = JSON.stringify({ status: "ok", version: VERSION });
  response.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
  response.end(request.method === "HEAD" ? undefined : body);
  return true;
}
