// A Go text/template (the syntax Lynq forms are written in), parsed once and cached by its
// source text, then executed per node against the node's values. The form's string is the only
// template: row values are data for the interpreter and are never parsed.
import type { CallContext } from './go-functions';
import { GO_FUNCTIONS } from './go-functions';
import { compileGoTree, type GoRenderOutput } from './evaluate';
import { parseGoTemplate, type TemplateNode } from './parser';
import type { GoMap } from './values';

export interface GoTemplate {
  readonly source: string;
  /** Throws GoTemplateExecError (GoTemplateMissingKeyError for `missingkey=error`). */
  execute(data: GoMap, ctx: CallContext): GoRenderOutput;
}

const cache = new Map<string, GoTemplate>();

/** Parses (cached); throws GoTemplateSyntaxError with line and column. */
export function compileGoTemplate(source: string): GoTemplate {
  const cached = cache.get(source);
  if (cached) return cached;
  const tree: TemplateNode[] = parseGoTemplate(source, GO_FUNCTIONS);
  const template: GoTemplate = { source, execute: compileGoTree(source, tree) };
  cache.set(source, template);
  return template;
}

/** A string that holds a Go template action. */
export function isGoTemplateText(value: string): boolean {
  return value.includes('{{');
}

export type { GoRenderOutput } from './evaluate';
export { GoTemplateSyntaxError, GoTemplateExecError, GoTemplateMissingKeyError } from './go-template-error';
export { TypedResult } from './values';
