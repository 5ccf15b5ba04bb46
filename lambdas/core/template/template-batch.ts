// Runs the templates of one render (or of one resource's checks) against one scope: the ejs ones
// together in the template realm, under its watchdog unless provably quick; the Go ones here,
// since they are interpreted. Each failure is kept as its result, so one bad template never hides
// the others.
import type { CompiledTemplate, TemplateScope } from './template-compile';
import { runTemplates, TemplateTimeoutError, type TemplateFailure } from './template-sandbox';

/** A template's output (a Go typed pipeline gives a number or boolean), or what it threw. */
export type BatchResult = string | number | boolean | TemplateFailure | Error;

/** Throws TemplateTimeoutError, with the index in `fns`, when the ejs batch runs too long. */
export function runTemplateBatch(fns: readonly CompiledTemplate[], scope: TemplateScope, bounded: boolean): BatchResult[] {
  const results = new Array<BatchResult>(fns.length);
  const ejs: { at: number; fn: CompiledTemplate }[] = [];
  fns.forEach((fn, i) => {
    if (!fn.typed) {
      ejs.push({ at: i, fn });
      return;
    }
    try {
      results[i] = fn.typed(scope);
    } catch (error) {
      results[i] = error instanceof Error ? error : new Error(String(error));
    }
  });
  if (ejs.length === 0) return results;
  let ejsResults;
  try {
    ejsResults = runTemplates(ejs.map((e) => e.fn), scope, bounded);
  } catch (error) {
    if (error instanceof TemplateTimeoutError) throw new TemplateTimeoutError(ejs[error.index]?.at ?? error.index, error.limitMs);
    throw error;
  }
  ejsResults.forEach((result, k) => {
    const target = ejs[k];
    if (target) results[target.at] = result;
  });
  return results;
}
