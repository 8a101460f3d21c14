import type { EntryPoint } from "../../graph/model.js";
import { evidenceAt } from "../shared/evidence.js";
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
  aws_appsync_graphql_api: "AppSync GraphQL endpoint",
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
  azurerm_static_web_app: "Static Web App default hostname",
  google_firebase_hosting_site: "Firebase Hosting site",
  aws_ses_receipt_rule_set: "SES inbound mail",
  aws_ses_receipt_rule: "SES inbound mail",
};

/** How one component is reached from outside, found at `line` of `node`'s file. */
interface Found {
  via: string;
  line: number;
  rule: string;
  detail: string;
}

type AddEntry = (record: ComponentRecord, node: TfNode, found: Found) => void;

export function entryPoints(index: NodeIndex, owners: Owners): EntryPoint[] {
  const entries = new Map<string, EntryPoint>();
  // The first way in found for a component is the one reported.
  const add: AddEntry = (record, node, { via, line, rule, detail }) => {
    if (entries.has(record.node.address)) return;
    entries.set(record.node.address, {
      component: record.node.address,
      via,
      evidence: [evidenceAt({ file: node.file, line }, rule, detail)],
    });
  };
  for (const record of owners.records) {
    const found = componentEntry(record, index);
    if (found) add(record, record.node, found);
  }
  for (const node of index.nodes) {
    const role = kindOf(node)?.role;
    if (role === "stage") stageEntries(node, index, owners, add);
    else if (role === "public-access") publicAccess(node, index, owners, add);
  }
  return [...entries.values()];
}

/** A component that is public by what it is and how it is configured. */
function componentEntry(record: ComponentRecord, index: NodeIndex): Found | undefined {
  const node = record.node;
  const body = node.block.body;
  const value = (name: string): Evaluated => evaluate(attribute(body, name)?.expr, node.scope);
  if (node.mode === "module") {
    const entry = record.kind === "gateway" ? moduleEntry(node) : undefined;
    return entry && { ...entry, rule: "terraform/gateway-module" };
  }
  if (["aws_lb", "aws_alb", "aws_elb"].includes(node.type)) {
    if (value("internal") !== false && attribute(body, "internal")) return undefined;
    return {
      via: loadBalancerText(node, index),
      line: node.block.line,
      rule: "terraform/internet-facing-lb",
      detail: `${node.address}: internal = false`,
    };
  }
  if (
    node.type === "google_compute_global_forwarding_rule" ||
    node.type === "google_compute_forwarding_rule"
  ) {
    const scheme = value("load_balancing_scheme");
    // An empty scheme is a Private Service Connect endpoint: a private address in the network for a service
    // attachment or Google's APIs, reached from inside only.
    if (typeof scheme === "string" && (scheme === "" || scheme.startsWith("INTERNAL"))) return undefined;
    if (scheme === UNKNOWN && attribute(body, "load_balancing_scheme")) return undefined;
    return {
      via: "external load balancer",
      line: node.block.line,
      rule: "terraform/internet-facing-lb",
      detail: `${node.address}: external forwarding rule`,
    };
  }
  if (node.type in PUBLIC_BY_DEFAULT) {
    if (value("public_network_access_enabled") === false || value("visibility") === "PRIVATE")
      return undefined;
    return {
      via: PUBLIC_BY_DEFAULT[node.type]!,
      line: node.block.line,
      rule: "terraform/public-by-default",
      detail: node.address,
    };
  }
  if (node.type === "aws_instance" && value("associate_public_ip_address") === true) {
    return {
      via: "public IP",
      line: attribute(body, "associate_public_ip_address")!.line,
      rule: "terraform/public-ip",
      detail: `${node.address}: associate_public_ip_address = true`,
    };
  }
  if (node.type === "azurerm_container_app") {
    const ingress = blocksOf(body, "ingress")[0];
    if (ingress && evaluate(attribute(ingress.body, "external_enabled")?.expr, node.scope) === true) {
      return {
        via: "Container App external ingress",
        line: ingress.line,
        rule: "terraform/public-by-default",
        detail: `${node.address}: ingress.external_enabled = true`,
      };
    }
  }
  return undefined;
}

function loadBalancerText(node: TfNode, index: NodeIndex): string {
  const listeners = index
    .referrersOf(node)
    .filter((reference) => kindOf(reference.from)?.role === "listener")
    .map((reference) => listenerText(reference.from))
    .filter((text) => text !== "");
  return listeners.length > 0
    ? `internet-facing load balancer (${listeners.sort().join(", ")})`
    : "internet-facing load balancer";
}

/** An API Gateway stage or route makes the API it belongs to public, unless the API is private. */
function stageEntries(node: TfNode, index: NodeIndex, owners: Owners, add: AddEntry): void {
  for (const reference of index.referencesUnder(node, ["rest_api_id", "api_id"])) {
    for (const record of owners.ownersOf(reference.node)) {
      if (isPrivateApi(record.node)) continue;
      add(record, node, {
        via: stageText(node),
        line: node.block.line,
        rule: "terraform/api-gateway-stage",
        detail: node.address,
      });
    }
  }
}

/** A grant of public access (function URL without auth, Elastic IP, `allUsers` invoker) to what it names. */
function publicAccess(node: TfNode, index: NodeIndex, owners: Owners, add: AddEntry): void {
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
      add(record, node, { via, line, rule: "terraform/public-access", detail: node.address });
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
