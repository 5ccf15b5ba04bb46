// JSON values as text the way kube-apiserver's Go code writes them (a string printer column holding
// an object or a number, for one), where JavaScript's own text differs.
import { type JsonValue, isJsonObject } from './json-types';

const GO_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/**
 * As encoding/json.Marshal writes it: compact, object keys sorted, and <, >, &, U+2028 and U+2029
 * escaped. JSON.stringify differs only in key order and those escapes.
 */
export function goJsonText(value: JsonValue): string {
  // The escaped characters are never JSON syntax, so replacing them in the text only touches strings.
  return JSON.stringify(sortedKeys(value)).replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c] ?? c);
}

/**
 * As fmt's %v prints the number JSON decoding gives: an int64 in full, a float64 with %g, which
 * switches to an exponent (at least two digits) from 1e+06 up and below 1e-04.
 */
export function goNumberText(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 2 ** 63) return String(value);
  const [mantissa = '', exponent = '0'] = value.toExponential().split('e');
  const power = Number(exponent);
  if (power >= -4 && power < 6) return String(value);
  return `${mantissa}e${power < 0 ? '-' : '+'}${String(Math.abs(power)).padStart(2, '0')}`;
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
