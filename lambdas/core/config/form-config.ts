// form.yaml -> FormConfig (DESIGN §2), with Lynq's TResource defaults (lynq-behaviour.md §2.2).
// Checks every field of every resource, including that each template compiles; the checks that
// need the whole form or project (ids, dependIds, cycles, hubId) are in config-validation.
import { createHash } from 'node:crypto';
import {
  RESOURCE_LISTS, type ConflictPolicy, type CreationPolicy, type DeletionPolicy, type FormConfig, type FormRolloutConfig, type PatchStrategy,
  type ResourceList, type ResourceTemplate,
} from './config-model';
import type { ConfigProblem } from './config-error';
import { FieldReader, describe, readDocumentHeader, type YamlMap } from './config-fields';
import { parseSingleDocument } from './config-document';
import { ScalarTemplate } from '../template/scalar-template';
import { compileTemplate, TemplateSyntaxError } from '../template/template-compile';
import { isTemplateText } from '../template/template-tags';
import { jsonPathProblem } from '../apply/jsonpath-syntax';
import { canonicalJson } from '../apply/canonical-json';
import { fieldPath } from './field-path';

export interface FormParseResult {
  form: FormConfig | null;
  problems: ConfigProblem[];
}

export const CREATION_POLICIES: readonly CreationPolicy[] = ['WhenNeeded', 'Once'];
export const DELETION_POLICIES: readonly DeletionPolicy[] = ['Delete', 'Retain'];
export const CONFLICT_POLICIES: readonly ConflictPolicy[] = ['Stuck', 'Force'];
export const PATCH_STRATEGIES: readonly PatchStrategy[] = ['apply', 'merge', 'replace'];
export const MAX_TIMEOUT_SECONDS = 3600;

const RESOURCE_FIELDS = new Set([
  'id', 'spec', 'nameTemplate', 'targetNamespace', 'labelsTemplate', 'annotationsTemplate', 'dependIds', 'creationPolicy',
  'deletionPolicy', 'conflictPolicy', 'patchStrategy', 'waitForReady', 'timeoutSeconds', 'skipOnDependencyFailure', 'ignoreFields',
]);
const FORM_SPEC_FIELDS = new Set<string>(['hubId', 'rollout', ...RESOURCE_LISTS]);

function checkCompiles(read: FieldReader, source: string, field: string): void {
  if (!isTemplateText(source)) return;
  try {
    compileTemplate(source);
  } catch (error) {
    if (!(error instanceof TemplateSyntaxError)) throw error;
    read.problem(field, error.message);
  }
}

/** Compiles every template in a resource body (values and keys), reporting each one that does not compile. */
function checkBodyTemplates(read: FieldReader, value: unknown, keys: Array<string | number>): void {
  if (value instanceof ScalarTemplate) {
    try {
      value.compile();
    } catch (error) {
      if (!(error instanceof TemplateSyntaxError)) throw error;
      read.problem(fieldPath(keys, 'spec'), error.message);
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => checkBodyTemplates(read, item, [...keys, index]));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      checkCompiles(read, key, fieldPath([...keys, key], 'spec'));
      checkBodyTemplates(read, item, [...keys, key]);
    }
  }
}

function templateMap(read: FieldReader, entry: YamlMap, key: string): Record<string, string> {
  const map = read.map(entry, key, key);
  const out: Record<string, string> = {};
  for (const name of Object.keys(map)) {
    const field = fieldPath([name], key);
    checkCompiles(read, name, field);
    const value = read.templateString(map, name, field);
    checkCompiles(read, value, field);
    out[name] = value;
  }
  return out;
}

function isNonEmptyText(value: unknown): boolean {
  return (typeof value === 'string' && value !== '') || value instanceof ScalarTemplate;
}

function decodeResource(formRead: FieldReader, entry: unknown, list: ResourceList, index: number): ResourceTemplate | null {
  const where = `spec.${list}[${index}]`;
  if (!formRead.isMap(entry)) {
    formRead.problem(where, `must be a mapping, got ${describe(entry)}`);
    return null;
  }
  const rawId = entry.id;
  const id = typeof rawId === 'string' ? rawId : typeof rawId === 'number' ? String(rawId) : '';
  // A resource without a usable id is named by its place in the list.
  const read = formRead.forResource(id !== '' ? id : `${list}[${index}]`);
  if (rawId === undefined || rawId === null || rawId === '') read.problem('id', 'must be a non-empty string');
  else if (typeof rawId !== 'string') read.problem('id', `must be a string, got ${describe(rawId)}`);
  read.unknownKeys(entry, RESOURCE_FIELDS, '');

  const spec = read.map(entry, 'spec', 'spec', true);
  for (const field of ['apiVersion', 'kind'] as const) {
    if (!isNonEmptyText(spec[field])) read.problem(`spec.${field}`, `is required (a non-empty string), got ${describe(spec[field])}`);
  }
  const metadata = spec.metadata;
  if (metadata !== undefined && metadata !== null && !read.isMap(metadata)) read.problem('spec.metadata', `must be a mapping, got ${describe(metadata)}`);
  checkBodyTemplates(read, spec, []);

  const nameTemplate = read.templateString(entry, 'nameTemplate', 'nameTemplate');
  checkCompiles(read, nameTemplate, 'nameTemplate');
  if (nameTemplate === '' && !isNonEmptyText(read.isMap(metadata) ? metadata.name : undefined)) {
    read.problem('nameTemplate', 'is required when spec.metadata.name is not set');
  }
  const targetNamespace = read.templateString(entry, 'targetNamespace', 'targetNamespace');
  checkCompiles(read, targetNamespace, 'targetNamespace');

  const ignoreFields = read.stringList(entry, 'ignoreFields', 'ignoreFields');
  ignoreFields.forEach((path, i) => {
    const problem = jsonPathProblem(path);
    if (problem) read.problem(`ignoreFields[${i}]`, `invalid JSONPath ${JSON.stringify(path)}: ${problem}`);
  });

  return {
    id,
    list,
    spec,
    nameTemplate,
    targetNamespace,
    labelsTemplate: templateMap(read, entry, 'labelsTemplate'),
    annotationsTemplate: templateMap(read, entry, 'annotationsTemplate'),
    dependIds: read.stringList(entry, 'dependIds', 'dependIds'),
    creationPolicy: read.enumValue(entry, 'creationPolicy', 'creationPolicy', CREATION_POLICIES, 'WhenNeeded'),
    deletionPolicy: read.enumValue(entry, 'deletionPolicy', 'deletionPolicy', DELETION_POLICIES, 'Delete'),
    conflictPolicy: read.enumValue(entry, 'conflictPolicy', 'conflictPolicy', CONFLICT_POLICIES, 'Stuck'),
    patchStrategy: read.enumValue(entry, 'patchStrategy', 'patchStrategy', PATCH_STRATEGIES, 'apply'),
    waitForReady: read.boolean(entry, 'waitForReady', 'waitForReady', true),
    timeoutSeconds: read.integer(entry, 'timeoutSeconds', 'timeoutSeconds', 300, 1, MAX_TIMEOUT_SECONDS),
    skipOnDependencyFailure: read.boolean(entry, 'skipOnDependencyFailure', 'skipOnDependencyFailure', true),
    ignoreFields,
  };
}

/**
 * Hash of the form document's content: quoting counts (it decides types), comments and key order do
 * not. spec.rollout is left out: how a change rolls out is not a change every node must apply.
 */
export function formContentHash(doc: unknown): string {
  const text = canonicalJson(withoutRollout(doc), (value) => (value instanceof ScalarTemplate ? { $template: value.source, quoted: value.quoted } : value));
  return createHash('sha256').update(text).digest('hex');
}

function withoutRollout(doc: unknown): unknown {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return doc;
  const spec = (doc as Record<string, unknown>).spec;
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec) || !('rollout' in spec)) return doc;
  const { rollout: _rollout, ...rest } = spec as Record<string, unknown>;
  return { ...(doc as Record<string, unknown>), spec: rest };
}

const ROLLOUT_FIELDS = new Set(['maxSkew', 'progressDeadlineSeconds']);
/** Lynq's bound; accepted for compatibility, not used (Lynq does not use it either). */
const MAX_PROGRESS_DEADLINE_SECONDS = 3600;

function decodeRollout(read: FieldReader, spec: YamlMap): FormRolloutConfig {
  if (spec.rollout === undefined || spec.rollout === null) return { maxSkew: 0 };
  const rollout = read.map(spec, 'rollout', 'spec.rollout');
  read.unknownKeys(rollout, ROLLOUT_FIELDS, 'spec.rollout');
  const maxSkew = read.integer(rollout, 'maxSkew', 'spec.rollout.maxSkew', 0, 0, Number.MAX_SAFE_INTEGER);
  read.integer(rollout, 'progressDeadlineSeconds', 'spec.rollout.progressDeadlineSeconds', 600, 60, MAX_PROGRESS_DEADLINE_SECONDS);
  return { maxSkew };
}

/** Decodes one parsed LynqForm document. */
export function decodeFormDocument(doc: YamlMap, file: string, problems: ConfigProblem[]): FormConfig {
  const read = new FieldReader(file, problems);
  const name = readDocumentHeader(read, doc, 'LynqForm');
  read.unknownKeys(doc, new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status']), '');
  const spec = read.map(doc, 'spec', 'spec', true);
  read.unknownKeys(spec, FORM_SPEC_FIELDS, 'spec');
  const hubId = read.string(spec, 'hubId', 'spec.hubId', { required: true });

  const resources: ResourceTemplate[] = [];
  for (const list of RESOURCE_LISTS) {
    const entries = spec[list];
    if (entries === undefined || entries === null) continue;
    if (!Array.isArray(entries)) {
      read.problem(`spec.${list}`, `must be a list, got ${describe(entries)}`);
      continue;
    }
    entries.forEach((entry, index) => {
      const resource = decodeResource(read, entry, list, index);
      if (resource) resources.push(resource);
    });
  }
  if (resources.length === 0 && !problems.some((p) => p.file === file)) read.problem('spec', 'the form has no resources');
  const rollout = decodeRollout(read, spec);
  return { name, file, hubId, resources, contentHash: formContentHash(doc), rollout };
}

/** Parses a form file (one LynqForm document). Checks fields and templates, not the dependency graph. */
export function parseFormConfig(text: string, file: string): FormParseResult {
  const { value, problems } = parseSingleDocument(text, file, 'LynqForm', decodeFormDocument);
  return { form: value, problems };
}
