// Field selectors: `metadata.name=x`, `metadata.namespace!=y`, any dotted path compared as text.
import { badRequest } from './api-error';
import { type JsonValue, type KubeObject, isJsonObject } from './json-types';

export type FieldSelector = (obj: KubeObject) => boolean;

function lookup(obj: KubeObject, dotted: string): string {
  let node: JsonValue | undefined = obj;
  for (const part of dotted.split('.')) node = isJsonObject(node) ? node[part] : undefined;
  return node === undefined || node === null ? '' : String(node);
}

export function parseFieldSelector(selector: string | null): FieldSelector {
  const requirements = (selector ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '').map((text) => {
    const m = /^([A-Za-z0-9_.]+)\s*(==|=|!=)\s*(.*)$/.exec(text);
    if (!m) throw badRequest(`invalid field selector "${text}"`);
    return { path: m[1], negate: m[2] === '!=', value: m[3] };
  });
  return (obj) => requirements.every((r) => (lookup(obj, r.path) === r.value) !== r.negate);
}
