// A JSON value as Go's encoding/json.Marshal writes it (what kube-apiserver puts in text it builds
// from JSON, such as a string printer column holding an object): compact, object keys sorted, and
// <, >, &, U+2028 and U+2029 escaped. JSON.stringify differs only in key order and those escapes.
import { type JsonValue, isJsonObject } from './json-types';

const GO_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

export function goJsonText(value: JsonValue): string {
  // The escaped characters are never JSON syntax, so replacing them in the text only touches strings.
  return JSON.stringify(sortedKeys(value)).replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c] ?? c);
}

function sortedKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (!isJsonObject(value)) return value;
  const sorted: Record<string, JsonValue> = {};
  for (const key of Object.keys(value).sort()) {
    const item = value[key];
    if (item !== undefined) sorted[key] = sortedKeys(item);
  }
  return sorted;
}
