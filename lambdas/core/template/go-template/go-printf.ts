// Go's fmt.Sprintf and fmt.Sprint for the verbs templates use: %v %s %d %q %t %f %e %g %x %X %o
// %b %c %%, with flags (- + # 0 space), width and precision. A mismatch prints Go's
// `%!d(string=...)` form, as fmt does, but names only the type: the value may be a row value.
import { formatNumber, printValue, typeName, unwrap } from './values';

/** Go's %q: a double-quoted Go string literal. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

interface Spec {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  zero: boolean;
  space: boolean;
  width?: number;
  precision?: number;
}

function pad(text: string, spec: Spec, numeric: boolean): string {
  if (spec.width === undefined || text.length >= spec.width) return text;
  if (spec.minus) return text.padEnd(spec.width, ' ');
  if (spec.zero && numeric) {
    const sign = /^[+-]/.exec(text)?.[0] ?? '';
    return sign + text.slice(sign.length).padStart(spec.width - sign.length, '0');
  }
  return text.padStart(spec.width, ' ');
}

function signed(text: string, value: number, spec: Spec): string {
  if (value >= 0 && !Object.is(value, -0)) return (spec.plus ? '+' : spec.space ? ' ' : '') + text;
  return text;
}

function bad(verb: string, value: unknown): string {
  return `%!${verb}(${typeName(value)})`;
}

function formatOne(verb: string, raw: unknown, spec: Spec): string {
  const value = unwrap(raw);
  switch (verb) {
    case 'v':
      if (typeof value === 'number') return pad(signed(formatNumber(value), value, spec), spec, true);
      if (typeof value === 'string' && spec.sharp) return pad(goQuote(value), spec, false);
      return pad(printValue(value), spec, false);
    case 's': {
      if (typeof value !== 'string' && (typeof value === 'number' || typeof value === 'boolean')) return bad(verb, value);
      let text = printValue(value);
      if (spec.precision !== undefined) text = Array.from(text).slice(0, spec.precision).join(''); // runes, as Go counts
      return pad(text, spec, false);
    }
    case 'q':
      if (typeof value === 'string') return pad(goQuote(value), spec, false);
      if (typeof value === 'number' && Number.isInteger(value)) return pad(`'${String.fromCodePoint(value)}'`, spec, false);
      return bad(verb, value);
    case 't':
      return typeof value === 'boolean' ? pad(String(value), spec, false) : bad(verb, value);
    case 'd': case 'x': case 'X': case 'o': case 'b': case 'c': {
      if (typeof value === 'string' && (verb === 'x' || verb === 'X')) {
        const hex = Buffer.from(value, 'utf8').toString('hex');
        return pad(verb === 'X' ? hex.toUpperCase() : hex, spec, false);
      }
      if (typeof value !== 'number' || !Number.isInteger(value)) return bad(verb, value);
      if (verb === 'c') return pad(String.fromCodePoint(value), spec, false);
      const base = { d: 10, x: 16, X: 16, o: 8, b: 2 }[verb];
      let digits = Math.abs(value).toString(base);
      if (verb === 'X') digits = digits.toUpperCase();
      const prefix = ({ x: '0x', X: '0X', o: '0', b: '0b' } as Partial<Record<string, string>>)[verb];
      if (spec.sharp && prefix) digits = prefix + digits;
      return pad(signed(value < 0 ? `-${digits}` : digits, value, spec), spec, true);
    }
    case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': {
      if (typeof value !== 'number') return bad(verb, value);
      let text: string;
      const lower = verb.toLowerCase();
      if (lower === 'f') text = value.toFixed(spec.precision ?? 6);
      else if (lower === 'e') {
        const [m = '', e = ''] = value.toExponential(spec.precision ?? 6).split('e');
        text = `${m}e${e.startsWith('-') ? '-' : '+'}${e.replace(/^[+-]/, '').padStart(2, '0')}`;
      } else text = spec.precision === undefined ? formatNumber(value) : String(Number(value.toPrecision(spec.precision)));
      if (verb === 'E' || verb === 'G') text = text.toUpperCase();
      return pad(signed(text, value, spec), spec, true);
    }
    default:
      return `%!${verb}(${typeName(value)})`;
  }
}

const DIRECTIVE = /%([-+# 0]*)(\d+)?(?:\.(\d*))?([a-zA-Z%])/g;

export function goSprintf(format: string, args: unknown[]): string {
  let next = 0;
  let out = format.replace(DIRECTIVE, (_match, flags: string, width?: string, precision?: string, verb?: string) => {
    if (verb === '%') return '%';
    const spec: Spec = {
      minus: flags.includes('-'), plus: flags.includes('+'), sharp: flags.includes('#'), zero: flags.includes('0'), space: flags.includes(' '),
      ...(width !== undefined ? { width: Number(width) } : {}),
      ...(precision !== undefined ? { precision: precision === '' ? 0 : Number(precision) } : {}),
    };
    if (next >= args.length) return `%!${verb}(MISSING)`;
    return formatOne(verb ?? 'v', args[next++], spec);
  });
  if (next < args.length) out += `%!(EXTRA ${args.slice(next).map((a) => typeName(a)).join(', ')})`;
  return out;
}

/** fmt.Sprint: operands as %v, with a space between two operands when neither is a string. */
export function goSprint(args: unknown[]): string {
  let out = '';
  args.forEach((arg, i) => {
    const isString = typeof unwrap(arg) === 'string';
    if (i > 0 && !isString && typeof unwrap(args[i - 1]) !== 'string') out += ' ';
    out += printValue(arg);
  });
  return out;
}

/** fmt.Sprintln: always a space between operands, and a newline at the end. */
export function goSprintln(args: unknown[]): string {
  return `${args.map((arg) => printValue(arg)).join(' ')}\n`;
}
