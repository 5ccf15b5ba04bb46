// Resource quantities as a real API server stores them. Decoding a built-in object parses every
// Quantity field (apimachinery's resource.ParseQuantity) and encoding writes it back in canonical
// form, so `cpu: 1000m` is stored as "1" and `memory: 1024Mi` as "1Gi"; every ResourceList
// (requests, limits, a claim's capacity) is first rounded up to milli units (core/v1
// SetDefaults_ResourceList), so `cpu: 1.5e-3` becomes "2e-3". A value already written canonically
// is kept as written. The oracle is test/conformance/quantities-kube-v1.20.2.json, answers recorded
// from a real kube-apiserver.
import { type JsonObject, isJsonObject, objectItems } from './json-types';
import { podSpecPath, valueBelow } from './pod-spec-location';
import type { ResourceType } from './resource-type';

const QUANTITY_FORMAT_WRONG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const QUANTITY_NUMERIC = "unable to parse quantity's numeric part";
const QUANTITY_SUFFIX = "unable to parse quantity's suffix";

type Format = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** mantissa × 10^exponent */
interface Decimal {
  mantissa: bigint;
  exponent: number;
}

interface Quantity {
  value: Decimal;
  format: Format;
  /** The text as written, kept when the parser found it canonical already. */
  text?: string;
}

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const MAX_INT64 = (1n << 63n) - 1n;
const NANO = -9;
const MILLI = -3;

/** Thrown for a value the server's decoder rejects; the message is the server's. */
class QuantityError extends Error {}

interface QuantityParts {
  positive: boolean;
  /** Sign, digits and point as written, for the exact (big number) path. */
  numberText: string;
  num: string;
  denom: string;
  suffix: string;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

function splitQuantity(str: string): QuantityParts {
  let pos = 0;
  let positive = true;
  if (str[0] === '-') { positive = false; pos++; } else if (str[0] === '+') pos++;
  while (str[pos] === '0') pos++;
  if (pos >= str.length) return { positive, numberText: '0', num: '0', denom: '', suffix: '' };
  let start = pos;
  while (isDigit(str[pos])) pos++;
  const num = str.slice(start, pos) || '0';
  let denom = '';
  if (str[pos] === '.') {
    start = ++pos;
    while (isDigit(str[pos])) pos++;
    denom = str.slice(start, pos);
  }
  const numberText = str.slice(0, pos);
  const suffixStart = pos;
  while (pos < str.length && 'eEinumkKMGTP'.includes(str[pos])) pos++;
  if (str[pos] === '-' || str[pos] === '+') pos++;
  while (isDigit(str[pos])) pos++;
  if (pos < str.length) throw new QuantityError(QUANTITY_FORMAT_WRONG);
  return { positive, numberText, num, denom, suffix: str.slice(suffixStart) };
}

function interpretSuffix(suffix: string): { base: 10 | 2; exponent: number; format: Format } {
  if (suffix in DECIMAL_SUFFIXES) return { base: 10, exponent: DECIMAL_SUFFIXES[suffix], format: 'DecimalSI' };
  if (suffix in BINARY_SUFFIXES) return { base: 2, exponent: BINARY_SUFFIXES[suffix], format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?\d+$/.test(suffix.slice(1))) {
    return { base: 10, exponent: Number(suffix.slice(1)), format: 'DecimalExponent' };
  }
  throw new QuantityError(QUANTITY_SUFFIX);
}

const pow10 = (n: number) => 10n ** BigInt(n);
const abs = (n: bigint) => (n < 0n ? -n : n);

/** The value at `exponent` (<= its own), rounded away from zero when digits are dropped. */
function roundUpTo(d: Decimal, exponent: number): Decimal {
  if (d.exponent >= exponent) return d;
  const shift = exponent - d.exponent;
  // Every digit dropped (`1e-999999999`): the smallest unit, without computing a huge power of ten.
  if (shift > abs(d.mantissa).toString().length) return { mantissa: d.mantissa === 0n ? 0n : d.mantissa < 0n ? -1n : 1n, exponent };
  const divisor = pow10(shift);
  let q = abs(d.mantissa) / divisor;
  if (abs(d.mantissa) % divisor !== 0n) q += 1n;
  return { mantissa: d.mantissa < 0n ? -q : q, exponent };
}

function parseQuantity(raw: string): Quantity {
  const str = raw.trim();
  if (str === '') throw new QuantityError(QUANTITY_FORMAT_WRONG);
  if (str === '0') return { value: { mantissa: 0n, exponent: 0 }, format: 'DecimalSI', text: str };
  const parts = splitQuantity(str);
  const { base, exponent, format } = interpretSuffix(parts.suffix);
  const digits = parts.num.length + parts.denom.length;
  // The server's int64 fast path; only it keeps the text as written.
  const precision = format !== 'BinarySI' ? 18 - digits
    : exponent >= 0 && parts.denom === '' ? 15 - parts.num.length - Math.trunc((exponent * 3) / 10) - 1
      : -1;
  if (precision >= 0) {
    const scale = (format === 'BinarySI' ? 0 : exponent) - parts.denom.length;
    if (scale >= NANO) {
      const shifted = parts.num + parts.denom;
      if (!/^\d+$/.test(shifted)) throw new QuantityError(QUANTITY_NUMERIC);
      const value = BigInt(shifted);
      const magnitude = format === 'BinarySI' ? value << BigInt(exponent) : value;
      if (magnitude <= MAX_INT64) {
        const mantissa = parts.positive ? magnitude : -magnitude;
        const canonical = format === 'BinarySI'
          ? exponent % 10 === 0 && (value & 7n) !== 0n
          : scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
        return { value: { mantissa, exponent: scale }, format, ...(canonical ? { text: str } : {}) };
      }
    }
  }
  return exactQuantity(parts, base, exponent, format);
}

/** The server's big-number path: exact, then rounded up to nano units; binary values capped at int64. */
function exactQuantity(parts: QuantityParts, base: 10 | 2, exponent: number, format: Format): Quantity {
  const [whole = '', fraction = ''] = parts.numberText.replace(/^[+-]/, '').split('.');
  if (!/^\d*$/.test(whole + fraction) || whole + fraction === '') throw new QuantityError(QUANTITY_NUMERIC);
  let value: Decimal = { mantissa: BigInt(whole + fraction), exponent: -fraction.length };
  if (base === 10) value.exponent += exponent;
  else value.mantissa <<= BigInt(exponent);
  if (value.mantissa !== 0n) value = roundUpTo(value, NANO);
  let finalFormat = format;
  if (format === 'BinarySI') {
    if (compare(value, { mantissa: MAX_INT64, exponent: 0 }) > 0) value = { mantissa: MAX_INT64, exponent: 0 };
    if (value.mantissa !== 0n && compare(value, { mantissa: 1n, exponent: 0 }) < 0) finalFormat = 'DecimalSI';
  }
  if (!parts.positive) value = { mantissa: -value.mantissa, exponent: value.exponent };
  return { value, format: finalFormat };
}

function compare(a: Decimal, b: Decimal): number {
  const e = Math.min(a.exponent, b.exponent);
  const x = a.mantissa * pow10(a.exponent - e);
  const y = b.mantissa * pow10(b.exponent - e);
  return x === y ? 0 : x < y ? -1 : 1;
}

function removeFactors(n: bigint, factor: bigint): [bigint, number] {
  let times = 0;
  while (n !== 0n && n % factor === 0n) { n /= factor; times++; }
  return [n, times];
}

function canonicalText(q: Quantity): string {
  if (q.text !== undefined) return q.text;
  const { value } = q;
  if (value.mantissa === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    const small = compare(value, { mantissa: -1024n, exponent: 0 }) > 0 && compare(value, { mantissa: 1024n, exponent: 0 }) < 0;
    const whole = roundUpTo(value, 0);
    if (small || compare(whole, value) !== 0) format = 'DecimalSI';
    else {
      const [amount, times] = removeFactors(whole.mantissa * pow10(whole.exponent), 1024n);
      const suffix = Object.entries(BINARY_SUFFIXES).find(([, e]) => e === times * 10)?.[0] ?? '';
      return `${amount}${suffix}`;
    }
  }
  const [withoutTens, times] = removeFactors(value.mantissa, 10n);
  let amount = withoutTens;
  let exponent = value.exponent + times;
  while (exponent % 3 !== 0) { amount *= 10n; exponent--; }
  if (format === 'DecimalExponent') return exponent === 0 ? `${amount}` : `${amount}e${exponent}`;
  // An exponent without an SI suffix (above E) loses its suffix, as on the server.
  return `${amount}${Object.entries(DECIMAL_SUFFIXES).find(([, e]) => e === exponent)?.[0] ?? ''}`;
}

/** What the server stores for a Quantity (`resourceList`: a ResourceList entry, rounded up to milli units). */
export function storedQuantity(written: unknown, resourceList: boolean): string {
  if (written === null) return '0';
  const text = typeof written === 'string' ? written : typeof written === 'number' ? String(written) : JSON.stringify(written);
  const q = parseQuantity(text);
  if (resourceList && (q.text === undefined || q.value.exponent < MILLI)) {
    return canonicalText({ value: roundUpTo(q.value, MILLI), format: q.format });
  }
  return canonicalText(q);
}

interface QuantitySite {
  holder: JsonObject;
  key: string;
  resourceList: boolean;
}

function resourceListSites(holder: unknown, out: QuantitySite[]): void {
  if (!isJsonObject(holder)) return;
  for (const key of Object.keys(holder)) out.push({ holder, key, resourceList: true });
}

function claimSpecSites(spec: unknown, out: QuantitySite[]): void {
  if (!isJsonObject(spec) || !isJsonObject(spec.resources)) return;
  resourceListSites(spec.resources.requests, out);
  resourceListSites(spec.resources.limits, out);
}

function podSpecSites(spec: unknown, out: QuantitySite[]): void {
  if (!isJsonObject(spec)) return;
  for (const c of [...objectItems(spec.containers), ...objectItems(spec.initContainers), ...objectItems(spec.ephemeralContainers)]) {
    if (!isJsonObject(c.resources)) continue;
    resourceListSites(c.resources.requests, out);
    resourceListSites(c.resources.limits, out);
  }
  resourceListSites(spec.overhead, out);
  for (const v of objectItems(spec.volumes)) {
    if (isJsonObject(v.emptyDir) && v.emptyDir.sizeLimit !== undefined) out.push({ holder: v.emptyDir, key: 'sizeLimit', resourceList: false });
    if (isJsonObject(v.ephemeral) && isJsonObject(v.ephemeral.volumeClaimTemplate)) claimSpecSites(v.ephemeral.volumeClaimTemplate.spec, out);
  }
}

/** Every Quantity field of a built-in object the emulator serves. */
function quantitySites(type: ResourceType, obj: JsonObject): QuantitySite[] {
  const out: QuantitySite[] = [];
  if (type.definedByCrd) return out;
  const podPath = podSpecPath(type.kind);
  if (podPath) podSpecSites(valueBelow(obj, podPath), out);
  if (type.kind === 'StatefulSet') {
    for (const claim of objectItems(valueBelow(obj, ['spec', 'volumeClaimTemplates']))) claimSpecSites(claim.spec, out);
  }
  if (type.kind === 'PersistentVolumeClaim') {
    claimSpecSites(obj.spec, out);
    resourceListSites(valueBelow(obj, ['status', 'capacity']), out);
  }
  return out;
}

/** The decoder's message for the first Quantity of a built-in object it rejects, if any. */
export function invalidQuantityMessage(type: ResourceType, obj: JsonObject): string | undefined {
  try {
    for (const s of quantitySites(type, obj)) storedQuantity(s.holder[s.key], s.resourceList);
    return undefined;
  } catch (error) {
    if (error instanceof QuantityError) return error.message;
    throw error;
  }
}

/** Rewrites every Quantity of a built-in object as the server stores it (checked by invalidQuantityMessage first). */
export function storeQuantities(type: ResourceType, obj: JsonObject): void {
  for (const s of quantitySites(type, obj)) s.holder[s.key] = storedQuantity(s.holder[s.key], s.resourceList);
}
