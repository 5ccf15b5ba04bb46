// Strategic merge patch for built-in kinds: like a JSON merge patch, except that lists with a
// merge key (containers by name, env by name, ports, volumes...) are merged item by item and an
// item `{"<key>": "x", "$patch": "delete"}` removes that item. Other lists are replaced.
import { ASSOCIATIVE_LIST_KEYS } from './field-path';
import { type JsonObject, type JsonValue, cloneJson, isJsonObject } from './json-types';

/** The patch merge key (`patchMergeKey`): the first field of the list's key. */
function mergeKeyOf(field: string, items: JsonValue[]): string | undefined {
  return (ASSOCIATIVE_LIST_KEYS[field] ?? []).map(([first]) => first).find((key) => items.every((i) => isJsonObject(i) && i[key] !== undefined));
}

function mergeList(field: string, target: JsonValue[], patch: JsonValue[]): JsonValue[] {
  const key = mergeKeyOf(field, [...target, ...patch]);
  if (!key) return cloneJson(patch.filter((i) => !(isJsonObject(i) && i.$patch !== undefined)));
  const out = cloneJson(target);
  const added: JsonValue[] = [];
  for (const item of patch) {
    const p = item as JsonObject;
    const index = out.findIndex((t) => isJsonObject(t) && t[key] === p[key]);
    if (p.$patch === 'delete') {
      if (index >= 0) out.splice(index, 1);
      continue;
    }
    if (index >= 0) out[index] = strategicMerge(out[index], p);
    else added.push(strategicMerge(undefined, p));
  }
  return [...added, ...out]; // the apiserver puts items new to the list first
}

export function strategicMerge(target: JsonValue | undefined, patch: JsonValue, field = ''): JsonValue {
  if (Array.isArray(patch)) return Array.isArray(target) ? mergeList(field, target, patch) : mergeList(field, [], patch);
  if (!isJsonObject(patch)) return cloneJson(patch);
  const out: JsonObject = isJsonObject(target) ? cloneJson(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch') continue;
    if (value === null) delete out[key];
    else if (value !== undefined) out[key] = strategicMerge(out[key], value, key);
  }
  return out;
}
