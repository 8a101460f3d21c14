import type { EntryPoint } from "../../graph/model.js";
import { redactText } from "../../graph/redact.js";
import { attribute, blocksOf, traversalsIn, type Expr } from "./ast.js";
import { evaluate, UNKNOWN, type Evaluated } from "./evaluate.js";
import type { TfNode } from "./modules.js";
import { moduleEntry } from "./module-entry-points.js";
import { kindOf, type NodeIndex } from "./nodes.js";
import type { ComponentRecord, Owners } from "./owners.js";

/**
 * Components a client outside reaches: internet-facing load balancers (with their listeners), API Gateway stages
 * and routes, CloudFront and Front Door, Cloud Run and Cloud Functions open to `allUsers`, Lambda function URLs
 * without auth, instances with a public IP, App Service apps that keep public access.
 */

const PUBLIC_BY_DEFAULT: Record<string, string> = {
  aws_cloudfront_distribution: "CloudFront distribution",
  aws_globalaccelerator_accelerator: "Global Accelerator",
  azurerm_frontdoor: "Front Door",
  azurerm_cdn_frontdoor_profile: "Front Door",
  azurerm_application_gateway: "Application Gateway",
  azurerm_api_management: "API Management",
  azurerm_linux_web_app: "App Service default hostname",
  azurerm_windows_web_app: "App Service default hostname",
  azurerm_app_service: "App Service default hostname",
  azurerm_linux_function_app: "Function App default hostname",
  azurerm_windows_function_app: "Function App default hostname",
  azurerm_function_app: "Function App default hostname",
};

export function entryPoints(index: NodeIndex, owners: Owners): EntryPoint[] {
  const found = new Map<string, EntryPoint>();
  const add = (
    record: ComponentRecord,
    via: string,
    node: TfNode,
    line: number,
    rule: string,
    detail: string,
  ): void => {
    if (found.has(record.node.address)) return;
    found.set(record.node.address, {
      component: record.node.address,
      via,
      evidence: [{ file: node.file, line, rule: `terraform/${rule}`, detail: redactText(detail) }],
    });
  };
  const value = (node: TfNode, name: string): Evaluated =>
    evaluate(attribute(node.block.body, name)?.expr, node.scope);

  for (const record of owners.records) {
    const node = record.node;
    if (node.mode === "module") {
      const entry = record.kind === "gateway" ? moduleEntry(node) : undefined;
      if (entry) add(record, entry.via, node, entry.line, "gateway-module", entry.detail);
    } else if (["aws_lb", "aws_alb", "aws_elb"].includes(node.type)) {
      if (value(node, "internal") !== false && attribute(node.block.body, "internal")) continue;
      const listeners = index
        .referrersOf(node)
        .filter((reference) => kindOf(reference.from)?.role === "listener")
        .map((reference) => listenerText(reference.from))
        .filter((text) => text !== "");
      const via =
        listeners.length > 0
          ? `internet-facing load balancer (${listeners.sort().join(", ")})`
          : "internet-facing load balancer";
      add(record, via, node, node.block.line, "internet-facing-lb", `${node.address}: internal = false`);
    } else if (
      node.type === "google_compute_global_forwarding_rule" ||
      node.type === "google_compute_forwarding_rule"
    ) {
      const scheme = value(node, "load_balancing_scheme");
      if (typeof scheme === "string" && scheme.startsWith("INTERNAL")) continue;
      if (scheme === UNKNOWN && attribute(node.block.body, "load_balancing_scheme")) continue;
      add(
        record,
        "external load balancer",
        node,
        node.block.line,
        "internet-facing-lb",
        `${node.address}: external forwarding rule`,
      );
    } else if (node.type in PUBLIC_BY_DEFAULT) {
      if (value(node, "public_network_access_enabled") === false) continue;
      add(
        record,
        PUBLIC_BY_DEFAULT[node.type]!,
        node,
        node.block.line,
        "public-by-default",
        `${node.address}`,
      );
    } else if (node.type === "aws_instance" && value(node, "associate_public_ip_address") === true) {
      add(
        record,
        "public IP",
        node,
        attribute(node.block.body, "associate_public_ip_address")!.line,
        "public-ip",
        `${node.address}: associate_public_ip_address = true`,
      );
    } else if (node.type === "azurerm_container_app") {
      const ingress = blocksOf(node.block.body, "ingress")[0];
      if (ingress && evaluate(attribute(ingress.body, "external_enabled")?.expr, node.scope) === true) {
        add(
          record,
          "Container App external ingress",
          node,
          ingress.line,
          "public-by-default",
          `${node.address}: ingress.external_enabled = true`,
        );
      }
    }
  }

  for (const node of index.nodes) {
    const role = kindOf(node)?.role;
    if (role === "stage") {
      for (const reference of index.referencesUnder(node, ["rest_api_id", "api_id"])) {
        for (const record of owners.ownersOf(reference.node)) {
          if (isPrivateApi(record.node)) continue;
          add(record, stageText(node), node, node.block.line, "api-gateway-stage", `${node.address}`);
        }
      }
    } else if (role === "public-access") publicAccess(node, index, owners, add);
  }
  return [...found.values()];
}

function publicAccess(
  node: TfNode,
  index: NodeIndex,
  owners: Owners,
  add: (
    record: ComponentRecord,
    via: string,
    node: TfNode,
    line: number,
    rule: string,
    detail: string,
  ) => void,
): void {
  const body = node.block.body;
  let via: string | undefined;
  let line = node.block.line;
  if (node.type === "aws_lambda_function_url") {
    const auth = attribute(body, "authorization_type");
    if (auth && evaluate(auth.expr, node.scope) === "NONE") [via, line] = ["public function URL", auth.line];
  } else if (node.type === "aws_eip") {
    if (attribute(body, "instance")) via = "Elastic IP";
  } else {
    const members = [attribute(body, "member"), attribute(body, "members")].filter(
      (entry) => entry !== undefined,
    );
    for (const member of members) {
      if (literalStrings(member.expr, node).includes("allUsers"))
        [via, line] = ["public invoker (allUsers)", member.line];
    }
  }
  if (via === undefined) return;
  for (const reference of index.referencesOf(node)) {
    for (const record of owners.ownersOf(reference.node))
      add(record, via, node, line, "public-access", `${node.address}`);
  }
}

function literalStrings(expr: Expr, node: TfNode): string[] {
  const value = evaluate(expr, node.scope);
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return traversalsIn(expr).length === 0 && expr.type === "tuple"
    ? expr.items.flatMap((item) =>
        item.type === "literal" && typeof item.value === "string" ? [item.value] : [],
      )
    : [];
}

function listenerText(listener: TfNode): string {
  const protocol = evaluate(attribute(listener.block.body, "protocol")?.expr, listener.scope);
  const port = evaluate(attribute(listener.block.body, "port")?.expr, listener.scope);
  if (port === UNKNOWN || port === undefined) return typeof protocol === "string" ? protocol : "";
  return `${typeof protocol === "string" ? protocol : "port"}:${String(port)}`;
}

function stageText(node: TfNode): string {
  const body = node.block.body;
  if (node.type === "aws_apigatewayv2_route") {
    const key = evaluate(attribute(body, "route_key")?.expr, node.scope);
    return typeof key === "string" ? `API Gateway route ${key}` : "API Gateway route";
  }
  const stage = evaluate(attribute(body, "stage_name")?.expr ?? attribute(body, "name")?.expr, node.scope);
  return typeof stage === "string" ? `API Gateway stage ${stage}` : "API Gateway stage";
}

function isPrivateApi(node: TfNode): boolean {
  for (const block of blocksOf(node.block.body, "endpoint_configuration")) {
    const types = evaluate(attribute(block.body, "types")?.expr, node.scope);
    if (Array.isArray(types) && types.includes("PRIVATE")) return true;
  }
  return false;
}
