// What a Go template sees of a render's scope: `.` is the node's values only (no helpers, no
// shadowed globals), and `now` is the execution's pinned start. The scope carries them under a
// symbol, which ejs templates cannot name.
import { setOwn } from '../own-property';
import type { GoMap } from './values';

const GO_TEMPLATE_CONTEXT = Symbol('lynq-sfn go template context');

export interface GoTemplateContext {
  data: GoMap;
  now: Date;
}

/** Adds the Go view of a render to its scope (called where the scope is built). */
export function attachGoTemplateContext(scope: object, variables: Record<string, unknown>, now: Date): void {
  const data: GoMap = Object.create(null);
  for (const [name, value] of Object.entries(variables)) setOwn(data, name, value);
  Object.defineProperty(scope, GO_TEMPLATE_CONTEXT, { value: { data, now: new Date(now.getTime()) }, enumerable: false });
}

export function goTemplateContextOf(scope: object): GoTemplateContext {
  const context = (scope as Record<symbol, GoTemplateContext | undefined>)[GO_TEMPLATE_CONTEXT];
  if (!context) throw new Error('internal: this scope was not built by templateScope (no Go template context)');
  return context;
}
