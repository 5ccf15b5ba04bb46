// form.yaml -> FormConfig (DESIGN §2), with Lynq's TResource defaults (lynq-behaviour.md §2.2).
// Checks every field of every resource, including that each template compiles; the checks that
// need the whole form or project (ids, dependIds, cycles, hubId) are in config-validation.
import { createHash } from 'node:crypto';
import { RESOURCE_LISTS, type FormConfig, type FormRolloutConfig, type ResourceList, type ResourceTemplate } from './config-model';
import type { ConfigProblem } from './config-error';
import * as z from '../contracts/zod-api';
import { FORM_DOCUMENT_SCHEMA, RESOURCE_SCHEMA, describe, integerField, isYamlMap, type YamlMap } from './config-schemas';
import { readDocument, type ProblemSink } from './config-schema-reader';
import { ScalarTemplate } from '../template/scalar-template';
import { compileTemplate, TemplateSyntaxError } from '../template/template-compile';
import { isTemplateText } from '../template/template-tags';
import { jsonPathProblem } from '../apply/jsonpath-syntax';
import { canonicalJson } from '../apply/canonical-json';
import { fieldPath } from './field-path';

export { CONFLICT_POLICIES, CREATION_POLICIES, DELETION_POLICIES, MAX_TIMEOUT_SECONDS, PATCH_STRATEGIES } from './config-schemas';

/** Problems of one form file, optionally of one of its resources. */
type Sink = ProblemSink;

function problem(sink: Sink, field: string, message: string): void {
  sink.problems.push({ file: sink.file, ...(sink.resourceId !== undefined ? { resourceId: sink.resourceId } : {}), field, message });
}

function reportSyntaxError(read: Sink, source: string, field: string): void {
  try {
    compileTemplate(source);
  } catch (error) {
    if (!(error instanceof TemplateSyntaxError)) throw error;
    problem(read, field, error.message);
  }
}

/** A plain string field may hold tags (a template) or none (its value as written). */
function checkCompiles(read: Sink, source: string, field: string): void {
  if (isTemplateText(source)) reportSyntaxError(read, source, field);
}

/** Compiles every template in a resource body (values and keys), reporting each one that does not compile. */
function checkBodyTemplates(read: Sink, value: unknown, keys: Array<string | number>): void {
  if (value instanceof ScalarTemplate) {
    reportSyntaxError(read, value.source, fieldPath(keys, 'spec'));
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => { checkBodyTemplates(read, item, [...keys, index]); });
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      checkCompiles(read, key, fieldPath([...keys, key], 'spec'));
      checkBodyTemplates(read, item, [...keys, key]);
    }
  }
}

/** Checks that every key and value of a labels/annotations template map compiles. */
function checkTemplateMap(read: Sink, map: Record<string, string>, key: string): void {
  for (const [name, value] of Object.entries(map)) {
    const field = fieldPath([name], key);
    checkCompiles(read, name, field);
    checkCompiles(read, value, field);
  }
}

function isNonEmptyText(value: unknown): boolean {
  return (typeof value === 'string' && value !== '') || value instanceof ScalarTemplate;
}

/** One resource entry: its shape by RESOURCE_SCHEMA, then what needs more than a shape (templates, JSONPaths). */
function decodeResource(formSink: Sink, entry: unknown, list: ResourceList, index: number): ResourceTemplate | null {
  const where = `spec.${list}[${index}]`;
  if (!isYamlMap(entry)) {
    problem(formSink, where, `must be a mapping, got ${describe(entry)}`);
    return null;
  }
  const rawId = entry.id;
  const id = typeof rawId === 'string' ? rawId : typeof rawId === 'number' ? String(rawId) : '';
  // A resource without a usable id is named by its place in the list.
  const read: Sink = { file: formSink.file, problems: formSink.problems, resourceId: id !== '' ? id : `${list}[${index}]` };
  const resource = readDocument(RESOURCE_SCHEMA, entry, read);

  const spec = resource.spec;
  for (const field of ['apiVersion', 'kind'] as const) {
    if (!isNonEmptyText(spec[field])) problem(read, `spec.${field}`, `is required (a non-empty string), got ${describe(spec[field])}`);
  }
  const metadata = spec.metadata;
  if (metadata !== undefined && metadata !== null && !isYamlMap(metadata)) problem(read, 'spec.metadata', `must be a mapping, got ${describe(metadata)}`);
  checkBodyTemplates(read, spec, []);

  checkCompiles(read, resource.nameTemplate, 'nameTemplate');
  if (resource.nameTemplate === '' && !isNonEmptyText(isYamlMap(metadata) ? metadata.name : undefined)) {
    problem(read, 'nameTemplate', 'is required when spec.metadata.name is not set');
  }
  checkCompiles(read, resource.targetNamespace, 'targetNamespace');
  resource.ignoreFields.forEach((path, i) => {
    const invalid = jsonPathProblem(path);
    if (invalid) problem(read, `ignoreFields[${i}]`, `invalid JSONPath ${JSON.stringify(path)}: ${invalid}`);
  });
  checkTemplateMap(read, resource.labelsTemplate, 'labelsTemplate');
  checkTemplateMap(read, resource.annotationsTemplate, 'annotationsTemplate');

  return { ...resource, id, list };
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

/** Lynq's spec.rollout; progressDeadlineSeconds is accepted within Lynq's bounds and not used (Lynq does not use it either). */
const ROLLOUT_SCHEMA = z.strictObject({
  maxSkew: integerField(0, 0, Number.MAX_SAFE_INTEGER),
  progressDeadlineSeconds: integerField(600, 60, 3600),
});

function decodeRollout(sink: ProblemSink, rollout: unknown): FormRolloutConfig {
  if (rollout === undefined || rollout === null) return { maxSkew: 0 };
  const { maxSkew } = readDocument(ROLLOUT_SCHEMA, rollout, sink, ['spec', 'rollout']);
  return { maxSkew };
}

/** Decodes one parsed LynqForm document. */
export function decodeFormDocument(doc: YamlMap, file: string, problems: ConfigProblem[]): FormConfig {
  const sink: Sink = { file, problems };
  const { metadata, spec } = readDocument(FORM_DOCUMENT_SCHEMA, doc, sink);
  const resources: ResourceTemplate[] = [];
  for (const list of RESOURCE_LISTS) {
    (spec[list] ?? []).forEach((entry, index) => {
      const resource = decodeResource(sink, entry, list, index);
      if (resource) resources.push(resource);
    });
  }
  if (resources.length === 0 && !problems.some((p) => p.file === file)) problems.push({ file, field: 'spec', message: 'the form has no resources' });
  const rollout = decodeRollout(sink, spec.rollout);
  return { name: metadata.name, file, hubId: spec.hubId, resources, contentHash: formContentHash(doc), rollout };
}
