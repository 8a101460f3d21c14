import { attribute, type Expr } from "./ast.js";
import type { TfNode } from "./modules.js";
import type { NameTemplates } from "./name-templates.js";
import type { NodeIndex } from "./nodes.js";
import type { ComponentRecord } from "./owners.js";

/**
 * The host names the files give components, in the comparable form of `NameTemplates`: a DNS record's `name` stands
 * for what its alias or records point at (`aws_route53_record` with `alias { name = aws_lb.web.dns_name }`, a
 * `google_dns_record_set`'s `rrdatas`), and a CloudFront distribution's `aliases` are its own names.
 */
export function domainNames(
  index: NodeIndex,
  templates: NameTemplates,
  expand: (node: TfNode) => ComponentRecord[],
  ownersOf: (node: TfNode) => ComponentRecord[],
): Map<string, ComponentRecord[]> {
  const found = new Map<string, ComponentRecord[]>();
  const add = (expr: Expr | undefined, node: TfNode, targets: ComponentRecord[]) => {
    const text = expr && targets.length > 0 ? templates.text(expr, node.scope) : undefined;
    const host = text === undefined ? undefined : hostName(text);
    if (host === undefined) return;
    const list = found.get(host) ?? [];
    for (const target of targets) if (!list.includes(target)) list.push(target);
    found.set(host, list);
  };
  for (const node of index.nodes) {
    if (node.type === "aws_route53_record" || node.type === "google_dns_record_set") {
      const targets = index
        .referencesUnder(node, ["alias", "records", "rrdatas"])
        .flatMap((reference) => expand(reference.node));
      add(attribute(node.block.body, "name")?.expr, node, [...new Set(targets)]);
    } else if (node.type === "aws_cloudfront_distribution") {
      const aliases = attribute(node.block.body, "aliases")?.expr;
      for (const item of aliases?.type === "tuple" ? aliases.items : []) add(item, node, ownersOf(node));
    }
  }
  return found;
}

/** The host of a URL a setting holds (`https://api.${var.domain}/v1` -> `api.${var.domain}`), lower case. */
export function urlHost(text: string): string | undefined {
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#:]+)/i.exec(text.trim());
  return match?.[1] === undefined ? undefined : hostName(match[1]);
}

function hostName(text: string): string | undefined {
  const host = text.trim().toLowerCase().replace(/\.$/, "");
  return host.length > 0 && host.length <= 253 && !/\s/.test(host) ? host : undefined;
}
