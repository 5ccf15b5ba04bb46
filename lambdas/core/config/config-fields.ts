// Reading typed fields out of a parsed config document, collecting a problem (file, resource,
// field) for every field that is missing, mistyped or unknown instead of stopping at the first.
import type { ConfigProblem } from './config-error';
import { ScalarTemplate } from '../template/scalar-template';

export type YamlMap = Record<string, unknown>;

export class FieldReader {
  constructor(
    readonly file: string,
    readonly problems: ConfigProblem[],
    readonly resourceId?: string,
  ) {}

  forResource(resourceId: string): FieldReader {
    return new FieldReader(this.file, this.problems, resourceId);
  }

  problem(field: string | undefined, message: string): void {
    this.problems.push({ file: this.file, ...(this.resourceId !== undefined ? { resourceId: this.resourceId } : {}), ...(field !== undefined ? { field } : {}), message });
  }

  isMap(value: unknown): value is YamlMap {
    return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof ScalarTemplate);
  }

  /** A mapping, or {} (with a problem when present but not a mapping, or required and missing). */
  map(parent: YamlMap, key: string, field: string, required = false): YamlMap {
    const value = parent[key];
    if (value === undefined || value === null) {
      if (required) this.problem(field, 'is required');
      return {};
    }
    if (!this.isMap(value)) {
      this.problem(field, `must be a mapping, got ${describe(value)}`);
      return {};
    }
    return value;
  }

  /** A plain (template-free) string. */
  string(parent: YamlMap, key: string, field: string, opts: { required?: boolean; fallback?: string } = {}): string {
    const value = parent[key];
    if (value === undefined || value === null || value === '') {
      if (opts.required) this.problem(field, value === '' ? 'must not be empty' : 'is required');
      return opts.fallback ?? '';
    }
    if (value instanceof ScalarTemplate) {
      this.problem(field, 'must be a plain value, not a template');
      return opts.fallback ?? '';
    }
    if (typeof value === 'number') return String(value);
    if (typeof value !== 'string') {
      this.problem(field, `must be a string, got ${describe(value)}`);
      return opts.fallback ?? '';
    }
    return value;
  }

  /** A string that may hold ejs tags (returned as its source text). */
  templateString(parent: YamlMap, key: string, field: string): string {
    const value = parent[key];
    if (value === undefined || value === null) return '';
    if (value instanceof ScalarTemplate) return value.source;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
    this.problem(field, `must be a string, got ${describe(value)}`);
    return '';
  }

  boolean(parent: YamlMap, key: string, field: string, fallback: boolean): boolean {
    const value = parent[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') {
      this.problem(field, `must be true or false, got ${describe(value)}`);
      return fallback;
    }
    return value;
  }

  integer(parent: YamlMap, key: string, field: string, fallback: number, min: number, max: number): number {
    const value = parent[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.problem(field, `must be an integer, got ${describe(value)}`);
      return fallback;
    }
    if (value < min || value > max) {
      this.problem(field, `must be between ${min} and ${max}, got ${value}`);
      return fallback;
    }
    return value;
  }

  enumValue<T extends string>(parent: YamlMap, key: string, field: string, allowed: readonly T[], fallback: T): T {
    const value = parent[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.problem(field, `must be one of ${allowed.join(', ')}, got ${describe(value)}`);
      return fallback;
    }
    return value as T;
  }

  stringList(parent: YamlMap, key: string, field: string): string[] {
    const value = parent[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.problem(field, `must be a list of strings, got ${describe(value)}`);
      return [];
    }
    const out: string[] = [];
    value.forEach((item, index) => {
      if (typeof item === 'string' && item !== '') out.push(item);
      else this.problem(`${field}[${index}]`, `must be a non-empty string, got ${describe(item)}`);
    });
    return out;
  }

  /** Reports keys that are not part of the shape (typos such as `dependsOn`). */
  unknownKeys(value: YamlMap, allowed: ReadonlySet<string>, field: string): void {
    for (const key of Object.keys(value)) {
      if (!allowed.has(key)) this.problem(field === '' ? key : `${field}.${key}`, 'unknown field');
    }
  }
}

export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (value instanceof ScalarTemplate) return `template ${JSON.stringify(value.source)}`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  return String(value);
}

/** API versions accepted for hub and form documents: Lynq's (so its files load) and this project's. */
export const CONFIG_API_VERSIONS = ['operator.lynq.sh/v1', 'sfn.lynq.sh/v1'] as const;

/** apiVersion, kind and metadata.name of a hub or form document; returns the name. */
export function readDocumentHeader(read: FieldReader, doc: YamlMap, kind: string): string {
  const apiVersion = read.string(doc, 'apiVersion', 'apiVersion', { required: true });
  if (apiVersion !== '' && !(CONFIG_API_VERSIONS as readonly string[]).includes(apiVersion)) {
    read.problem('apiVersion', `must be one of ${CONFIG_API_VERSIONS.join(', ')}, got ${describe(apiVersion)}`);
  }
  if (doc.kind !== kind) read.problem('kind', `must be ${kind}, got ${describe(doc.kind)}`);
  const metadata = read.map(doc, 'metadata', 'metadata', true);
  return read.string(metadata, 'name', 'metadata.name', { required: true });
}
