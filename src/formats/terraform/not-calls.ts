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

export function isNamingOrIdentity(reference: NodeReference): boolean {
  const argument = reference.path.at(-1) ?? "";
  if (NAMING_ARGUMENTS.test(argument) || IDENTITY_ARGUMENTS.test(argument)) return true;
  return reference.attributes.some((name) => IDENTITY_ATTRIBUTES.test(name));
}

// Arguments of a registry module that allow a caller in (`allowed_triggers` of the Lambda module): a permission
// lets another resource call this one; it is not a call from either side.
const PERMISSION_ARGUMENTS = /^(allowed_triggers|(lambda_)?permissions?|.*_permissions)$/;
// Arguments of a registry module that subscribe it to an event source (`event_source_mapping` of the Lambda
// module): the source invokes the module, so the call points from the referenced source to the module.
const EVENT_SOURCE_ARGUMENTS = /^event_source_(mappings?|arns?)$/;

export function isPermission(reference: NodeReference): boolean {
  return reference.path.some((name) => PERMISSION_ARGUMENTS.test(name));
}

export function isEventSource(reference: NodeReference): boolean {
  return reference.path.some((name) => EVENT_SOURCE_ARGUMENTS.test(name));
}
