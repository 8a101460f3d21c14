import { allAttributes, attribute, traversalText, traversalsIn } from "./ast.js";
import type { TfNode } from "./modules.js";

/**
 * A CloudFormation export read by name (`data.aws_cloudformation_export`) stands for the stack that exports it: a
 * stack of the same module given that same name for its template (the export's `name` expression appears among
 * the stack's arguments), or else the stack the read waits for (`depends_on`), which is how a configuration makes
 * sure the export exists before reading it.
 */
export function exportingStacks(node: TfNode): TfNode[] {
  const stacks = [...node.scope.nodes.values()].filter((other) => other.type === "aws_cloudformation_stack");
  if (stacks.length === 0) return [];
  const name = attribute(node.block.body, "name")?.expr;
  const nameText = name?.type === "traversal" ? traversalText(name) : undefined;
  if (nameText !== undefined) {
    const given = stacks.filter((stack) =>
      allAttributes(stack.block.body).some(({ attribute: argument }) =>
        traversalsIn(argument.expr).some((traversal) => traversalText(traversal) === nameText),
      ),
    );
    if (given.length > 0) return given;
  }
  const waitedFor = attribute(node.block.body, "depends_on")?.expr;
  const names = new Set(waitedFor ? traversalsIn(waitedFor).map(traversalText) : []);
  return stacks.filter((stack) => names.has(`${stack.type}.${stack.name}`));
}
