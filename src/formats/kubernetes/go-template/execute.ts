import { BudgetError, TemplateError } from "./errors.js";
import { callFunction, isFunctionName } from "./functions.js";
import { parseTemplate, type Node, type Operand, type Pipeline } from "./parse.js";
import { fieldOf, isTruthy, printValue, type Method } from "./values.js";

/** What one render may cost: every node, call and range item is a step; output and nesting are capped too. */
export interface RenderLimits {
  maxSteps: number;
  maxOutput: number;
  maxDepth: number;
  maxRangeItems: number;
}

export const DEFAULT_LIMITS: RenderLimits = {
  maxSteps: 400_000,
  maxOutput: 2 * 1024 * 1024,
  maxDepth: 40,
  maxRangeItems: 10_000,
};

class BreakSignal {}
class ContinueSignal {}

/** Where a document went wrong: the template line and why. */
export interface Unrendered {
  line: number;
  reason: string;
}

/** Marks output that could not be rendered; any document holding it is dropped. */
export const UNRENDERED_MARK = "\u0000unrendered:";

export interface RenderResult {
  text: string;
  /** Template line (1-based) of each output line. */
  lines: number[];
  unrendered: Unrendered[];
}

/** Shared by every template of one chart: the defines, the budget, what went wrong. */
export class TemplateSet {
  readonly defines = new Map<string, Node[]>();
  steps = 0;
  readonly unrendered: Unrendered[] = [];

  constructor(readonly limits: RenderLimits = DEFAULT_LIMITS) {}

  /** Adds a file's defines; the first definition of a name wins. */
  addDefines(defines: Map<string, Node[]>): void {
    for (const [name, body] of defines) if (!this.defines.has(name)) this.defines.set(name, body);
  }

  step(): void {
    if (++this.steps > this.limits.maxSteps) throw new BudgetError(`more than ${this.limits.maxSteps} steps`);
  }
}

class Output {
  text = "";
  readonly lines: number[] = [];
  private outLine = 0;

  constructor(private readonly maxOutput: number) {}

  write(text: string, line: number, advance: boolean): void {
    let sourceLine = line;
    let start = 0;
    for (;;) {
      const newline = text.indexOf("\n", start);
      const piece = newline < 0 ? text.slice(start) : text.slice(start, newline + 1);
      if (piece.length > 0 && this.lines.length <= this.outLine) this.lines.push(sourceLine);
      this.text += piece;
      if (newline < 0) break;
      this.outLine++;
      start = newline + 1;
      if (advance) sourceLine++;
    }
    if (this.text.length > this.maxOutput) throw new BudgetError(`output over ${this.maxOutput} characters`);
  }
}

interface Scope {
  variables: Map<string, unknown>;
  parent: Scope | undefined;
}

interface State {
  set: TemplateSet;
  out: Output;
  depth: number;
  /** Inside an include or tpl: the line of the file being rendered that called it, which its output is cited at. */
  siteLine: number | undefined;
  /** The template line of the action being run. */
  line: number;
}

/** Renders one template file's output with `data` as dot. Throws only BudgetError. */
export function renderTemplate(set: TemplateSet, nodes: Node[], data: unknown): RenderResult {
  const state: State = { set, out: new Output(set.limits.maxOutput), depth: 0, siteLine: undefined, line: 1 };
  const scope: Scope = { variables: new Map([["", data]]), parent: undefined };
  const first = set.unrendered.length;
  try {
    executeList(state, nodes, data, scope);
  } catch (error) {
    if (error instanceof BreakSignal || error instanceof ContinueSignal) {
      // `break` outside a range: Go rejects the template.
      poison(state, 0, "break or continue outside range");
    } else throw placed(error, state);
  }
  return { text: state.out.text, lines: state.out.lines, unrendered: set.unrendered.slice(first) };
}

/** A budget spent, or the call stack run out by nesting, at the line of this template that was rendering. */
function placed(error: unknown, state: State): unknown {
  const spent = error instanceof RangeError ? new BudgetError("templates nested too deep") : error;
  if (spent instanceof BudgetError) spent.line ??= state.siteLine ?? state.line;
  return spent;
}

function poison(state: State, line: number, reason: string): void {
  const at = state.siteLine ?? line;
  state.set.unrendered.push({ line: at, reason });
  state.out.write(`${UNRENDERED_MARK}${state.set.unrendered.length - 1}\u0000`, at, false);
}

function executeList(state: State, nodes: Node[], dot: unknown, scope: Scope): void {
  for (const node of nodes) executeNode(state, node, dot, scope);
}

function executeNode(state: State, node: Node, dot: unknown, scope: Scope): void {
  state.set.step();
  if (node.type === "text") {
    const inside = state.siteLine !== undefined;
    state.out.write(node.text, inside ? (state.siteLine as number) : node.line, !inside);
    return;
  }
  if (node.type === "break") throw new BreakSignal();
  if (node.type === "continue") throw new ContinueSignal();
  if (node.type === "unsupported") {
    poison(state, node.line, node.reason);
    return;
  }
  state.line = node.line;
  try {
    executeAction(state, node, dot, scope);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    poison(state, node.line, error.message);
  }
}

function executeAction(
  state: State,
  node: Exclude<Node, { type: "text" | "break" | "continue" | "unsupported" }>,
  dot: unknown,
  scope: Scope,
): void {
  switch (node.type) {
    case "action": {
      const value = evalPipeline(state, node.pipe, dot, scope);
      if (node.pipe.declare.length === 0) state.out.write(printValue(value), node.line, false);
      return;
    }
    case "if":
    case "with":
      for (const branch of node.branches) {
        const inner = child(scope);
        const value = evalPipeline(state, branch.pipe, dot, inner);
        if (isTruthy(value)) {
          executeList(state, branch.body, node.type === "with" ? value : dot, inner);
          return;
        }
      }
      executeList(state, node.otherwise, dot, child(scope));
      return;
    case "range":
      executeRange(state, node, dot, scope);
      return;
    case "template":
      state.out.write(
        include(state, node.name, node.pipe ? evalPipeline(state, node.pipe, dot, scope) : null),
        node.line,
        false,
      );
      return;
  }
}

function executeRange(
  state: State,
  node: Extract<Node, { type: "range" }>,
  dot: unknown,
  scope: Scope,
): void {
  const inner = child(scope);
  const pipe: Pipeline = { ...node.pipe, declare: [] };
  const value = evalPipeline(state, pipe, dot, inner);
  const items = rangeItems(value, state.set.limits.maxRangeItems);
  if (items.length === 0) {
    executeList(state, node.otherwise, dot, child(scope));
    return;
  }
  for (const [key, item] of items) {
    const body = child(inner);
    const names = node.pipe.declare;
    if (names.length === 1) body.variables.set(names[0] as string, item);
    if (names.length === 2) {
      body.variables.set(names[0] as string, key);
      body.variables.set(names[1] as string, item);
    }
    try {
      executeList(state, node.body, item, body);
    } catch (error) {
      if (error instanceof BreakSignal) break;
      if (!(error instanceof ContinueSignal)) throw error;
    }
  }
}

function rangeItems(value: unknown, max: number): [unknown, unknown][] {
  let items: [unknown, unknown][];
  if (value === null || value === undefined) items = [];
  else if (Array.isArray(value)) items = value.map((item, index) => [index, item]);
  else if (typeof value === "number" && Number.isInteger(value)) {
    if (value > max) throw new BudgetError(`range over ${value} items`);
    items = Array.from({ length: Math.max(0, value) }, (_, index) => [index, index]);
  } else if (typeof value === "object") {
    items = Object.keys(value)
      .sort()
      .map((key) => [key, (value as Record<string, unknown>)[key]]);
  } else throw new TemplateError(`range can't iterate over ${printValue(value)}`);
  if (items.length > max) throw new BudgetError(`range over ${items.length} items`);
  return items;
}

function child(scope: Scope): Scope {
  return { variables: new Map(), parent: scope };
}

function lookupVariable(scope: Scope, name: string): { found: boolean; value: unknown; scope?: Scope } {
  for (let at: Scope | undefined = scope; at; at = at.parent) {
    if (at.variables.has(name)) return { found: true, value: at.variables.get(name), scope: at };
  }
  return { found: false, value: undefined };
}

function evalPipeline(state: State, pipe: Pipeline, dot: unknown, scope: Scope): unknown {
  if (pipe.error !== undefined) throw new TemplateError(pipe.error);
  let value: unknown;
  let piped = false;
  for (const command of pipe.commands) {
    value = evalCommand(state, command, dot, scope, piped ? { value } : undefined);
    piped = true;
  }
  for (const name of pipe.declare) {
    if (pipe.assign) {
      const found = lookupVariable(scope, name);
      if (!found.scope) throw new TemplateError(`undefined variable $${name}`);
      found.scope.variables.set(name, value);
    } else scope.variables.set(name, value);
  }
  return value;
}

function evalCommand(
  state: State,
  command: Operand[],
  dot: unknown,
  scope: Scope,
  piped: { value: unknown } | undefined,
): unknown {
  state.set.step();
  const [head, ...rest] = command as [Operand, ...Operand[]];
  if (head.type === "function") {
    if (head.name === "and" || head.name === "or")
      return shortCircuit(state, head.name, rest, dot, scope, piped);
    const args = rest.map((operand) => evalOperand(state, operand, dot, scope, []));
    if (piped) args.push(piped.value);
    return call(state, head.name, args, dot);
  }
  const extra = rest.map((operand) => evalOperand(state, operand, dot, scope, []));
  if (piped) extra.push(piped.value);
  return evalOperand(state, head, dot, scope, extra, true);
}

// Go evaluates `and`/`or` arguments lazily: `and .Values.a .Values.a.b` must not fail when a is missing.
function shortCircuit(
  state: State,
  name: "and" | "or",
  operands: Operand[],
  dot: unknown,
  scope: Scope,
  piped: { value: unknown } | undefined,
): unknown {
  if (operands.length === 0 && !piped) throw new TemplateError(`${name} needs arguments`);
  let value: unknown;
  const total = operands.length + (piped ? 1 : 0);
  for (let index = 0; index < total; index++) {
    const operand = operands[index];
    value = operand ? evalOperand(state, operand, dot, scope, []) : piped?.value;
    if (name === "and" ? !isTruthy(value) : isTruthy(value)) return value;
  }
  return value;
}

function call(state: State, name: string, args: unknown[], dot: unknown): unknown {
  if (name === "include") {
    if (typeof args[0] !== "string") throw new TemplateError("include needs a template name");
    return include(state, args[0], args[1] ?? null);
  }
  if (name === "tpl") {
    if (typeof args[0] !== "string") throw new TemplateError("tpl needs a string");
    return tpl(state, args[0], args[1] ?? dot);
  }
  if (!isFunctionName(name)) throw new TemplateError(`function "${name}" is not supported`);
  return callFunction(name, args);
}

function include(state: State, name: string, data: unknown): string {
  const body = state.set.defines.get(name);
  if (!body) throw new TemplateError(`no template "${name}"`);
  return renderNested(state, body, data);
}

function tpl(state: State, text: string, data: unknown): string {
  const parsed = parseTemplate(text);
  state.set.addDefines(parsed.defines);
  return renderNested(state, parsed.nodes, data);
}

function renderNested(state: State, nodes: Node[], data: unknown): string {
  if (state.depth >= state.set.limits.maxDepth)
    throw new BudgetError(`templates nested over ${state.set.limits.maxDepth} deep`);
  const nested: State = {
    ...state,
    out: new Output(state.set.limits.maxOutput),
    depth: state.depth + 1,
    siteLine: state.siteLine ?? state.line,
  };
  const scope: Scope = { variables: new Map([["", data]]), parent: undefined };
  try {
    executeList(nested, nodes, data, scope);
  } catch (error) {
    if (error instanceof BreakSignal || error instanceof ContinueSignal)
      throw new TemplateError("break outside range");
    throw error;
  }
  return nested.out.text;
}

function evalOperand(
  state: State,
  operand: Operand,
  dot: unknown,
  scope: Scope,
  args: unknown[],
  isCommand = false,
): unknown {
  switch (operand.type) {
    case "literal":
      if (args.length > 0) throw new TemplateError("can't give arguments to a constant");
      return operand.value;
    case "function":
      if (!isCommand) return call(state, operand.name, [], dot);
      return call(state, operand.name, args, dot);
    case "dot":
      return walkFields(dot, operand.fields, args, state);
    case "variable": {
      const found = lookupVariable(scope, operand.name);
      if (!found.found) throw new TemplateError(`undefined variable $${operand.name}`);
      return walkFields(found.value, operand.fields, args, state);
    }
    case "pipe":
      return walkFields(evalPipeline(state, operand.pipe, dot, child(scope)), operand.fields, args, state);
  }
}

function walkFields(start: unknown, fields: string[], args: unknown[], state: State): unknown {
  let value = start;
  let called = false;
  for (const [index, field] of fields.entries()) {
    const next = fieldOf(value, field);
    const last = index === fields.length - 1;
    if (typeof next === "function") {
      state.set.step();
      value = (next as Method)(...(last ? args : []));
      called = last;
    } else value = next;
  }
  if (args.length > 0 && !called)
    throw new TemplateError(`.${fields.join(".")} is not a method but has arguments`);
  return value;
}
