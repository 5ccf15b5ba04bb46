// Compiles one template string, once: compiled functions are cached by source text, so 10,000
// nodes share the same functions (DESIGN §3, performance). The engine is chosen per string: ejs
// when it holds `<%`, otherwise a Go template (Lynq's syntax) when it holds `{{`. An ejs function
// runs in the template realm (template-sandbox), never in Node's own: ejs only writes its source.
// A Go template is interpreted here: its values are data to the interpreter, never code.
import * as ejs from 'ejs';
import { compileInSandbox, type TemplateScope } from './template-sandbox';
import { confinementProblem } from './template-refusal';
import { boundedTemplateNames } from './template-termination';
import { compileGoTemplate, GoTemplateSyntaxError } from './go-template/go-template';
import { goTemplateContextOf } from './go-template/go-template-scope';
import { RESERVED_WORD_HELPERS, textOf } from './template-helpers';

export type { TemplateScope } from './template-sandbox';

/** A compiled template: call it with a scope made by `templateScope` (template-render). */
export type CompiledTemplate = ((scope: TemplateScope) => string) & {
  /** Go templates only: Lynq's typed pipelines (`"{{ .x | int }}"`) render to a number or boolean. */
  typed?: (scope: TemplateScope) => string | number | boolean;
};

// Kept beside the functions, not on them: they belong to the template realm, which must never
// hold an object of this one.
const boundedNames = new WeakMap<CompiledTemplate, readonly string[]>();

/**
 * The names a template reads when it provably finishes quickly as long as each of them is in
 * its scope (template-termination); undefined for any other template, which runs under the watchdog.
 */
export function boundedNamesOf(fn: CompiledTemplate): readonly string[] | undefined {
  return boundedNames.get(fn);
}

export class TemplateSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}

// HTML escaping is off: `<%= %>` outputs the value as-is (null/undefined as ''). The realm
// passes its own copy; ejs writes this one's text into the source as a fallback, so it is a
// function declaration (`escapeFn || (v) => …` would not parse).
function asIs(value: unknown): string {
  return textOf(value);
}

const cache = new Map<string, CompiledTemplate>();

function firstLine(error: unknown): string {
  const message = error !== null && typeof error === 'object' ? (error as { message?: unknown }).message : error;
  return (String(message ?? error).split('\n')[0] ?? '').trim();
}

/** ejs when the string holds an ejs tag; a Go template otherwise. */
export function templateEngineOf(source: string): 'ejs' | 'go' {
  return source.includes('<%') || !source.includes('{{') ? 'ejs' : 'go';
}

function compileGo(source: string): CompiledTemplate {
  let template;
  try {
    template = compileGoTemplate(source);
  } catch (error) {
    if (error instanceof GoTemplateSyntaxError) throw new TemplateSyntaxError(error.message);
    throw error;
  }
  const execute = (scope: TemplateScope) => {
    const { data, now } = goTemplateContextOf(scope);
    return template.execute(data, { now });
  };
  const fn: CompiledTemplate = (scope) => execute(scope).text;
  fn.typed = (scope) => {
    const out = execute(scope);
    return out.native ?? out.text;
  };
  return fn;
}

function compileEjs(source: string): CompiledTemplate {
  const refused = confinementProblem(source);
  if (refused !== null) throw new TemplateSyntaxError(refused);
  let functionSource: string;
  try {
    functionSource = ejs.compile(source, { escape: asIs, compileDebug: false, _with: true, localsName: 'locals', client: true }).toString();
  } catch (error) {
    // ejs appends a long hint paragraph; the first line is the useful part.
    const first = firstLine(error);
    throw new TemplateSyntaxError(`ejs syntax error: ${first}${reservedWordHint(first)}`);
  }
  let run: CompiledTemplate;
  try {
    run = compileInSandbox(functionSource);
  } catch (error) {
    const first = firstLine(error);
    throw new TemplateSyntaxError(`ejs syntax error: ${first}${reservedWordHint(first)}`);
  }
  const names = boundedTemplateNames(source);
  if (names !== null) boundedNames.set(run, Object.freeze(names));
  return run;
}

/** Throws TemplateSyntaxError for a syntax error, and for ejs code that tries to leave its realm. */
export function compileTemplate(source: string): CompiledTemplate {
  const cached = cache.get(source);
  if (cached) return cached;
  const fn = templateEngineOf(source) === 'go' ? compileGo(source) : compileEjs(source);
  cache.set(source, fn);
  return fn;
}

/** `default(x, 'y')` is what a Lynq user writes first; JavaScript only says "Unexpected token 'default'". */
function reservedWordHint(message: string): string {
  const word = /Unexpected token '([A-Za-z]+)'/.exec(message)?.[1];
  const helper = word !== undefined ? RESERVED_WORD_HELPERS[word] : undefined;
  return helper !== undefined ? ` ('${word}' is a JavaScript reserved word: write ${helper})` : '';
}
