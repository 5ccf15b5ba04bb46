// The functions a Go template may call: text/template's builtins, Lynq's own (toHost, trunc63,
// sha1sum, fromJson, int, float, bool) and the Sprig functions Lynq's tests and docs use.
// Functions that read the environment, files, the network or randomness are refused by name
// (Lynq exposes all of Sprig; a form must never reach the function's credentials or make a
// render differ between two runs). `now` is the execution's pinned start time.
// `and`, `or` are evaluated lazily by the evaluator; they are listed here for their arity.
import { createHash } from 'node:crypto';
import { formatGoDate } from '../go-date-format';
import { bool as lynqBool, float as lynqFloat, fromJson, int as lynqInt, sha1sum, toHost, trunc63 } from '../template-helpers';
import { goQuote, goSprint, goSprintf, goSprintln } from './go-printf';
import type { FunctionCatalog } from './parser';
import { goEquals, goLess, hasKey, isMap, strval, truth, TypedResult, typeName, unwrap, type GoMap } from './values';

export interface CallContext {
  now: Date;
}

type GoFunction = (args: unknown[], ctx: CallContext) => unknown;

interface FunctionEntry {
  min: number;
  max: number;
  fn: GoFunction;
}

const ANY = Infinity;

function fixed(count: number, fn: GoFunction): FunctionEntry {
  return { min: count, max: count, fn };
}

function variadic(min: number, fn: GoFunction): FunctionEntry {
  return { min, max: ANY, fn };
}

/** Sprig's `empty`: nil, "", 0, false, and empty lists and maps. */
function empty(raw: unknown): boolean {
  return !truth(raw);
}

function integerArg(name: string, raw: unknown): number {
  const value = unwrap(raw);
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^[+-]?\d+$/.test(value.trim())) return Number.parseInt(value, 10);
  throw new Error(`${name}: expected an integer, got ${typeName(value)}`);
}

function lenOf(raw: unknown): number {
  const value = unwrap(raw);
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (Array.isArray(value)) return value.length;
  if (isMap(value)) return Object.keys(value).length;
  throw new Error(`len of type ${typeName(value)}`);
}

function indexOf(args: unknown[]): unknown {
  let item = unwrap(args[0]);
  for (const rawKey of args.slice(1)) {
    const key = unwrap(rawKey);
    if (item === null || item === undefined) throw new Error('index of untyped nil');
    if (Array.isArray(item)) {
      if (typeof key !== 'number' || !Number.isInteger(key)) throw new Error(`cannot index slice/array with type ${typeName(key)}`);
      if (key < 0 || key >= item.length) throw new Error(`index out of range: ${key}`);
      item = unwrap(item[key]);
    } else if (isMap(item)) {
      if (typeof key !== 'string') throw new Error(`value has type ${typeName(key)}; should be string`);
      // A missing key gives nil, as in Go (missingkey=error applies to .field, not to index).
      item = hasKey(item, key) ? unwrap(item[key]) : null;
    } else if (typeof item === 'string') {
      if (typeof key !== 'number' || !Number.isInteger(key)) throw new Error(`cannot index string with type ${typeName(key)}`);
      const bytes = Buffer.from(item, 'utf8');
      if (key < 0 || key >= bytes.length) throw new Error(`index out of range: ${key}`);
      item = bytes[key];
    } else {
      throw new Error(`can't index item of type ${typeName(item)}`);
    }
  }
  return item;
}

function compareChain(args: unknown[]): boolean {
  const [first, ...rest] = args;
  return rest.some((other) => goEquals(first, other));
}

/** Go's json.Marshal: sorted map keys, `<`, `>`, `&` escaped for HTML safety. */
function goJson(raw: unknown): string {
  const normalise = (value: unknown): unknown => {
    const v = unwrap(value);
    if (v instanceof Date) return v.toISOString();
    if (Array.isArray(v)) return v.map(normalise);
    if (isMap(v)) {
      const out: GoMap = {};
      for (const key of Object.keys(v).sort()) Object.defineProperty(out, key, { value: normalise(v[key]), enumerable: true });
      return out;
    }
    return v === undefined ? null : v;
  };
  // JSON.stringify gives undefined for undefined, whatever its declared type says.
  return ((JSON.stringify(normalise(raw)) as string | undefined) ?? 'null').replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

function toTime(name: string, raw: unknown): Date {
  const value = unwrap(raw);
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value * 1000); // Sprig: unix seconds
  throw new Error(`${name}: expected a time (e.g. now) or unix seconds, got ${typeName(value)}`);
}

function toList(name: string, raw: unknown): unknown[] {
  const value = unwrap(raw);
  if (Array.isArray(value)) return value;
  if (value === null || value === undefined) return [];
  if (typeof value === 'string') return [value];
  throw new Error(`${name}: expected a list, got ${typeName(value)}`);
}

const FUNCTIONS: Record<string, FunctionEntry> = {
  // text/template builtins
  and: variadic(1, (args) => args.find((arg) => !truth(arg)) ?? args[args.length - 1]),
  or: variadic(1, (args) => args.find((arg) => truth(arg)) ?? args[args.length - 1]),
  not: fixed(1, ([value]) => !truth(value)),
  len: fixed(1, ([value]) => lenOf(value)),
  index: variadic(1, (args) => indexOf(args)),
  print: variadic(0, (args) => goSprint(args)),
  printf: variadic(1, ([format, ...args]) => goSprintf(strval(format), args)),
  println: variadic(0, (args) => goSprintln(args)),
  eq: variadic(2, (args) => compareChain(args)),
  ne: fixed(2, ([a, b]) => !goEquals(a, b)),
  lt: fixed(2, ([a, b]) => goLess(a, b)),
  le: fixed(2, ([a, b]) => goLess(a, b) || goEquals(a, b)),
  gt: fixed(2, ([a, b]) => goLess(b, a)),
  ge: fixed(2, ([a, b]) => goLess(b, a) || goEquals(a, b)),

  // Lynq's functions (lynq-behaviour.md §3). int/float/bool give a typed result (TypedResult).
  toHost: fixed(1, ([value]) => toHost(strval(value))),
  trunc63: fixed(1, ([value]) => trunc63(strval(value))),
  sha1sum: fixed(1, ([value]) => sha1sum(strval(value))),
  fromJson: fixed(1, ([value]) => fromJson(unwrap(value))),
  int: fixed(1, ([value]) => new TypedResult(lynqInt(unwrap(value)))),
  float: fixed(1, ([value]) => new TypedResult(lynqFloat(unwrap(value)))),
  bool: fixed(1, ([value]) => new TypedResult(lynqBool(unwrap(value)))),

  // Sprig
  default: variadic(1, ([fallback, ...given]) => (given.length === 0 || empty(given[0]) ? fallback : given[0])),
  empty: fixed(1, ([value]) => empty(value)),
  coalesce: variadic(0, (args) => args.find((arg) => !empty(arg)) ?? null),
  required: fixed(2, ([message, value]) => {
    const v = unwrap(value);
    if (v === null || v === undefined || v === '') throw new Error(strval(message));
    return value;
  }),
  ternary: fixed(3, ([ifTrue, ifFalse, condition]) => {
    const c = unwrap(condition);
    if (typeof c !== 'boolean') throw new Error(`ternary: the condition must be a bool, got ${typeName(c)}`);
    return c ? ifTrue : ifFalse;
  }),
  quote: variadic(0, (args) => args.filter((arg) => unwrap(arg) !== null && unwrap(arg) !== undefined).map((arg) => goQuote(strval(arg))).join(' ')),
  upper: fixed(1, ([value]) => strval(value).toUpperCase()),
  lower: fixed(1, ([value]) => strval(value).toLowerCase()),
  trim: fixed(1, ([value]) => strval(value).trim()),
  trunc: fixed(2, ([count, value]) => {
    const n = integerArg('trunc', count);
    const text = strval(value);
    if (n < 0 && text.length + n > 0) return text.slice(text.length + n);
    if (n >= 0 && text.length > n) return text.slice(0, n);
    return text;
  }),
  replace: fixed(3, ([from, to, value]) => strval(value).split(strval(from)).join(strval(to))),
  contains: fixed(2, ([needle, value]) => strval(value).includes(strval(needle))),
  hasPrefix: fixed(2, ([prefix, value]) => strval(value).startsWith(strval(prefix))),
  hasSuffix: fixed(2, ([suffix, value]) => strval(value).endsWith(strval(suffix))),
  join: fixed(2, ([separator, list]) => toList('join', list).filter((item) => unwrap(item) !== null && unwrap(item) !== undefined).map(strval).join(strval(separator))),
  split: fixed(2, ([separator, value]) => {
    // Sprig's split gives a map _0, _1, ... (use `splitList` in Sprig for a list).
    const out: GoMap = {};
    strval(value).split(strval(separator)).forEach((part, i) => Object.defineProperty(out, `_${i}`, { value: part, enumerable: true }));
    return out;
  }),
  list: variadic(0, (args) => args.map(unwrap)),
  dict: variadic(0, (args) => {
    const out: GoMap = {};
    for (let i = 0; i < args.length; i += 2) {
      Object.defineProperty(out, strval(args[i]), { value: i + 1 < args.length ? unwrap(args[i + 1]) : '', enumerable: true, writable: true, configurable: true });
    }
    return out;
  }),
  b64enc: fixed(1, ([value]) => Buffer.from(strval(value), 'utf8').toString('base64')),
  b64dec: fixed(1, ([value]) => {
    const text = strval(value);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return 'illegal base64 data';
    return Buffer.from(text, 'base64').toString('utf8');
  }),
  sha256sum: fixed(1, ([value]) => createHash('sha256').update(strval(value), 'utf8').digest('hex')),
  toJson: fixed(1, ([value]) => goJson(value)),
  toString: fixed(1, ([value]) => strval(value)),
  atoi: fixed(1, ([value]) => {
    const v = unwrap(value);
    if (typeof v === 'number') return Math.trunc(v);
    const text = strval(v);
    return /^[+-]?\d+$/.test(text) ? Number.parseInt(text, 10) : 0;
  }),
  now: fixed(0, (_args, ctx) => new Date(ctx.now.getTime())),
  date: fixed(2, ([layout, time]) => formatGoDate(strval(layout), toTime('date', time))),
};

/** Refused by name, with the reason given in the error. */
const REFUSED: Record<string, string> = {
  env: 'it reads the environment of the process, which holds the function\'s credentials; templates see only the node\'s values',
  expandenv: 'it reads the environment of the process, which holds the function\'s credentials; templates see only the node\'s values',
  getHostByName: 'it queries the network (DNS); a render must depend only on the node\'s values',
  ...Object.fromEntries(
    ['randAlphaNum', 'randAlpha', 'randAscii', 'randNumeric', 'randBytes', 'randInt', 'uuidv4', 'shuffle']
      .map((name) => [name, 'it is random: every render, and so every sync, would change the resource']),
  ),
  ...Object.fromEntries(
    ['genPrivateKey', 'genCA', 'genCAWithKey', 'genSelfSignedCert', 'genSelfSignedCertWithKey', 'genSignedCert', 'genSignedCertWithKey', 'encryptAES', 'htpasswd', 'bcrypt']
      .map((name) => [name, 'it uses randomness: every render, and so every sync, would change the resource']),
  ),
  readFile: 'it reads the file system',
  lookup: 'it reads the cluster; a render must depend only on the node\'s values',
};

export const GO_FUNCTIONS: FunctionCatalog & { call(name: string, args: unknown[], ctx: CallContext): unknown; names(): string[] } = {
  arity: (name) => (Object.prototype.hasOwnProperty.call(FUNCTIONS, name) ? FUNCTIONS[name] : undefined),
  refusal: (name) => (Object.prototype.hasOwnProperty.call(REFUSED, name) ? REFUSED[name] : undefined),
  call: (name, args, ctx) => {
    // The parser refuses unknown functions, so a miss here is a bug, not a template error.
    const fn = Object.prototype.hasOwnProperty.call(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
    if (!fn) throw new Error(`Go template function "${name}" is not defined`);
    return fn.fn(args, ctx);
  },
  names: () => Object.keys(FUNCTIONS),
};

export { empty as isEmptyValue };
