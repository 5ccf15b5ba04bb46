// Parses Go text/template tokens into a tree, as Go's text/template/parse does for the subset
// lynq-sfn accepts (README "Coming from Lynq"). Like Go, it checks at parse time that every
// function exists and every variable is declared; it also checks each function's number of
// arguments, so `validate` catches `{{ .uid | trunc }}` before any row is read.
import { GoTemplateSyntaxError, positionAt } from './go-template-error';
import { lexTemplate, type Token } from './lexer';

export type Operand =
  | { kind: 'dot'; pos: number }
  | { kind: 'field'; pos: number; path: NonEmpty<string> } // .a.b on dot
  | { kind: 'variable'; pos: number; name: string; path: string[] } // $x.a
  | { kind: 'function'; pos: number; name: string }
  | { kind: 'literal'; pos: number; value: string | number | boolean | null }
  | { kind: 'pipeline'; pos: number; pipe: Pipeline; path: string[] }; // (pipe).a

/** A list the parser never leaves empty. */
export type NonEmpty<T> = [T, ...T[]];

export interface Command {
  pos: number;
  args: NonEmpty<Operand>;
}

export interface Pipeline {
  pos: number;
  /** Declared or assigned variables ($x := / $x = / $i, $v :=). */
  vars: string[];
  assign: boolean;
  cmds: NonEmpty<Command>;
}

export type TemplateNode =
  | { kind: 'text'; pos: number; text: string }
  | { kind: 'action'; pos: number; pipe: Pipeline }
  | { kind: 'if' | 'with'; pos: number; pipe: Pipeline; list: TemplateNode[]; elseList: TemplateNode[] | null }
  | { kind: 'range'; pos: number; pipe: Pipeline; list: TemplateNode[]; elseList: TemplateNode[] | null }
  | { kind: 'break' | 'continue'; pos: number };

/** What the parser needs to know about functions: which exist, which are refused, their arity. */
export interface FunctionCatalog {
  arity(name: string): { min: number; max: number } | undefined;
  refusal(name: string): string | undefined;
}

const KEYWORDS = new Set(['if', 'else', 'end', 'range', 'with', 'break', 'continue', 'define', 'template', 'block', 'nil', 'true', 'false']);
const UNSUPPORTED = new Set(['define', 'template', 'block']);

class Parser {
  private i = 0;
  private scopes: string[][] = [['$']];
  private rangeDepth = 0;

  constructor(private readonly source: string, private readonly tokens: Token[], private readonly functions: FunctionCatalog) {}

  private fail(pos: number, reason: string): never {
    throw new GoTemplateSyntaxError(reason, positionAt(this.source, pos));
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }

  private next(): Token {
    const token = this.tokens[this.i];
    if (!token) this.fail(this.source.length, 'unexpected end of template');
    this.i += 1;
    return token;
  }

  private expect(kind: Token['kind'], what: string): Token {
    const token = this.next();
    if (token.kind !== kind) this.fail(token.pos, `unexpected ${this.describe(token)} ${what}`);
    return token;
  }

  private describe(token: Token): string {
    if (token.kind === 'close') return '"}}"';
    if (token.kind === 'string') return `quoted string ${JSON.stringify(token.value)}`;
    return `"${token.value}"`;
  }

  private declare(name: string): void {
    // The root scope (`$`) is never closed, so there is always an innermost one.
    this.scopes.at(-1)?.push(name);
  }

  private isDeclared(name: string): boolean {
    return this.scopes.some((scope) => scope.includes(name));
  }

  /** The whole template; `until` names the keywords that end a nested list. */
  parseList(until: ReadonlySet<string>): { list: TemplateNode[]; stop: string | null; stopPos: number } {
    const list: TemplateNode[] = [];
    while (this.i < this.tokens.length) {
      const token = this.next();
      if (token.kind === 'text') {
        list.push({ kind: 'text', pos: token.pos, text: token.value });
        continue;
      }
      // token is `{{`
      const head = this.peek();
      if (head?.kind === 'identifier' && KEYWORDS.has(head.value) && !['nil', 'true', 'false'].includes(head.value)) {
        const keyword = head.value;
        if (UNSUPPORTED.has(keyword)) this.fail(head.pos, `"${keyword}" is not supported: a form's string is one template`);
        if (until.has(keyword)) {
          this.next();
          return { list, stop: keyword, stopPos: head.pos };
        }
        if (keyword === 'end' || keyword === 'else') this.fail(head.pos, `unexpected {{${keyword}}}`);
        this.next();
        list.push(this.parseKeyword(keyword, head.pos));
        continue;
      }
      const pipe = this.parsePipeline(token.pos, true);
      this.expect('close', 'in command');
      list.push({ kind: 'action', pos: token.pos, pipe });
    }
    if (until.size > 0) this.fail(this.source.length, 'unexpected EOF: an {{if}}, {{with}} or {{range}} has no {{end}}');
    return { list, stop: null, stopPos: this.source.length };
  }

  private parseKeyword(keyword: string, pos: number): TemplateNode {
    if (keyword === 'break' || keyword === 'continue') {
      if (this.rangeDepth === 0) this.fail(pos, `{{${keyword}}} outside {{range}}`);
      this.expect('close', `in {{${keyword}}}`);
      return { kind: keyword, pos };
    }
    const kind = keyword as 'if' | 'with' | 'range';
    this.scopes.push([]);
    const pipe = this.parsePipeline(pos, true, kind === 'range');
    this.expect('close', `in {{${kind}}}`);
    if (kind === 'range') this.rangeDepth += 1;
    const body = this.parseList(new Set(['end', 'else']));
    if (kind === 'range') this.rangeDepth -= 1;
    let elseList: TemplateNode[] | null = null;
    if (body.stop === 'else') {
      const chained = this.peek();
      if (chained?.kind === 'identifier' && (chained.value === 'if' || chained.value === 'with') && kind !== 'range') {
        // {{else if ...}} / {{else with ...}}: a nested if/with that shares this {{end}}.
        if (chained.value !== kind) this.fail(chained.pos, `{{else ${chained.value}}} inside {{${kind}}}`);
        this.next();
        this.scopes.pop();
        this.scopes.push([]);
        elseList = [this.parseKeyword(chained.value, chained.pos)];
        this.scopes.pop();
        return { kind, pos, pipe, list: body.list, elseList };
      }
      this.expect('close', 'in {{else}}');
      const rest = this.parseList(new Set(['end']));
      elseList = rest.list;
    }
    this.expect('close', 'in {{end}}');
    this.scopes.pop();
    return { kind, pos, pipe, list: body.list, elseList };
  }

  private parsePipeline(pos: number, allowDecl: boolean, allowTwo = false): Pipeline {
    const vars: string[] = [];
    let assign = false;
    // $x := / $x = / $i, $v :=
    if (allowDecl && this.peek()?.kind === 'variable') {
      const after = this.peek(1);
      if (after?.kind === 'declare' || after?.kind === 'assign' || (allowTwo && after?.kind === 'comma')) {
        const first = this.next();
        vars.push(first.value);
        if (after.kind === 'comma') {
          this.next();
          vars.push(this.expect('variable', 'after "," in range declaration').value);
        }
        const op = this.next();
        if (op.kind !== 'declare' && op.kind !== 'assign') this.fail(op.pos, `unexpected ${this.describe(op)} in variable declaration`);
        assign = op.kind === 'assign';
        if (assign && vars.length > 1) this.fail(op.pos, 'range can only initialize variables with :=');
        if (assign) for (const name of vars) if (!this.isDeclared(name)) this.fail(first.pos, `undefined variable "${name}"`);
      }
    }
    const cmds: NonEmpty<Command> = [this.parseCommand(false)];
    while (this.peek()?.kind === 'pipe') {
      this.next();
      cmds.push(this.parseCommand(true));
    }
    if (!assign) for (const name of vars) this.declare(name);
    return { pos, vars, assign, cmds };
  }

  private parseCommand(piped: boolean): Command {
    const start = this.peek();
    if (!start) this.fail(this.source.length, 'unexpected end of template');
    const args: Operand[] = [];
    for (let token = this.peek(); token && token.kind !== 'close' && token.kind !== 'pipe' && token.kind !== 'rparen'; token = this.peek()) {
      if (args.length > 0 && !token.spaced && token.kind !== 'lparen') this.fail(token.pos, `missing space before ${this.describe(token)}`);
      args.push(this.parseOperand());
    }
    const [head, ...rest] = args;
    if (!head) this.fail(start.pos, start.kind === 'close' ? 'missing value for command' : `unexpected ${this.describe(start)} in command`);
    if (head.kind === 'function') {
      this.checkArity(head.name, head.pos, args.length - 1 + (piped ? 1 : 0));
    } else if (rest[0] || piped) {
      const what = head.kind === 'literal' ? 'a constant' : head.kind === 'dot' ? 'dot' : 'a value';
      this.fail(piped || !rest[0] ? start.pos : rest[0].pos, piped ? `non-function ${this.source.slice(head.pos).split(/[\s|)}]/)[0]} in a pipeline (after "|" comes a function)` : `can't give arguments to ${what}`);
    }
    // A function named as an argument is called with no arguments (e.g. `date "2006" now`).
    for (const arg of rest) if (arg.kind === 'function') this.checkArity(arg.name, arg.pos, 0);
    return { pos: start.pos, args: [head, ...rest] };
  }

  private checkArity(name: string, pos: number, count: number): void {
    const arity = this.functions.arity(name);
    if (!arity) return;
    if (count < arity.min || count > arity.max) {
      const want = arity.min === arity.max ? `${arity.min}` : arity.max === Infinity ? `at least ${arity.min}` : `${arity.min} to ${arity.max}`;
      this.fail(pos, `wrong number of arguments for ${name}: want ${want}, got ${count}`);
    }
  }

  private fieldChain(): string[] {
    const path: string[] = [];
    for (let token = this.peek(); token?.kind === 'field' && !token.spaced; token = this.peek()) path.push(this.next().value);
    return path;
  }

  private parseOperand(): Operand {
    const token = this.next();
    switch (token.kind) {
      case 'dot':
        if (this.peek()?.kind === 'field' && !this.peek()?.spaced) this.fail(token.pos, 'unexpected . after term "."');
        return { kind: 'dot', pos: token.pos };
      case 'field':
        return { kind: 'field', pos: token.pos, path: [token.value, ...this.fieldChain()] };
      case 'variable':
        if (!this.isDeclared(token.value)) this.fail(token.pos, `undefined variable "${token.value}"`);
        return { kind: 'variable', pos: token.pos, name: token.value, path: this.fieldChain() };
      case 'string':
        return { kind: 'literal', pos: token.pos, value: token.value };
      case 'number':
        return { kind: 'literal', pos: token.pos, value: token.number ?? 0 };
      case 'lparen': {
        const pipe = this.parsePipeline(token.pos, false);
        this.expect('rparen', 'in parenthesized pipeline');
        return { kind: 'pipeline', pos: token.pos, pipe, path: this.fieldChain() };
      }
      case 'identifier': {
        if (token.value === 'true' || token.value === 'false') return { kind: 'literal', pos: token.pos, value: token.value === 'true' };
        if (token.value === 'nil') return { kind: 'literal', pos: token.pos, value: null };
        if (KEYWORDS.has(token.value)) this.fail(token.pos, `unexpected keyword "${token.value}" in command`);
        const refusal = this.functions.refusal(token.value);
        if (refusal !== undefined) this.fail(token.pos, `function "${token.value}" is refused: ${refusal}`);
        if (!this.functions.arity(token.value)) this.fail(token.pos, `function "${token.value}" not defined`);
        return { kind: 'function', pos: token.pos, name: token.value };
      }
      default:
        this.fail(token.pos, `unexpected ${this.describe(token)} in operand`);
    }
  }
}

/** Parses a template string; throws GoTemplateSyntaxError with line and column. */
export function parseGoTemplate(source: string, functions: FunctionCatalog): TemplateNode[] {
  const parser = new Parser(source, lexTemplate(source), functions);
  return parser.parseList(new Set()).list;
}
