import { edgeKey, type Edge } from "../../graph/model.js";
import { evidenceAt } from "../shared/evidence.js";
import { buildSettings } from "./build-settings.js";
import { exportingStacks } from "./cloudformation.js";
import { EdgeCollector } from "../shared/edges.js";
import { attribute, blocksOf, type Body } from "./ast.js";
import { evaluate } from "./evaluate.js";
import { traversalText } from "./ast.js";
import type { TfNode } from "./modules.js";
import { kindOf, type NodeIndex, type NodeReference } from "./nodes.js";
import {
  isEventPattern,
  isEventSource,
  grantedTogether,
  isEventTrigger,
  isNamingOrIdentity,
  isPermission,
  isRedirect,
} from "./not-calls.js";
import type { ComponentRecord, Owners } from "./owners.js";
import { SecretHolders } from "./secrets.js";

/**
 * Calls between components: references from one component's arguments to another's attributes, the explicit
 * wiring resources (listeners, event source mappings, subscriptions, integrations, ...), IAM policies that grant a
 * component's role access to another component, and security-group rules between two components' groups.
 */

/** A security-group rule letting one group's members connect to another's, drawn once every wiring is known. */
interface GroupGrant {
  callers: ComponentRecord[];
  callees: ComponentRecord[];
  node: TfNode;
  reference: NodeReference;
  port: string;
}

export class CallFinder {
  private readonly found = new EdgeCollector();
  private readonly grants: GroupGrant[] = [];
  private readonly secrets: SecretHolders;
  /** What each component names in its own configuration (settings, secrets, build settings). */
  private configured = new Map<string, Set<string>>();

  constructor(
    private readonly index: NodeIndex,
    private readonly owners: Owners,
  ) {
    this.secrets = new SecretHolders(index, owners.records);
  }

  isSecretHolder(record: ComponentRecord): boolean {
    return this.secrets.isHolder(record);
  }

  collect(): Edge[] {
    for (const record of this.owners.records) {
      if (this.secrets.isHolder(record)) continue;
      this.directReferences(record);
      for (const member of record.members) this.secretsByName(record, member);
    }
    for (const { workload, callee, project, reference } of buildSettings(this.index, this.owners, (node) =>
      this.expand(node),
    ))
      this.add(workload, callee, project, reference, "terraform/build-setting", " (built into its image)");
    this.configured = this.found.calleesByCaller();
    for (const node of this.index.nodes) {
      const kind = kindOf(node);
      if (kind?.from && kind.to && kind.rule) this.wiring(node, kind.from, kind.to, kind.rule);
      for (const also of kind?.more ?? []) this.wiring(node, also.from, also.to, also.rule);
      if (kind?.role === "listener")
        this.wiring(node, kind.via ?? [], ["default_action"], "terraform/lb-listener");
      if (kind?.role === "sg-rule") this.securityGroupRule(node);
      if (node.type === "aws_security_group") this.inlineSecurityGroupRules(node);
    }
    // Grants are weighed once every wiring is known: whether an event source triggers the grantee decides them.
    for (const node of this.index.nodes) {
      const role = kindOf(node)?.role;
      if (role === "policy" || role === "identity") this.policy(node);
    }
    this.groupGrantEdges();
    const kinds = new Map(this.owners.records.map((record) => [record.node.address, record.kind]));
    return this.withoutOwnPublicAddress(this.found.edges((address) => kinds.get(address)));
  }

  /** A service that reads the address of the gateway in front of it learns its own public URL; it does not call it. */
  private withoutOwnPublicAddress(edges: Edge[]): Edge[] {
    const keys = new Set(edges.map(edgeKey));
    const gateways = new Set(
      this.owners.records.filter((record) => record.kind === "gateway").map((record) => record.node.address),
    );
    return edges.filter(
      (edge) =>
        !(
          gateways.has(edge.to) &&
          keys.has(edgeKey({ from: edge.to, to: edge.from })) &&
          edge.evidence.every((item) => SIMPLE_REFERENCES.has(item.rule))
        ),
    );
  }

  /** Components a reference stands for: the component itself, or what a hop, listener or target group leads to. */
  expand(node: TfNode, seen = new Set<TfNode>()): ComponentRecord[] {
    if (seen.has(node)) return [];
    seen.add(node);
    const owners = this.owners.ownersOf(node);
    if (owners.length > 0) return owners;
    if (node.type === "data.aws_cloudformation_export")
      return unique(exportingStacks(node).flatMap((stack) => this.expand(stack, seen)));
    const kind = kindOf(node);
    if (kind?.role === "hop" || kind?.role === "listener" || (kind?.role === "public-access" && kind.via)) {
      const references = kind.via
        ? this.index.referencesUnder(node, kind.via)
        : this.index.referencesOf(node);
      return unique(references.flatMap((reference) => this.expand(reference.node, seen)));
    }
    if (kind?.role === "target-group") {
      const targets: ComponentRecord[] = [];
      for (const reference of this.index.referrersOf(node)) {
        const referrer = kindOf(reference.from);
        if (referrer?.role === "target-attachment") {
          const to = this.index.referencesUnder(reference.from, referrer.to ?? []);
          targets.push(...to.flatMap((target) => this.expand(target.node, seen)));
        } else targets.push(...this.owners.ownersOf(reference.from));
      }
      return unique(targets);
    }
    return [];
  }

  private directReferences(record: ComponentRecord): void {
    for (const member of record.members) {
      for (const reference of this.index.referencesOf(member)) {
        const names = reference.attributes.join(".");
        const argument = reference.path.at(-1) ?? "";
        if (/security_group/.test(names)) {
          // `source_security_group_id = module.alb.security_group_id`: the balancer's group may call this one.
          if (/^(source|referenced)_security_group_id$/.test(argument)) {
            for (const caller of this.owners.ownersOf(reference.node)) {
              this.add(caller, record, member, reference, "terraform/security-group");
            }
          }
          continue;
        }
        if (/target_group/.test(names)) {
          // Registering in a module's target group: the balancer calls this component.
          for (const caller of this.owners.ownersOf(reference.node))
            this.add(caller, record, member, reference, "terraform/lb-target");
          continue;
        }
        const kind = kindOf(reference.node);
        // A shared definition (an App Service plan) is part of each user, not something one calls.
        if (
          kind?.role === "target-group" ||
          kind?.role === "identity" ||
          kind?.role === "policy" ||
          (kind?.role === "definition" && !this.owners.isComponent(reference.node)) ||
          isNamingOrIdentity(reference) ||
          isPermission(reference) ||
          isRedirect(reference)
        )
          continue;
        const eventRule = eventSourceRule(reference);
        if (eventRule !== undefined) {
          for (const source of this.expand(reference.node))
            this.add(source, record, member, reference, eventRule);
          continue;
        }
        for (const target of this.expand(reference.node)) {
          if (!this.secrets.readsValue(reference))
            this.add(record, target, member, reference, "terraform/reference");
          if (this.secrets.isHolder(target))
            this.secretValues(record, this.secrets.valuesOf(target), reference);
        }
      }
    }
  }

  /** A reader of a secret calls what the secret's value references. */
  private secretValues(
    reader: ComponentRecord,
    values: NodeReference[],
    read: NodeReference,
    name?: string,
  ): void {
    const via = name === undefined ? "" : ` (secret "${name}")`;
    for (const value of values) {
      for (const callee of this.expand(value.node)) {
        if (this.secrets.isHolder(callee)) continue;
        const detail = `${value.from.address}: ${value.path.join(".")} = ${traversalText(value.traversal)}`;
        this.add(reader, callee, read.from, read, "terraform/secret", `${via}; secret value ${detail}`);
      }
    }
  }

  /** `secret_key_ref { name = "dbhost" }`: a secret named literally, kept by a holder in this root. */
  private secretsByName(reader: ComponentRecord, member: TfNode): void {
    for (const found of this.secrets.readByName(member)) {
      const read: NodeReference = {
        node: found.record.node,
        from: member,
        path: ["secret"],
        line: found.line,
        attributes: [],
        traversal: { type: "traversal", root: found.record.node.address, steps: [], line: found.line },
      };
      this.add(reader, found.record, member, read, "terraform/secret", ` (secret "${found.name}")`);
      this.secretValues(reader, found.value.references, read, found.name);
    }
  }

  private wiring(node: TfNode, from: readonly string[], to: readonly string[], rule: string): void {
    const callers = this.index
      .referencesUnder(node, from)
      .flatMap((reference) => this.expand(reference.node));
    const callees = this.index.referencesUnder(node, to).filter((reference) => !isRedirect(reference));
    for (const reference of callees) {
      for (const callee of this.expand(reference.node)) {
        for (const caller of unique(callers)) this.add(caller, callee, node, reference, rule);
      }
    }
  }

  /**
   * Components running as a principal a policy names call the components it grants them. When several share the
   * principal and some of them name the granted component in their own configuration (a setting, a secret, a
   * build setting), those are the ones that use it: the grant only confirms their calls.
   */
  private policy(node: TfNode): void {
    const { principals, targets } = this.grantsOf(node);
    if (kindOf(node)?.role === "identity" && targets.length === 0) return;
    const callers = unique([...principals].flatMap((principal) => this.principalOwners(principal)));
    for (const reference of targets) {
      for (const callee of this.expand(reference.node)) {
        const namers = callers.filter((caller) =>
          this.found.calleesOf(caller.node.address).includes(callee.node.address),
        );
        for (const caller of namers.length > 0 ? namers : callers) {
          if (this.onlyPermitted(caller, callee, reference)) continue;
          this.add(caller, callee, reference.from, reference, "terraform/iam-policy");
        }
      }
    }
  }

  /**
   * A statement granting one set of actions on several components at once (every function of a module allowed on
   * both buckets) is written wider than the code: on a component the grantee's own configuration never names, while
   * that configuration names the components it does call, it only permits a call. A grant on one component alone
   * stays a call, a grantee naming nothing keeps its grants, and so does a grant on what triggers the grantee (a
   * function reading the bucket whose uploads invoke it).
   */
  private onlyPermitted(caller: ComponentRecord, callee: ComponentRecord, grant: NodeReference): boolean {
    const named = this.configured.get(caller.node.address);
    if (named?.has(callee.node.address)) return false;
    // A vault or secret is read by the name or URI its reader is configured with (a Key Vault reference, a
    // `valueFrom`): granted to a component that names it nowhere, it is only allowed.
    if (this.secrets.isHolder(callee)) return true;
    if (!named) return false;
    if (this.found.calleesOf(callee.node.address).includes(caller.node.address)) return false;
    const together = grantedTogether(grant, this.index.referencesOf(grant.from)) ?? [];
    return unique(together.flatMap((reference) => this.expand(reference.node))).length > 1;
  }

  /**
   * Principals (roles, service accounts, identities) named by a policy and the policies joined to it, and the
   * references to what they are granted.
   */
  private grantsOf(node: TfNode): { principals: Set<TfNode>; targets: NodeReference[] } {
    const principals = new Set<TfNode>();
    const targets: NodeReference[] = [];
    const seen = new Set<TfNode>();
    const walk = (current: TfNode): void => {
      if (seen.has(current)) return;
      seen.add(current);
      if (kindOf(current)?.role === "identity") principals.add(current);
      for (const reference of this.index.referencesOf(current)) {
        const role = kindOf(reference.node)?.role;
        const argument = reference.path.at(-1) ?? "";
        if (role === "identity") principals.add(reference.node);
        else if (role === "policy") walk(reference.node);
        else if (
          /^(principal_id|object_id|member|members)$/.test(argument) ||
          reference.attributes.includes("identity")
        ) {
          principals.add(reference.node);
        } else targets.push(reference);
      }
      // Attachments point at the policy; follow them back to reach the role.
      for (const reference of this.index.referrersOf(current)) {
        if (kindOf(reference.from)?.role === "policy") walk(reference.from);
      }
    };
    walk(node);
    return { principals, targets };
  }

  /**
   * Blocks that are no component but act for components, by address: a policy for the components granted it
   * (running as the role it is attached to, or a service module handed it in `policies`), a hop (a rendered
   * template) for the components that read it. What such a block reads from another root, those components read.
   */
  delegations(): Map<string, Delegation> {
    const found = new Map<string, Delegation>();
    for (const node of this.index.nodes) {
      if (this.owners.ownersOf(node).length > 0) continue;
      const role = kindOf(node)?.role;
      let users: ComponentRecord[] = [];
      if (role === "policy") users = this.granteesOf(node);
      else if (role === "hop")
        users = this.index.referrersOf(node).flatMap((reference) => this.owners.ownersOf(reference.from));
      if (users.length > 0)
        found.set(node.address, {
          components: unique(users).map((record) => record.node.address),
          grant: role === "policy",
        });
    }
    return found;
  }

  /** Components a policy is granted to: those running as its role, or a service module handed it in `policies`. */
  granteesOf(policy: TfNode): ComponentRecord[] {
    const { principals } = this.grantsOf(policy);
    const readers = this.index
      .referrersOf(policy)
      .flatMap((reference) => this.owners.ownersOf(reference.from));
    return unique([
      ...[...principals].flatMap((principal) => this.principalOwners(principal)),
      ...readers.filter((record) => record.kind === "service"),
    ]);
  }

  /**
   * Policies granted to no principal of this root (attached to a role another root makes, named by a variable), by
   * address: the components they grant on.
   */
  foreignGrants(): Map<string, string[]> {
    const found = new Map<string, string[]>();
    for (const node of this.index.nodes) {
      if (kindOf(node)?.role !== "policy") continue;
      const { principals, targets } = this.grantsOf(node);
      if (principals.size > 0) continue;
      const callees = unique(targets.flatMap((reference) => this.expand(reference.node)));
      if (callees.length > 0)
        found.set(
          node.address,
          callees.map((record) => record.node.address),
        );
    }
    return found;
  }

  /**
   * Components that run as a principal: they reference it directly or through an instance profile. The identity
   * running Terraform (a client-config data source) and user accounts are people: a database naming its
   * administrator or tenant through them does not run as them, and nothing they are granted is a call.
   */
  private principalOwners(principal: TfNode): ComponentRecord[] {
    if (OPERATOR_IDENTITIES.has(principal.type)) return [];
    const direct = this.owners.ownersOf(principal);
    if (direct.length > 0) return direct;
    return unique(
      this.index.referrersOf(principal).flatMap((reference) => {
        const kind = kindOf(reference.from);
        if (kind?.role === "identity" && kind.via?.includes(reference.path[0] ?? ""))
          return this.principalOwners(reference.from);
        return this.owners.ownersOf(reference.from);
      }),
    );
  }

  private groupOwners(group: TfNode): ComponentRecord[] {
    return unique(this.index.referrersOf(group).flatMap((reference) => this.owners.ownersOf(reference.from)));
  }

  private securityGroupRule(node: TfNode): void {
    const body = node.block.body;
    const group = this.index.referencesUnder(node, ["security_group_id"])[0];
    const other = this.index.referencesUnder(node, [
      "source_security_group_id",
      "referenced_security_group_id",
    ])[0];
    if (!group || !other) return;
    const type = evaluate(attribute(body, "type")?.expr, node.scope);
    const egress = type === "egress" || node.type === "aws_vpc_security_group_egress_rule";
    const [fromGroup, toGroup] = egress ? [group.node, other.node] : [other.node, group.node];
    this.groupEdges(fromGroup, toGroup, node, other, portOf(body, node));
  }

  private inlineSecurityGroupRules(node: TfNode): void {
    for (const direction of ["ingress", "egress"] as const) {
      for (const rule of blocksOf(node.block.body, direction)) {
        const port = portOf(rule.body, node);
        for (const reference of this.index.referencesOf(node)) {
          if (reference.path[0] !== direction || reference.line < rule.line) continue;
          if (kindOf(reference.node)?.role !== "identity") continue;
          const [from, to] = direction === "ingress" ? [reference.node, node] : [node, reference.node];
          this.groupEdges(from, to, node, reference, port);
        }
      }
    }
  }

  private groupEdges(
    fromGroup: TfNode,
    toGroup: TfNode,
    node: TfNode,
    reference: NodeReference,
    port: string,
  ): void {
    this.grants.push({
      callers: this.groupOwners(fromGroup),
      callees: this.groupOwners(toGroup),
      node,
      reference,
      port,
    });
  }

  /**
   * A grant into a group that holds both a proxy and what the proxy fronts (an RDS Proxy and its Aurora cluster
   * share one group so the proxy may reach the database) cannot say which of the two a member of the other group
   * calls: such a grant draws no call. Other grants call every member of the group they open.
   */
  private groupGrantEdges(): void {
    for (const { callers, callees, node, reference, port } of this.grants) {
      const fronts = (proxy: ComponentRecord): boolean =>
        proxy.kind === "gateway" &&
        this.found
          .calleesOf(proxy.node.address)
          .some((target) => callees.some((callee) => callee.node.address === target));
      if (callees.some(fronts)) continue;
      for (const caller of callers) {
        for (const callee of callees)
          this.add(caller, callee, node, reference, "terraform/security-group", port);
      }
    }
  }

  private add(
    from: ComponentRecord,
    to: ComponentRecord,
    node: TfNode,
    reference: NodeReference,
    rule: string,
    suffix = "",
  ): void {
    // A secret holder keeps values; it calls nothing.
    if (this.secrets.isHolder(from)) return;
    this.found.add(
      from.node.address,
      to.node.address,
      evidenceAt(
        { file: node.file, line: reference.line },
        rule,
        `${node.address}: ${reference.path.join(".")} = ${traversalText(reference.traversal)}${suffix}`,
      ),
    );
  }
}

/** The rule of a reference that names where the referring component's events come from, if it is one. */
function eventSourceRule(reference: NodeReference): string | undefined {
  if (isEventPattern(reference)) return "terraform/event-pattern";
  if (isEventTrigger(reference)) return "terraform/event-trigger";
  if (isEventSource(reference)) return "terraform/event-source-mapping";
  return undefined;
}

// Rules that only say "this component knows that address": a service reading its own public URL is not a call.
const SIMPLE_REFERENCES = new Set(["terraform/reference", "terraform/secret"]);

function portOf(body: Body, node: TfNode): string {
  const from = evaluate(attribute(body, "from_port")?.expr, node.scope);
  const to = evaluate(attribute(body, "to_port")?.expr, node.scope);
  if (typeof from !== "number") return "";
  return typeof to === "number" && to !== from ? ` ports ${from}-${to}` : ` port ${from}`;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** The identity applying the configuration, and user accounts: operators, never a workload's identity. */
const OPERATOR_IDENTITIES = new Set([
  "data.azurerm_client_config",
  "data.azuread_client_config",
  "data.azuread_user",
  "data.aws_caller_identity",
  "data.google_client_config",
  "data.google_client_openid_userinfo",
]);

/** Components a non-component block acts for; `grant`: it is a policy granting them what it names. */
export interface Delegation {
  components: string[];
  grant: boolean;
}
