import { attribute, blocksOf, traversalsIn } from "./ast.js";
import type { NodeReference } from "./nodes.js";

/**
 * References that name or identify something rather than reach it: `name = "pipeline-${module.api.name}"`,
 * `iam_role_name = ...`, tags, descriptions, and a component's role or principal used to grant permissions.
 * They order resources and label them; no request flows along them.
 */

const NAMING_ARGUMENTS =
  /^(name|name_prefix|function_name|family|identifier|description|display_name|tags|tags_all|labels)$/;
const IDENTITY_ARGUMENTS = /(^|_)roles?(_names?|_arns?)?$|^iam_role|principals?(_ids?|_arns?)?$/;
const IDENTITY_ATTRIBUTES = /(^|_)(iam_)?roles?(_|$)|principal|identity/i;

// `secret_key_ref { name = google_secret_manager_secret.settings.secret_id }` (Cloud Run v1, the Kubernetes
// provider), `config_map_ref { name = ... }`: the `name` of a `*_ref` block says which object is read, not what
// this one is called.
const READ_BY_NAME_BLOCK = /_ref$/;

export function isNamingOrIdentity(reference: NodeReference): boolean {
  const argument = reference.path.at(-1) ?? "";
  const readByName = argument === "name" && READ_BY_NAME_BLOCK.test(reference.path.at(-2) ?? "");
  if ((NAMING_ARGUMENTS.test(argument) && !readByName) || IDENTITY_ARGUMENTS.test(argument)) return true;
  return reference.attributes.some((name) => IDENTITY_ATTRIBUTES.test(name));
}

// Arguments of a registry module that allow a caller in (`allowed_triggers` of the Lambda module): a permission
// lets another resource call this one; it is not a call from either side.
const PERMISSION_ARGUMENTS = /^(allowed_triggers|(lambda_)?permissions?|.*_permissions)$/;
// Arguments of a registry module that subscribe it to an event source (`event_source_mapping` of the Lambda
// module): the source invokes the module, so the call points from the referenced source to the module.
const EVENT_SOURCE_ARGUMENTS = /^event_source_(mappings?|arns?)$/;
// A redirect answers the client with another address (`action { redirect { host = ... } }` of a listener rule, a
// bucket website's `redirect_all_requests_to`): the client goes there itself, the redirecting side calls nothing.
const REDIRECT_ARGUMENTS = /^redirects?(_all_requests_to|_rule)?$/;

export function isPermission(reference: NodeReference): boolean {
  return reference.path.some((name) => PERMISSION_ARGUMENTS.test(name));
}

export function isEventSource(reference: NodeReference): boolean {
  return reference.path.some((name) => EVENT_SOURCE_ARGUMENTS.test(name));
}

export function isRedirect(reference: NodeReference): boolean {
  return reference.path.some((name) => REDIRECT_ARGUMENTS.test(name));
}

/**
 * `event_pattern` of an EventBridge rule filters the events a source emits (`detail.bucket.name` of S3 events):
 * the resource it names is where the events come from, so the call points from it to the rule.
 */
export function isEventPattern(reference: NodeReference): boolean {
  return reference.path[0] === "event_pattern";
}

/**
 * A Cloud Function's `event_trigger` (the bucket in its `event_filters`, its `pubsub_topic`, gen 1's `resource`)
 * names the source whose events invoke the function: the call points from that source to the function.
 */
export function isEventTrigger(reference: NodeReference): boolean {
  return reference.path[0] === "event_trigger";
}

/**
 * The references written in the same `resources` list of a policy-document statement as `reference`, itself
 * included; undefined when the grant is not written in such a statement.
 */
export function grantedTogether(reference: NodeReference, all: NodeReference[]): NodeReference[] | undefined {
  const document = reference.from;
  if (document.type !== "data.aws_iam_policy_document" || reference.path.at(-1) !== "resources")
    return undefined;
  const statement = blocksOf(document.block.body, "statement").find((block) => {
    const resources = attribute(block.body, "resources")?.expr;
    return resources !== undefined && traversalsIn(resources).includes(reference.traversal);
  });
  const resources = statement && attribute(statement.body, "resources")?.expr;
  if (!resources) return undefined;
  const written = new Set(traversalsIn(resources));
  return all.filter((other) => other.from === document && written.has(other.traversal));
}
