// Executes a parsed Go template against a node's values, as text/template does with
// `missingkey=error`. An interpreter over the tree: values are only ever data here, never code.
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
class BreakSignal {}
class ContinueSignal {}

const MAX_RANGE_ITEMS = 100_000;

class Execution {
  private readonly vars: Array<{ name: string; value: unknown }>;
  private pieces: string[] = [];
  private typedPieces: Array<TypedResult | null> = [];

  constructor(private readonly source: string, private readonly data: GoMap, private readonly ctx: CallContext) {
    this.vars = [{ name: '$', value: data }];
  }

  private fail(pos: number, reason: string): never {
    throw new GoTemplateExecError(reason, positionAt(this.source, pos));
  }

  output(): GoRenderOutput {
    const text = this.pieces.join('');
    const nonEmpty = this.pieces.map((piece, i) => [piece, this.typedPieces[i]] as const).filter(([piece]) => piece !== '');
    if (nonEmpty.length === 1 && nonEmpty[0][1] !== null) return { text, native: nonEmpty[0][1].value };
    return { text };
  }

  private emit(text: string, typed: TypedResult | null): void {
    this.pieces.push(text);
    this.typedPieces.push(typed);
  }

  walk(list: TemplateNode[], dot: unknown): void {
    for (const node of list) {
      switch (node.kind) {
        case 'text':
          this.emit(node.text, null);
          break;
        case 'action': {
          const value = this.evalPipeline(dot, node.pipe);
          if (node.pipe.vars.length === 0) this.emit(printValue(value, true), value instanceof TypedResult ? value : null);
          break;
        }
        case 'if':
        case 'with': {
          const mark = this.vars.length;
          const value = this.evalPipeline(dot, node.pipe);
          if (truth(value)) this.walk(node.list, node.kind === 'with' ? unwrap(value) : dot);
          else if (node.elseList) this.walk(node.elseList, dot);
          this.vars.length = mark;
          break;
        }
        case 'range':
          this.range(node, dot);
          break;
        case 'break':
          throw new BreakSignal();
        case 'continue':
          throw new ContinueSignal();
      }
    }
  }

  private range(node: Extract<TemplateNode, { kind: 'range' }>, dot: unknown): void {
    const mark = this.vars.length;
    const value = unwrap(this.evalPipeline(dot, { ...node.pipe, vars: [] }));
    let entries: Array<[unknown, unknown]>;
    if (Array.isArray(value)) entries = value.map((item, i) => [i, item]);
    else if (isMap(value)) entries = Object.keys(value).sort().map((key) => [key, value[key]]);
    else if (typeof value === 'number' && Number.isInteger(value)) {
      if (value > MAX_RANGE_ITEMS) this.fail(node.pos, `range over ${value} items is too many (at most ${MAX_RANGE_ITEMS})`);
      entries = Array.from({ length: Math.max(0, value) }, (_, i) => [i, i]);
    } else if (value === null || value === undefined) entries = [];
    else this.fail(node.pos, `range can't iterate over ${typeName(value)}`);
    if (entries.length === 0) {
      if (node.elseList) this.walk(node.elseList, dot);
      this.vars.length = mark;
      return;
    }
    for (const [key, item] of entries) {
      const names = node.pipe.vars;
      if (names.length === 1) this.vars.push({ name: names[0], value: item });
      if (names.length === 2) this.vars.push({ name: names[0], value: key }, { name: names[1], value: item });
      const inner = this.vars.length;
      try {
        this.walk(node.list, item);
      } catch (signal) {
        if (signal instanceof BreakSignal) {
          this.vars.length = mark;
          break;
        }
        if (!(signal instanceof ContinueSignal)) throw signal;
      }
      this.vars.length = inner;
      this.vars.length = mark;
    }
    this.vars.length = mark;
  }

  private evalPipeline(dot: unknown, pipe: Pipeline): unknown {
    let value: unknown = NO_VALUE;
    for (const cmd of pipe.cmds) value = this.evalCommand(dot, cmd, value);
    for (const name of pipe.vars) {
      if (pipe.assign) {
        const slot = [...this.vars].reverse().find((v) => v.name === name);
        if (slot) slot.value = value;
      } else {
        this.vars.push({ name, value });
      }
    }
    return value;
  }

  private evalCommand(dot: unknown, cmd: Command, final: unknown): unknown {
    const [head, ...rest] = cmd.args;
    if (head.kind === 'function') return this.callFunction(dot, head.name, head.pos, rest, final);
    return this.evalOperand(dot, head);
  }

  private callFunction(dot: unknown, name: string, pos: number, argNodes: Operand[], final: unknown): unknown {
    // and/or stop at the first argument that decides, as in Go 1.18+.
    if (name === 'and' || name === 'or') {
      const thunks = argNodes.map((arg) => () => this.evalOperand(dot, arg));
      if (final !== NO_VALUE) thunks.push(() => final);
      let last: unknown = null;
      for (const thunk of thunks) {
        last = thunk();
        if (truth(last) === (name === 'or')) return last;
      }
      return last;
    }
    const args = argNodes.map((arg) => this.evalOperand(dot, arg));
    if (final !== NO_VALUE) args.push(final);
    try {
      return GO_FUNCTIONS.call(name, args, this.ctx);
    } catch (error) {
      if (error instanceof GoTemplateExecError) throw error;
      this.fail(pos, `error calling ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private evalOperand(dot: unknown, operand: Operand): unknown {
    switch (operand.kind) {
      case 'dot':
        return dot;
      case 'literal':
        return operand.value;
      case 'field':
        return this.fieldChain(dot, operand.path, operand.pos, dot === this.data);
      case 'variable': {
        const slot = [...this.vars].reverse().find((v) => v.name === operand.name);
        if (!slot) this.fail(operand.pos, `undefined variable "${operand.name}"`);
        return this.fieldChain(slot.value, operand.path, operand.pos, slot.value === this.data);
      }
      case 'function':
        return this.callFunction(dot, operand.name, operand.pos, [], NO_VALUE);
      case 'pipeline':
        return this.fieldChain(this.evalPipeline(dot, operand.pipe), operand.path, operand.pos, false);
    }
  }

  private fieldChain(start: unknown, path: string[], pos: number, fromRoot: boolean): unknown {
    let value = unwrap(start);
    path.forEach((name, i) => {
      if (value === null || value === undefined) this.fail(pos, `nil pointer evaluating interface {}.${name}`);
      if (!isMap(value)) this.fail(pos, `can't evaluate field ${name} in type ${typeName(value)}`);
      if (!hasKey(value, name)) throw new GoTemplateMissingKeyError(name, fromRoot && i === 0, positionAt(this.source, pos));
      value = unwrap(value[name]);
    });
    return value;
  }
}

export function executeGoTemplate(source: string, tree: TemplateNode[], data: GoMap, ctx: CallContext): GoRenderOutput {
  const execution = new Execution(source, data, ctx);
  execution.walk(tree, data);
  return execution.output();
}
