// Compiles one template string, once: compiled functions are cached by source text, so 10,000
// nodes share the same functions (DESIGN §3, performance). The engine is chosen per string: ejs
// when it holds `<%`, otherwise a Go template (Lynq's syntax) when it holds `{{`.
import * as ejs from 'ejs';
import { compileGoTemplate, GoTemplateSyntaxError } from './go-template/go-template';
import { goTemplateContextOf } from './go-template/go-template-scope';
import { RESERVED_WORD_HELPERS } from './template-helpers';

export type TemplateScope = Record<string, unknown>;
export type CompiledTemplate = ((scope: TemplateScope) => string) & {
  /** Go templates: Lynq's typed pipelines (`"{{ .x | int }}"`) render to a number or boolean. */
  typed?: (scope: TemplateScope) => string | number | boolean;
};

export class TemplateSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}

// HTML escaping is off: `<%= %>` outputs the value as-is (null/undefined as '').
const asIs = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

const cache = new Map<string, CompiledTemplate>();

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

export function compileTemplate(source: string): CompiledTemplate {
  const cached = cache.get(source);
  if (cached) return cached;
  if (templateEngineOf(source) === 'go') {
    const go = compileGo(source);
    cache.set(source, go);
    return go;
  }
  let fn: CompiledTemplate;
  try {
    fn = ejs.compile(source, { escape: asIs, compileDebug: false, _with: true, localsName: 'locals', client: false }) as CompiledTemplate;
  } catch (error) {
    // ejs appends a long hint paragraph; the first line is the useful part.
    const first = String((error as Error).message ?? error).split('\n')[0].trim();
    throw new TemplateSyntaxError(`ejs syntax error: ${first}${reservedWordHint(first)}`);
  }
  cache.set(source, fn);
  return fn;
}

/** `default(x, 'y')` is what a Lynq user writes first; JavaScript only says "Unexpected token 'default'". */
function reservedWordHint(message: string): string {
  const word = /Unexpected token '([A-Za-z]+)'/.exec(message)?.[1];
  const helper = word !== undefined ? RESERVED_WORD_HELPERS[word] : undefined;
  return helper !== undefined ? ` ('${word}' is a JavaScript reserved word: write ${helper})` : '';
}
