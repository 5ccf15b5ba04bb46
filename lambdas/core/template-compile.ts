// Compiles one template string with ejs, once: compiled functions are cached by source text,
// so 10,000 nodes share the same functions (DESIGN §3, performance). The function runs in the
// template realm (template-sandbox), never in Node's own: ejs only writes its source.
import * as ejs from 'ejs';
import { compileInSandbox, type TemplateScope } from './template-sandbox';
import { confinementProblem } from './template-refusal';
import { boundedTemplateNames } from './template-termination';

export type { TemplateScope } from './template-sandbox';

/** A compiled template: call it with a scope made by `newScope` (template-sandbox). */
export type CompiledTemplate = (scope: TemplateScope) => string;

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
  return value === undefined || value === null ? '' : String(value);
}

const cache = new Map<string, CompiledTemplate>();

function firstLine(error: unknown): string {
  const message = error !== null && typeof error === 'object' ? (error as { message?: unknown }).message : error;
  return String(message ?? error).split('\n')[0].trim();
}

/** Throws TemplateSyntaxError for a syntax error, and for code that tries to leave its realm. */
export function compileTemplate(source: string): CompiledTemplate {
  const cached = cache.get(source);
  if (cached) return cached;
  const refused = confinementProblem(source);
  if (refused !== null) throw new TemplateSyntaxError(refused);
  let functionSource: string;
  try {
    functionSource = ejs.compile(source, { escape: asIs, compileDebug: false, _with: true, localsName: 'locals', client: true }).toString();
  } catch (error) {
    // ejs appends a long hint paragraph; the first line is the useful part.
    throw new TemplateSyntaxError(`ejs syntax error: ${firstLine(error)}`);
  }
  let run: (scope: TemplateScope) => string;
  try {
    run = compileInSandbox(functionSource);
  } catch (error) {
    throw new TemplateSyntaxError(`ejs syntax error: ${firstLine(error)}`);
  }
  const names = boundedTemplateNames(source);
  if (names !== null) boundedNames.set(run, Object.freeze(names));
  cache.set(source, run);
  return run;
}
