// How Go templates see JavaScript values: truth, printing (fmt's %v), comparison, and Lynq's
// typed results. Row values keep their SQL types here (numbers, booleans, null), where Lynq
// saw only strings; comparisons between a number and its text are lenient so Lynq forms that
// compare with quoted numbers keep working.
import { formatGoDate } from '../go-date-format';

/** The result of Lynq's `int`, `float` and `bool`: a native value once it is the whole output. */
export class TypedResult {
  constructor(readonly value: number | boolean) {}
}

export type GoMap = Record<string, unknown>;

export function unwrap(value: unknown): unknown {
  return value instanceof TypedResult ? value.value : value;
}

export function isMap(value: unknown): value is GoMap {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof TypedResult);
}

/** An own key of a map: inherited names (`constructor`, `__proto__`) are never reachable. */
export function hasKey(map: GoMap, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(map, key);
}

/** Go's truth: false, 0, nil and empty strings, lists and maps are false. */
export function truth(raw: unknown): boolean {
  const value = unwrap(raw);
  if (value === null || value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'string') return value !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof Date) return true;
  if (isMap(value)) return Object.keys(value).length > 0;
  return true;
}

/** Go's %v for a float64 or int: exponent form below 1e-4 and from 1e21, as fmt does. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return String(value);
  const exponent = value === 0 ? 0 : Math.floor(Math.log10(Math.abs(value)));
  if (exponent < -4 || exponent >= 21) {
    const [mantissa = '', exp = ''] = value.toExponential().split('e');
    const sign = exp.startsWith('-') ? '-' : '+';
    return `${mantissa}e${sign}${exp.replace(/^[+-]/, '').padStart(2, '0')}`;
  }
  return String(value);
}

/** A time as Go prints a time.Time (in UTC). */
export function formatTime(value: Date): string {
  return formatGoDate('2006-01-02 15:04:05.999999999 -0700 MST', value);
}

/** fmt's %v. `top` is an action's own output, where nil prints nothing (Go prints "<no value>"). */
export function printValue(raw: unknown, top = false): string {
  const value = unwrap(raw);
  if (value === null || value === undefined) return top ? '' : '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return formatTime(value);
  if (Array.isArray(value)) return `[${value.map((item) => printValue(item)).join(' ')}]`;
  if (isMap(value)) return `map[${Object.keys(value).sort().map((key) => `${key}:${printValue(value[key])}`).join(' ')}]`;
  // What is left (a symbol, a function, an object that is not a map) prints as Go prints an unknown kind.
  return `%!v(${typeof value})`;
}

/** Sprig's strval: strings as they are, everything else as %v (nil as ""). */
export function strval(raw: unknown): string {
  const value = unwrap(raw);
  return value === null || value === undefined ? '' : printValue(value);
}

/** Go's type name of a value, for error messages (never the value itself: it may be a row value). */
export function typeName(raw: unknown): string {
  const value = unwrap(raw);
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float64';
  if (typeof value === 'boolean') return 'bool';
  if (value instanceof Date) return 'time.Time';
  if (Array.isArray(value)) return '[]interface {}';
  if (isMap(value)) return 'map[string]interface {}';
  return typeof value;
}

function isScalar(value: unknown): boolean {
  return value === null || value === undefined || ['string', 'number', 'boolean'].includes(typeof value) || value instanceof Date;
}

/** `eq`: same type compares directly; a number and a string compare as text; nil equals only nil. */
export function goEquals(left: unknown, right: unknown): boolean {
  const a = unwrap(left);
  const b = unwrap(right);
  if (!isScalar(a) || !isScalar(b)) throw new Error(`non-comparable type ${typeName(isScalar(a) ? b : a)}`);
  const aNil = a === null || a === undefined;
  const bNil = b === null || b === undefined;
  if (aNil || bNil) return aNil && bNil;
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (typeof a === typeof b) return a === b;
  return printValue(a) === printValue(b);
}

/** `lt`: numbers by value, strings by bytes; anything else is an error, as in Go. */
export function goLess(left: unknown, right: unknown): boolean {
  const a = unwrap(left);
  const b = unwrap(right);
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  if (typeof a === 'string' && typeof b === 'string') return Buffer.compare(Buffer.from(a), Buffer.from(b)) < 0;
  if (typeof a === typeof b && (typeof a === 'number' || typeof a === 'string')) return (a as number) < (b as number);
  throw new Error(`incompatible types for comparison: ${typeName(a)} and ${typeName(b)}`);
}
