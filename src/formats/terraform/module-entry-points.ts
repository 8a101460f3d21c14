import { attribute, type Expr } from "./ast.js";
import { evaluate } from "./evaluate.js";
import { moduleSource, type TfNode } from "./modules.js";

/**
 * Registry gateway modules that face the internet the way their resources would: a load balancer module unless
 * `internal` is set (true or not literal), CloudFront modules, and API Gateway modules unless the endpoint is
 * private.
 */

export interface ModuleEntry {
  via: string;
  line: number;
  detail: string;
}

const LOAD_BALANCER = /\b(alb|elb|nlb|lb|load-balancer)\b/i;
const CLOUDFRONT = /\bcloudfront\b/i;
const API_GATEWAY = /\b(api-?gateway(-v2)?|apigateway(-v2)?)\b/i;
const LISTENER_ARGUMENTS = ["listeners", "http_tcp_listeners", "https_listeners"];

export function moduleEntry(node: TfNode): ModuleEntry | undefined {
  const source = moduleSource(node.block) ?? "";
  const body = node.block.body;
  if (LOAD_BALANCER.test(source)) {
    const internal = attribute(body, "internal");
    if (internal && evaluate(internal.expr, node.scope) !== false) return undefined;
    const listeners = LISTENER_ARGUMENTS.flatMap((name) => listenerTexts(attribute(body, name)?.expr, node));
    const via =
      listeners.length > 0
        ? `internet-facing load balancer (${[...new Set(listeners)].sort().join(", ")})`
        : "internet-facing load balancer";
    return {
      via,
      line: node.block.line,
      detail: `${node.address}: ${internal ? "internal = false" : "internal not set"}`,
    };
  }
  if (CLOUDFRONT.test(source))
    return { via: "CloudFront distribution", line: node.block.line, detail: node.address };
  if (API_GATEWAY.test(source)) {
    const type = attribute(body, "endpoint_type");
    if (type && !["EDGE", "REGIONAL"].includes(String(evaluate(type.expr, node.scope)))) return undefined;
    return { via: "API Gateway", line: node.block.line, detail: node.address };
  }
  return undefined;
}

/** `PROTOCOL:port` of each listener in a map (`listeners = { http = {...} }`) or list of listener objects. */
function listenerTexts(expr: Expr | undefined, node: TfNode): string[] {
  if (!expr) return [];
  const values =
    expr.type === "tuple" ? expr.items : expr.type === "object" ? expr.items.map((item) => item.value) : [];
  return values.flatMap((value) => {
    if (value.type !== "object") return [];
    const field = (name: string): unknown => {
      const item = value.items.find((entry) => evaluate(entry.key, node.scope) === name);
      return item ? evaluate(item.value, node.scope) : undefined;
    };
    const port = field("port");
    const protocol = field("protocol");
    if (typeof port !== "string" && typeof port !== "number") return [];
    return [`${typeof protocol === "string" ? protocol : "port"}:${String(port)}`];
  });
}
