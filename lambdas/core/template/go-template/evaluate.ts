// Executes a parsed Go template against a node's values, as text/template does with
// `missingkey=error`. The tree is turned once into nested closures (an interpreter that skips
// re-walking the tree on every node); values are only ever data here, never code.
import { GoTemplateExecError, GoTemplateMissingKeyError, positionAt } from './go-template-error';
import { GO_FUNCTIONS, type CallContext } from './go-functions';
import type { Command, Operand, Pipeline, TemplateNode } from './parser';
import { hasKey, isMap, printValue, truth, TypedResult, typeName, unwrap, type GoMap } from './values';

/** What one render produced: the text, and the native value when Lynq's typed rule applies. */
export interface GoRenderOutput {
  text: string;
  /** Set when the whole output is one `int`/`float`/`bool` result (Lynq's typed pipelines). */
  native?: number | boolean;
}

const NO_VALUE = Symbol('no final value');
// {{break}} and {{continue}} unwind to their range as exceptions the range catches.
class BreakSignal extends Error {}
class ContinueSignal extends Error {}

const MAX_RANGE_ITEMS = 100_000;

interface State {
  source: string;
  data: GoMap;
  ctx: CallContext;
  vars: Array<{ name: string; value: unknown }>;
  text: string;
  /** Non-empty pieces written so far, and the typed result if the only one was typed. */
  pieces: number;
  typed: TypedResult | null;
}

type Exec = (state: State, dot: unknown) => void;
type Eval = (state: State, dot: unknown) => unknown;

function fail(state: State, pos: number, reason: string): never {
  throw new GoTemplateExecError(reason, positionAt(state.source, pos));
}

function emit(state: State, text: string, typed: TypedResult | null): void {
  if (text === '') return;
  state.text += text;
  state.pieces += 1;
  state.typed = state.pieces === 1 ? typed : null;
}

function lookupVariable(state: State, name: string, pos: number): unknown {
  for (let i = state.vars.length - 1; i >= 0; i -= 1) {
    const variable = state.vars[i];
    if (variable?.name === name) return variable.value;
  }
  return fail(state, pos, `undefined variable "${name}"`);
}

function fieldChain(state: State, start: unknown, path: string[], pos: number, fromRoot: boolean): unknown {
  let value = unwrap(start);
  let first = true;
  for (const name of path) {
    if (value === null || value === undefined) fail(state, pos, `nil pointer evaluating interface {}.${name}`);
    if (!isMap(value)) fail(state, pos, `can't evaluate field ${name} in type ${typeName(value)}`);
    if (!hasKey(value, name)) throw new GoTemplateMissingKeyError(name, fromRoot && first, positionAt(state.source, pos));
    value = unwrap(value[name]);
    first = false;
  }
  return value;
}

function compileOperand(operand: Operand): Eval {
  switch (operand.kind) {
    case 'dot':
      return (_state, dot) => dot;
    case 'literal': {
      const value = operand.value;
      return () => value;
    }
    case 'field': {
      const { path, pos } = operand;
      return (state, dot) => fieldChain(state, dot, path, pos, dot === state.data);
    }
    case 'variable': {
      const { name, path, pos } = operand;
      if (name === '$') return (state) => fieldChain(state, state.data, path, pos, true);
      return (state) => {
        const value = lookupVariable(state, name, pos);
        return fieldChain(state, value, path, pos, value === state.data);
      };
    }
    case 'function':
      return compileCall(operand.name, operand.pos, []);
    case 'pipeline': {
      const pipe = compilePipeline(operand.pipe);
      const { path, pos } = operand;
      return path.length === 0 ? pipe : (state, dot) => fieldChain(state, pipe(state, dot), path, pos, false);
    }
  }
}

/** A function call; `final` (the piped value) is passed by the pipeline as the last argument. */
function compileCall(name: string, pos: number, argNodes: Operand[]): (state: State, dot: unknown, final?: unknown) => unknown {
  const args = argNodes.map(compileOperand);
  if (name === 'and' || name === 'or') {
    // and/or stop at the first argument that decides, as in Go 1.18+.
    const stopOn = name === 'or';
    return (state, dot, final = NO_VALUE) => {
      let last: unknown = null;
      for (const arg of args) {
        last = arg(state, dot);
        if (truth(last) === stopOn) return last;
      }
      if (final !== NO_VALUE) last = final;
      return last;
    };
  }
  return (state, dot, final = NO_VALUE) => {
    const values = args.map((arg) => arg(state, dot));
    if (final !== NO_VALUE) values.push(final);
    try {
      return GO_FUNCTIONS.call(name, values, state.ctx);
    } catch (error) {
      if (error instanceof GoTemplateExecError) throw error;
      return fail(state, pos, `error calling ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}

function compileCommand(cmd: Command): (state: State, dot: unknown, final: unknown) => unknown {
  const [head, ...rest] = cmd.args;
  if (head.kind === 'function') return compileCall(head.name, head.pos, rest);
  const operand = compileOperand(head);
  return (state, dot) => operand(state, dot);
}

function compilePipeline(pipe: Pipeline): Eval {
  const [first, ...rest] = pipe.cmds;
  const head = compileCommand(first);
  const piped = rest.map(compileCommand);
  const { vars, assign } = pipe;
  const run: Eval = piped.length === 0
    ? (state, dot) => head(state, dot, NO_VALUE)
    : (state, dot) => {
      let value = head(state, dot, NO_VALUE);
      for (const cmd of piped) value = cmd(state, dot, value);
      return value;
    };
  if (vars.length === 0) return run;
  return (state, dot) => {
    const value = run(state, dot);
    for (const name of vars) {
      if (!assign) {
        state.vars.push({ name, value });
        continue;
      }
      for (let i = state.vars.length - 1; i >= 0; i -= 1) {
        const variable = state.vars[i];
        if (variable?.name === name) {
          variable.value = value;
          break;
        }
      }
    }
    return value;
  };
}

function compileList(nodes: TemplateNode[]): Exec {
  const steps = nodes.map(compileNode);
  const [only] = steps;
  if (only && steps.length === 1) return only;
  return (state, dot) => {
    for (const step of steps) step(state, dot);
  };
}

function compileRange(node: Extract<TemplateNode, { kind: 'range' }>): Exec {
  const source = compilePipeline({ ...node.pipe, vars: [] });
  const body = compileList(node.list);
  const elseBody = node.elseList ? compileList(node.elseList) : null;
  const [firstName, secondName] = node.pipe.vars;
  return (state, dot) => {
    const mark = state.vars.length;
    const value = unwrap(source(state, dot));
    let entries: Array<[unknown, unknown]>;
    if (Array.isArray(value)) entries = value.map((item, i) => [i, item]);
    else if (isMap(value)) entries = Object.keys(value).sort().map((key) => [key, value[key]]);
    else if (typeof value === 'number' && Number.isInteger(value)) {
      if (value > MAX_RANGE_ITEMS) fail(state, node.pos, `range over ${value} items is too many (at most ${MAX_RANGE_ITEMS})`);
      entries = Array.from({ length: Math.max(0, value) }, (_, i) => [i, i]);
    } else if (value === null || value === undefined) entries = [];
    else return fail(state, node.pos, `range can't iterate over ${typeName(value)}`);
    if (entries.length === 0) {
      if (elseBody) elseBody(state, dot);
      return;
    }
    for (const [key, item] of entries) {
      state.vars.length = mark;
      // {{range $v := ...}} binds the item; {{range $k, $v := ...}} the key and the item.
      if (firstName !== undefined && secondName === undefined) state.vars.push({ name: firstName, value: item });
      if (firstName !== undefined && secondName !== undefined) state.vars.push({ name: firstName, value: key }, { name: secondName, value: item });
      try {
        body(state, item);
      } catch (signal) {
        if (signal instanceof BreakSignal) break;
        if (!(signal instanceof ContinueSignal)) throw signal;
      }
    }
    state.vars.length = mark;
  };
}

function compileNode(node: TemplateNode): Exec {
  switch (node.kind) {
    case 'text': {
      const { text } = node;
      return (state) => { emit(state, text, null); };
    }
    case 'action': {
      const pipe = compilePipeline(node.pipe);
      if (node.pipe.vars.length > 0) return (state, dot) => void pipe(state, dot);
      return (state, dot) => {
        const value = pipe(state, dot);
        emit(state, printValue(value, true), value instanceof TypedResult ? value : null);
      };
    }
    case 'if':
    case 'with': {
      const pipe = compilePipeline(node.pipe);
      const body = compileList(node.list);
      const elseBody = node.elseList ? compileList(node.elseList) : null;
      const isWith = node.kind === 'with';
      return (state, dot) => {
        const mark = state.vars.length;
        const value = pipe(state, dot);
        if (truth(value)) body(state, isWith ? unwrap(value) : dot);
        else if (elseBody) elseBody(state, dot);
        state.vars.length = mark;
      };
    }
    case 'range':
      return compileRange(node);
    case 'break':
      return () => {
        throw new BreakSignal();
      };
    case 'continue':
      return () => {
        throw new ContinueSignal();
      };
  }
}

export type CompiledGoTemplate = (data: GoMap, ctx: CallContext) => GoRenderOutput;

export function compileGoTree(source: string, tree: TemplateNode[]): CompiledGoTemplate {
  const run = compileList(tree);
  return (data, ctx) => {
    const state: State = { source, data, ctx, vars: [{ name: '$', value: data }], text: '', pieces: 0, typed: null };
    run(state, data);
    return state.typed !== null ? { text: state.text, native: state.typed.value } : { text: state.text };
  };
}
