// What a Go template sees of a render's scope: `.` is the node's values only (no helpers), and
// `now` is the execution's pinned start. They are kept beside the scope, never on it: the scope
// belongs to the template realm, which must hold no object of this one.
import { setOwn } from '../own-property';
import type { GoMap } from './values';

const contexts = new WeakMap<object, GoTemplateContext>();

export interface GoTemplateContext {
  data: GoMap;
  now: Date;
}

/** Adds the Go view of a render to its scope (called where the scope is built). */
export function attachGoTemplateContext(scope: object, variables: Record<string, unknown>, now: Date): void {
  const data = Object.create(null) as GoMap;
  for (const [name, value] of Object.entries(variables)) setOwn(data, name, value);
  contexts.set(scope, { data, now: new Date(now.getTime()) });
}

export function goTemplateContextOf(scope: object): GoTemplateContext {
  const context = contexts.get(scope);
  if (!context) throw new Error('internal: this scope was not built by templateScope (no Go template context)');
  return context;
}
