// The shapes of the hub and form documents (Lynq's CRDs, lynq-behaviour.md §1.1 and §2.2), as
// zod schemas: strict (an unknown key such as `dependsOn` is a problem), with Lynq's defaults,
// and with messages that name what was expected and what was found. What needs more than the
// shape (templates that compile, JSONPaths, variable names, the dependency graph) is domain code
// in hub-config.ts, form-config.ts and config-validation.ts.
//
// Sections are strictObjects (read field by field by config-schema-reader, so every problem is
// reported and the rest keeps its defaults); fields are the builders below.
// To add a field: one line in its section below, with one of the field builders (requiredText,
// optionalText, templateText, booleanField, integerField, enumField, stringList, mapping); the
// decoder then finds it, typed and defaulted, in what readDocument returns.
import * as z from '../contracts/zod-api';
import { RESOURCE_LISTS, type ResourceList, type ConflictPolicy, type CreationPolicy, type DeletionPolicy, type PatchStrategy } from './config-model';
import { ScalarTemplate } from '../template/scalar-template';

export type YamlMap = Record<string, unknown>;

/** How a found value is named in a message (a short quote of a string, never a long one). */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (value instanceof ScalarTemplate) return `template ${JSON.stringify(value.source)}`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  return typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' ? String(value) : typeof value;
}

export function isYamlMap(value: unknown): value is YamlMap {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof ScalarTemplate);
}

/** What a field that failed its check is read as, so the rest of the document can still be checked. */
const FALLBACKS = new WeakMap<z.ZodType, unknown>();
function withFallback<S extends z.ZodType>(schema: S, fallback: z.output<S>): S {
  FALLBACKS.set(schema, fallback);
  return schema;
}

/** The fallback of a field: its default if it has one, else what withFallback registered. */
export function fallbackOf(schema: z.ZodType): unknown {
  const unset = schema.safeParse(undefined);
  return unset.success ? unset.data : FALLBACKS.get(schema);
}

const isAbsent = (value: unknown): boolean => value === undefined || value === null;
/** A field set to null (`key:` with nothing after it) counts as not set, as in Lynq. */
const nullAsAbsent = (value: unknown): unknown => (value === null ? undefined : value);

/** Lynq writes some names unquoted (`database: 123`): a number is read as its text. */
function plainText(value: unknown): unknown {
  return typeof value === 'number' ? String(value) : value;
}

function plainTextProblem(value: unknown): string {
  if (isAbsent(value)) return 'is required';
  if (value === '') return 'must not be empty';
  if (value instanceof ScalarTemplate) return 'must be a plain value, not a template';
  return `must be a string, got ${describe(value)}`;
}

/** A required plain (template-free) string. */
export function requiredText() {
  return withFallback(z.preprocess(plainText, z.custom<string>((value) => typeof value === 'string' && value !== '', { error: (issue) => plainTextProblem(issue.input) })), '');
}

/** An optional plain string; unset or empty gives `fallback`. */
export function optionalText(fallback = '') {
  return z.preprocess(
    (value) => (isAbsent(value) || value === '' ? fallback : plainText(value)),
    z.custom<string>((value) => typeof value === 'string', { error: (issue) => plainTextProblem(issue.input) }),
  );
}

/** A string that may hold ejs tags, read as its source text; unset gives ''. */
export function templateText() {
  return z.preprocess(
    (value) => {
      if (isAbsent(value)) return '';
      if (value instanceof ScalarTemplate) return value.source;
      return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
    },
    z.custom<string>((value) => typeof value === 'string', { error: (issue) => `must be a string, got ${describe(issue.input)}` }),
  );
}

export function booleanField(fallback: boolean) {
  return z.preprocess(nullAsAbsent, z.custom<boolean>((value) => typeof value === 'boolean', { error: (issue) => `must be true or false, got ${describe(issue.input)}` }).default(fallback));
}

export function integerField(fallback: number, min: number, max: number) {
  return z.preprocess(nullAsAbsent, z.custom<number>((value) => typeof value === 'number' && Number.isInteger(value), { error: (issue) => `must be an integer, got ${describe(issue.input)}` })
    .refine((value) => value >= min && value <= max, { error: (issue) => `must be between ${min} and ${max}, got ${describe(issue.input)}` })
    .default(fallback));
}

export function enumField<const T extends string>(allowed: readonly T[], fallback: T) {
  return z.preprocess(nullAsAbsent, z.custom<T>((value) => typeof value === 'string' && (allowed as readonly string[]).includes(value), {
    error: (issue) => `must be one of ${allowed.join(', ')}, got ${describe(issue.input)}`,
  }).default(fallback));
}

/** A list of non-empty strings; unset gives []. */
export function stringList() {
  return z.preprocess(
    (value) => (isAbsent(value) ? [] : value),
    z.array(
      z.custom<string>((item) => typeof item === 'string' && item !== '', { error: (issue) => `must be a non-empty string, got ${describe(issue.input)}` }),
      { error: (issue) => `must be a list of strings, got ${describe(issue.input)}` },
    ),
  );
}

/** A mapping of anything (a resource body); unset gives {} unless required. */
export function mapping(required: boolean) {
  return withFallback(z.preprocess(
    (value) => (isAbsent(value) && !required ? {} : value),
    z.custom<YamlMap>(isYamlMap, { error: (issue) => (isAbsent(issue.input) ? 'is required' : `must be a mapping, got ${describe(issue.input)}`) }),
  ), {});
}

/** API versions accepted for hub and form documents: Lynq's (so its files load) and this project's. */
export const CONFIG_API_VERSIONS = ['operator.lynq.sh/v1', 'sfn.lynq.sh/v1'] as const;

function documentHeader(kind: 'LynqHub' | 'LynqForm') {
  return {
    apiVersion: withFallback(z.preprocess(plainText, z.custom<string>((value) => (CONFIG_API_VERSIONS as readonly unknown[]).includes(value), {
      error: (issue) => (isAbsent(issue.input) || issue.input === '' ? plainTextProblem(issue.input) : `must be one of ${CONFIG_API_VERSIONS.join(', ')}, got ${describe(issue.input)}`),
    })), ''),
    kind: withFallback(z.custom<string>((value) => value === kind, { error: (issue) => `must be ${kind}, got ${describe(issue.input)}` }), kind),
    // metadata is Kubernetes' ObjectMeta: only the name is read, the rest (namespace, labels) is allowed.
    metadata: z.looseObject({ name: requiredText() }),
    status: z.unknown().optional(),
  };
}

/** `30s`, `1m`, `2h`: Lynq's syncInterval. */
export const SYNC_INTERVAL = /^([0-9]+)(s|m|h)$/;

export const HUB_DOCUMENT_SCHEMA = z.strictObject({
  ...documentHeader('LynqHub'),
  spec: z.strictObject({
    source: z.strictObject({
      type: enumField(['mysql'] as const, 'mysql'),
      syncInterval: optionalText('30s').refine((text) => SYNC_INTERVAL.test(text), {
        error: (issue) => `must match ^[0-9]+(s|m|h)$ (e.g. 30s, 1m), got ${describe(issue.input)}`,
      }),
      mysql: z.strictObject({
        host: requiredText(),
        port: integerField(3306, 1, 65535),
        database: requiredText(),
        username: requiredText(),
        table: requiredText(),
        // The Secret holding the password (read by the hub decoder); the password never comes from YAML.
        passwordRef: z.preprocess(nullAsAbsent, z.custom<YamlMap>(isYamlMap, { error: 'must be a mapping (name, key)' }).optional()),
      }),
    }),
    valueMappings: z.strictObject({
      uid: requiredText(),
      activate: requiredText(),
      hostOrUrl: optionalText(),
    }),
    /** template variable -> column; the variable names are checked by the hub decoder. */
    extraValueMappings: z.preprocess(
      (value) => (isAbsent(value) ? {} : value),
      z.record(z.string(), requiredText(), { error: (issue) => `must be a mapping, got ${describe(issue.input)}` }),
    ),
  }),
});

function resourceList() {
  return z.preprocess(nullAsAbsent, z.array(z.unknown(), { error: (issue) => `must be a list, got ${describe(issue.input)}` }).optional());
}

export const FORM_DOCUMENT_SCHEMA = z.strictObject({
  ...documentHeader('LynqForm'),
  spec: z.strictObject({
    hubId: requiredText(),
    rollout: z.unknown().optional(),
    // Each entry is read by RESOURCE_SCHEMA on its own, so its problems name its resource id.
    ...Object.fromEntries(RESOURCE_LISTS.map((list) => [list, resourceList()])) as Record<ResourceList, ReturnType<typeof resourceList>>,
  }),
});

export const CREATION_POLICIES: readonly CreationPolicy[] = ['WhenNeeded', 'Once'];
export const DELETION_POLICIES: readonly DeletionPolicy[] = ['Delete', 'Retain'];
export const CONFLICT_POLICIES: readonly ConflictPolicy[] = ['Stuck', 'Force'];
export const PATCH_STRATEGIES: readonly PatchStrategy[] = ['apply', 'merge', 'replace'];
export const MAX_TIMEOUT_SECONDS = 3600;

/** One TResource entry of a form, with Lynq's defaults (lynq-behaviour.md §2.2). */
export const RESOURCE_SCHEMA = z.strictObject({
  id: withFallback(z.custom<string>((value) => typeof value === 'string' && value !== '', {
    error: (issue) => (isAbsent(issue.input) || issue.input === '' ? 'must be a non-empty string' : `must be a string, got ${describe(issue.input)}`),
  }), ''),
  spec: mapping(true),
  nameTemplate: templateText(),
  targetNamespace: templateText(),
  labelsTemplate: z.preprocess((value) => (isAbsent(value) ? {} : value), z.record(z.string(), templateText(), { error: (issue) => `must be a mapping, got ${describe(issue.input)}` })),
  annotationsTemplate: z.preprocess((value) => (isAbsent(value) ? {} : value), z.record(z.string(), templateText(), { error: (issue) => `must be a mapping, got ${describe(issue.input)}` })),
  dependIds: stringList(),
  creationPolicy: enumField(CREATION_POLICIES, 'WhenNeeded'),
  deletionPolicy: enumField(DELETION_POLICIES, 'Delete'),
  conflictPolicy: enumField(CONFLICT_POLICIES, 'Stuck'),
  patchStrategy: enumField(PATCH_STRATEGIES, 'apply'),
  waitForReady: booleanField(true),
  timeoutSeconds: integerField(300, 1, MAX_TIMEOUT_SECONDS),
  skipOnDependencyFailure: booleanField(true),
  ignoreFields: stringList(),
});
