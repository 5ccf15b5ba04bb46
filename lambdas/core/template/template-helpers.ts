// Helpers in scope of every template (Lynq parity, lynq-behaviour.md §3). Unlike Lynq, int, float
// and bool return real JavaScript values: typing comes from the form's quoting, not from markers.
import { createHash } from 'node:crypto';
import { formatGoDate } from './go-date-format';

/** A helper's argument as text: nothing for null and undefined, JSON for objects and arrays. */
export function textOf(value: unknown): string {
  switch (typeof value) {
    case 'string': return value;
    case 'number': case 'boolean': case 'bigint': return String(value);
    case 'symbol': return value.toString();
    case 'object': return value === null ? '' : JSON.stringify(value);
    default: return ''; // undefined, and a function (which JSON cannot hold either)
  }
}

/** First 63 bytes (a DNS label's limit), never splitting a UTF-8 character. */
export function trunc63(value: unknown): string {
  const text = textOf(value);
  if (Buffer.byteLength(text, 'utf8') <= 63) return text;
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > 63) break;
    out += ch;
    bytes += size;
  }
  return out;
}

export function sha1sum(value: unknown): string {
  return createHash('sha1').update(textOf(value), 'utf8').digest('hex');
}

const URL_WITH_AUTHORITY = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/;

/** Host part of a URL (port and IPv6 brackets stripped); a bare host loses everything from its first ':'. */
export function toHost(value: unknown): string {
  const text = textOf(value);
  const url = URL_WITH_AUTHORITY.exec(text);
  const userAndAuthority = url?.[1] ?? '';
  if (userAndAuthority !== '') {
    const authority = userAndAuthority.slice(userAndAuthority.lastIndexOf('@') + 1);
    if (authority.startsWith('[')) {
      const end = authority.indexOf(']');
      return end === -1 ? authority.slice(1) : authority.slice(1, end);
    }
    const colon = authority.indexOf(':');
    return colon === -1 ? authority : authority.slice(0, colon);
  }
  const colon = text.indexOf(':');
  return colon === -1 ? text : text.slice(0, colon);
}

const INTEGER = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Integer, truncating; unparseable → 0 (as Lynq's int). */
export function int(value: unknown): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : 0;
  if (typeof value === 'string') {
    const text = value.trim();
    if (INTEGER.test(text)) return Number.parseInt(text, 10);
    if (FLOAT.test(text)) return Math.trunc(Number.parseFloat(text));
  }
  return 0;
}

/** Number; unparseable → 0 (as Lynq's float). */
export function float(value: unknown): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isFinite(value) ? value : 0;
  if (typeof value === 'string' && FLOAT.test(value.trim())) return Number.parseFloat(value.trim());
  return 0;
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on', 't', 'y']);

/** Lynq's bool: true, a non-zero number, or (case-insensitive) true/1/yes/on/t/y. */
export function bool(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'string') return TRUE_WORDS.has(value.trim().toLowerCase());
  return false;
}

/**
 * Lynq's (Sprig's) `default`: `fallback` when value is empty, i.e. undefined, null, '', 0, false,
 * an empty array or an empty object. Called `defaultTo` in templates because `default` is a
 * JavaScript reserved word: `<%= default(x, 'y') %>` cannot even be parsed.
 */
export function defaultTo(value: unknown, fallback: unknown): unknown {
  return isEmptyValue(value) ? fallback : value;
}

function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === false || value === 0) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object' && isPlainObject(value)) return Object.keys(value).length === 0;
  return false;
}

/** A `{...}` or JSON object from any realm (a template may run in its own context); not a Date or other class. */
function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** Double-quoted, escaped string (null/undefined → ''). */
export function quote(value: unknown): string {
  return value === undefined || value === null ? '' : JSON.stringify(textOf(value));
}

export function b64enc(value: unknown): string {
  return Buffer.from(textOf(value), 'utf8').toString('base64');
}

export function toJson(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value);
}

/** Object or array from JSON text; anything else (or invalid JSON) → {} as in Lynq. */
export function fromJson(value: unknown): unknown {
  if (typeof value !== 'string') return {};
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed !== null && typeof parsed === 'object' ? parsed : {};
  } catch {
    return {};
  }
}

/** date(layout, time) with a Go layout; time is a Date, ISO string or epoch milliseconds. */
export function date(layout: unknown, time: unknown): string {
  if (typeof layout !== 'string') throw new Error('date: layout must be a string, e.g. date("20060102150405", now)');
  const when = time instanceof Date ? time : typeof time === 'string' || typeof time === 'number' ? new Date(time) : undefined;
  if (!when || Number.isNaN(when.getTime())) throw new Error('date: time must be a Date, ISO string or epoch milliseconds');
  return formatGoDate(layout, when);
}

/** Everything a template can call, by the name it calls it. */
export const TEMPLATE_HELPERS: Readonly<Record<string, (...args: never[]) => unknown>> = Object.freeze({
  trunc63, sha1sum, toHost, int, float, bool, defaultTo, quote, b64enc, toJson, fromJson, date,
});

/** What to write instead when a template calls a helper by a name JavaScript reserves. */
export const RESERVED_WORD_HELPERS: Readonly<Record<string, string>> = Object.freeze({ default: 'defaultTo(value, fallback)' });

/** Names a hub may not use for its template variables: they would hide a helper or a built-in. */
export const RESERVED_VARIABLE_NAMES: ReadonlySet<string> = new Set([
  ...Object.keys(TEMPLATE_HELPERS), 'now', 'locals', 'uid', 'activate', 'hubId', 'templateRef', 'host', 'hostOrUrl',
]);
