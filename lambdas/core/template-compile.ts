// Compiles one template string with ejs, once: compiled functions are cached by source text,
// so 10,000 nodes share the same functions (DESIGN §3, performance).
import * as ejs from 'ejs';
import { RESERVED_WORD_HELPERS } from './template-helpers';

export type TemplateScope = Record<string, unknown>;
export type CompiledTemplate = (scope: TemplateScope) => string;

export class TemplateSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}

// HTML escaping is off: `<%= %>` outputs the value as-is (null/undefined as '').
const asIs = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

const cache = new Map<string, CompiledTemplate>();

export function compileTemplate(source: string): CompiledTemplate {
  const cached = cache.get(source);
  if (cached) return cached;
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
