// How a setting's value becomes a boolean, a number or a list: ONE rule for environment variables
// (always text) and CDK context (text from `-c key=value`, JSON values from cdk.json), so the same
// value means the same thing in both places (README, "Settings: one reading rule").
//   unset:   absent, null, or blank text;
//   boolean: true/false, or the text true/yes/1 or false/no/0 in any case (and the numbers 1/0);
//   number:  a JSON number, or text holding a decimal number;
//   list:    a JSON list of strings, or comma-separated text.
import * as z from '../contracts/zod-api';

export function isUnsetSetting(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

const TRUE_TEXTS = new Set(['true', 'yes', '1']);
const FALSE_TEXTS = new Set(['false', 'no', '0']);

export const BOOLEAN_SETTING_EXPECTATION = 'expected true or false (or yes/no, 1/0)';

function booleanOf(value: unknown): unknown {
  if (isUnsetSetting(value)) return undefined;
  if (value === 1 || value === 0) return value === 1;
  if (typeof value !== 'string') return value;
  const text = value.trim().toLowerCase();
  if (TRUE_TEXTS.has(text)) return true;
  if (FALSE_TEXTS.has(text)) return false;
  return value;
}

// Decimal only: Number() would also read `0x10`, `0b1` and `Infinity`.
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function numberOf(value: unknown): unknown {
  if (isUnsetSetting(value)) return undefined;
  if (typeof value !== 'string' || !DECIMAL.test(value.trim())) return value;
  const parsed = Number(value.trim());
  return Number.isFinite(parsed) ? parsed : value;
}

/** A boolean setting; unset gives `fallback`. */
export function booleanSetting(fallback: boolean) {
  return z.preprocess(booleanOf, z.boolean({ error: BOOLEAN_SETTING_EXPECTATION }).default(fallback));
}

/** A boolean setting that stays undefined when unset. */
export function optionalBooleanSetting() {
  return z.preprocess(booleanOf, z.boolean({ error: BOOLEAN_SETTING_EXPECTATION }).optional());
}

export interface NumberRule {
  min: number;
  max?: number;
  integer?: boolean;
}

export function numberExpectation(rule: NumberRule): string {
  const what = rule.integer ? 'an integer' : 'a number';
  return rule.max === undefined ? `expected ${what} of at least ${rule.min}` : `expected ${what} from ${rule.min} to ${rule.max}`;
}

function numberSchema(rule: NumberRule) {
  const error = numberExpectation(rule);
  // z.number() refuses Infinity and NaN by itself.
  const base = rule.integer ? z.number({ error }).int({ error }) : z.number({ error });
  const bounded = base.min(rule.min, { error });
  return rule.max === undefined ? bounded : bounded.max(rule.max, { error });
}

/** A number setting; unset gives `fallback`. */
export function numberSetting(rule: NumberRule, fallback: number) {
  return z.preprocess(numberOf, numberSchema(rule).default(fallback));
}

/** A number setting that stays undefined when unset. */
export function optionalNumberSetting(rule: NumberRule) {
  return z.preprocess(numberOf, numberSchema(rule).optional());
}

/** A text setting (trimmed); unset gives undefined. */
export function optionalStringSetting() {
  return z.preprocess(
    (value) => (isUnsetSetting(value) ? undefined : typeof value === 'string' ? value.trim() : value),
    z.string({ error: 'expected a string' }).optional(),
  );
}

/** One of a few words, in any case; unset gives undefined. */
export function optionalEnumSetting<const T extends readonly [string, ...string[]]>(values: T) {
  const error = `expected ${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
  return z.preprocess(
    (value) => (isUnsetSetting(value) ? undefined : typeof value === 'string' ? value.trim().toLowerCase() : value),
    z.enum(values, { error }).optional(),
  );
}

/** A list of strings: a JSON list, or comma-separated text; unset gives []. */
export function stringListSetting() {
  return z.preprocess(
    (value) => {
      if (isUnsetSetting(value)) return [];
      if (typeof value === 'string') return value.split(',').map((item) => item.trim()).filter((item) => item !== '');
      if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.map((item: string) => item.trim());
      return value;
    },
    z.array(z.string(), { error: 'expected a list of strings or a comma-separated string' }),
  );
}

/** The first problem of a settings object: which key, the value it had, and what was expected. */
export interface SettingProblem {
  key: string;
  value: unknown;
  expectation: string;
}

/** How an environment variable's problem reads: `NAME="value" is invalid: expected ...`. */
export function envSettingMessage({ key, value, expectation }: SettingProblem): string {
  return `${key}=${JSON.stringify(value)} is invalid: ${expectation}`;
}

/**
 * Parses `values` (keyed by setting name) with `schema`; the first problem becomes the error
 * `describe` makes of it, so each source names its settings its own way (env var, CDK context key).
 */
export function parseSettings<S extends z.ZodType>(schema: S, values: Record<string, unknown>, describe: (problem: SettingProblem) => Error): z.output<S> {
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = String(issue?.path[0] ?? '');
  throw describe({ key, value: values[key], expectation: issue?.message ?? 'invalid' });
}

/** The values of a settings object's keys, read one by one (CDK context has no "all keys"). */
export function readSettingKeys(shape: Record<string, unknown>, read: (key: string) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.keys(shape).map((key) => [key, read(key)]));
}
