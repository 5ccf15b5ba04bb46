// Translates one Go template (a form's string) into the equivalent ejs template, for
// `lynq-sfn convert`: teams that want one syntax. This works on the form's own text only; at
// render time Go templates are interpreted (go-template.ts), never translated.
// Whatever has no faithful ejs equivalent is refused with a reason, and the caller keeps the Go
// template as it is (it still works).
import { GO_FUNCTIONS } from './go-functions';
import { parseGoTemplate, type Command, type Operand, type Pipeline, type TemplateNode } from './parser';

export class NotConvertible extends Error {}

export interface EjsConversion {
  ejs: string;
  /** The Go template's whole output is a typed pipeline (`{{ .x | int }}`): native even when quoted. */
  typed: boolean;
}

function jsString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}'`;
}

const BINARY: Record<string, string> = { eq: '===', ne: '!==', lt: '<', le: '<=', gt: '>', ge: '>=' };
const SAME_NAME = new Set(['trunc63', 'sha1sum', 'toHost', 'int', 'float', 'bool', 'quote', 'b64enc', 'toJson', 'fromJson', 'date']);

class Converter {
  private counter = 0;

  /** dot: the JS expression `.` stands for, or null at the root (the node's variables). */
  list(nodes: TemplateNode[], dot: string | null): string {
    return nodes.map((node) => this.node(node, dot)).join('');
  }

  private fresh(): string {
    this.counter += 1;
    return `_dot${this.counter}`;
  }

  private node(node: TemplateNode, dot: string | null): string {
    switch (node.kind) {
      case 'text':
        // ejs's escapes for literal text: `<%%` and `%%>`.
        return node.text.replace(/<%/g, '<%%').replace(/%>/g, '%%>');
      case 'action': {
        const expr = this.pipeline(node.pipe, dot);
        if (node.pipe.vars.length === 0) return `<%= ${expr} %>`;
        const [name] = node.pipe.vars;
        return node.pipe.assign ? `<% ${name} = ${expr}; %>` : `<% let ${name} = ${expr}; %>`;
      }
      case 'if': {
        if (node.pipe.vars.length > 0) throw new NotConvertible('a variable declared in {{if}}');
        let out = `<% if (${this.pipeline(node.pipe, dot)}) { %>${this.list(node.list, dot)}`;
        let rest = node.elseList;
        for (let chained = elseIf(rest); chained; chained = elseIf(rest)) {
          out += `<% } else if (${this.pipeline(chained.pipe, dot)}) { %>${this.list(chained.list, dot)}`;
          rest = chained.elseList;
        }
        if (rest) out += `<% } else { %>${this.list(rest, dot)}`;
        return `${out}<% } %>`;
      }
      case 'with': {
        if (node.pipe.vars.length > 0) throw new NotConvertible('a variable declared in {{with}}');
        const inner = this.fresh();
        let out = `<% { const ${inner} = ${this.pipeline(node.pipe, dot)}; if (${inner}) { %>${this.list(node.list, inner)}`;
        if (node.elseList) out += `<% } else { %>${this.list(node.elseList, dot)}`;
        return `${out}<% } } %>`;
      }
      case 'range': {
        if (node.elseList) throw new NotConvertible('{{range}} with {{else}}');
        const items = this.fresh();
        const key = this.fresh();
        const value = this.fresh();
        const [first, second] = node.pipe.vars;
        const keyName = second !== undefined ? first : undefined;
        const valueName = second ?? first;
        const source = this.pipeline({ ...node.pipe, vars: [] }, dot);
        let head = `<% { const ${items} = ${source}; for (const ${key} of (Array.isArray(${items}) ? ${items}.keys() : Object.keys(${items}).sort())) { const ${value} = ${items}[${key}];`;
        if (keyName) head += ` let ${keyName} = ${key};`;
        if (valueName) head += ` let ${valueName} = ${value};`;
        return `${head} %>${this.list(node.list, value)}<% } } %>`;
      }
      case 'break':
        return '<% break; %>';
      case 'continue':
        return '<% continue; %>';
    }
  }

  private pipeline(pipe: Pipeline, dot: string | null): string {
    let expr: string | null = null;
    for (const cmd of pipe.cmds) expr = this.command(cmd, dot, expr);
    return expr ?? 'null';
  }

  private command(cmd: Command, dot: string | null, piped: string | null): string {
    const [head, ...rest] = cmd.args;
    if (head.kind !== 'function') return this.operand(head, dot);
    const args = rest.map((arg) => this.operand(arg, dot));
    if (piped !== null) args.push(piped);
    return this.call(head.name, args, rest);
  }

  private call(name: string, args: string[], argNodes: Operand[]): string {
    // Arity was checked by the parser; a missing argument reads as JavaScript's own.
    const arg = (i: number): string => args[i] ?? 'undefined';
    if (BINARY[name]) {
      if (name === 'eq' && args.length > 2) return `(${args.slice(1).map((other) => `${arg(0)} === ${other}`).join(' || ')})`;
      return `(${arg(0)} ${BINARY[name]} ${arg(1)})`;
    }
    if (SAME_NAME.has(name)) return `${name}(${args.join(', ')})`;
    const text = (i: number) => `String(${arg(i)} ?? '')`;
    switch (name) {
      case 'and': return `(${args.join(' && ')})`;
      case 'or': return `(${args.join(' || ')})`;
      case 'not': return `!(${arg(0)})`;
      case 'empty': return `!(${arg(0)})`;
      case 'default': return args.length === 1 ? arg(0) : `(${arg(1)} || ${arg(0)})`;
      case 'coalesce': return `(${[...args, 'null'].join(' || ')})`;
      case 'ternary': return `(${arg(2)} ? ${arg(0)} : ${arg(1)})`;
      case 'print': return args.length === 0 ? "''" : `(${["''", ...args.map((_, i) => text(i))].join(' + ')})`;
      case 'upper': return `${text(0)}.toUpperCase()`;
      case 'lower': return `${text(0)}.toLowerCase()`;
      case 'trim': return `${text(0)}.trim()`;
      case 'toString': return text(0);
      case 'atoi': return `int(${arg(0)})`;
      case 'contains': return `${text(1)}.includes(${arg(0)})`;
      case 'hasPrefix': return `${text(1)}.startsWith(${arg(0)})`;
      case 'hasSuffix': return `${text(1)}.endsWith(${arg(0)})`;
      case 'replace': return `${text(2)}.split(${arg(0)}).join(${arg(1)})`;
      case 'join': return `(${arg(1)}).join(${arg(0)})`;
      case 'list': return `[${args.join(', ')}]`;
      case 'now': return 'now';
      case 'index': {
        const [target, ...keys] = args;
        return `${target}${keys.map((key) => `[${key}]`).join('')}`;
      }
      case 'trunc': {
        const count = argNodes[0];
        if (count?.kind !== 'literal' || typeof count.value !== 'number') throw new NotConvertible('trunc with a count that is not a number literal');
        return count.value < 0 ? `${text(1)}.slice(${count.value})` : `${text(1)}.slice(0, ${count.value})`;
      }
      case 'dict': {
        if (argNodes.length !== args.length) throw new NotConvertible('dict in a pipeline');
        const pairs: string[] = [];
        for (let i = 0; i < args.length; i += 2) {
          const key = argNodes[i];
          if (key?.kind !== 'literal' || typeof key.value !== 'string') throw new NotConvertible('dict with a key that is not a string literal');
          pairs.push(`${jsString(key.value)}: ${args[i + 1] ?? "''"}`);
        }
        return `({ ${pairs.join(', ')} })`;
      }
      default:
        throw new NotConvertible(`the function "${name}" has no ejs equivalent here`);
    }
  }

  private path(base: string, path: string[]): string {
    return path.reduce((expr, name) => `${expr}.${name}`, base);
  }

  private operand(operand: Operand, dot: string | null): string {
    switch (operand.kind) {
      case 'dot':
        return dot ?? 'locals';
      case 'field':
        return dot === null ? this.path(operand.path[0], operand.path.slice(1)) : this.path(dot, operand.path);
      case 'variable':
        if (operand.name === '$') {
          const [root, ...fields] = operand.path;
          return root === undefined ? 'locals' : this.path(root, fields);
        }
        return this.path(operand.name, operand.path);
      case 'literal':
        if (typeof operand.value === 'string') return jsString(operand.value);
        return String(operand.value);
      case 'function':
        return this.call(operand.name, [], []);
      case 'pipeline':
        return this.path(`(${this.pipeline(operand.pipe, dot)})`, operand.path);
    }
  }
}

function isTypedPipeline(nodes: TemplateNode[]): boolean {
  const [only, ...others] = nodes.filter((node) => !(node.kind === 'text' && node.text === ''));
  if (!only || others.length > 0 || only.kind !== 'action' || only.pipe.vars.length > 0) return false;
  const last = only.pipe.cmds.at(-1)?.args[0];
  return last?.kind === 'function' && ['int', 'float', 'bool'].includes(last.name);
}

/** `{{else if}}`: an else branch that is one `if` declaring no variable. */
function elseIf(list: TemplateNode[] | null): Extract<TemplateNode, { kind: 'if' | 'with' }> | undefined {
  const [only, ...others] = list ?? [];
  return only?.kind === 'if' && others.length === 0 && only.pipe.vars.length === 0 ? only : undefined;
}

/** The ejs form of a Go template; throws GoTemplateSyntaxError or NotConvertible. */
export function goTemplateToEjs(source: string): EjsConversion {
  const nodes = parseGoTemplate(source, GO_FUNCTIONS);
  return { ejs: new Converter().list(nodes, null), typed: isTypedPipeline(nodes) };
}
