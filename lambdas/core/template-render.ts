// Renders a form's resources for one node (DESIGN §3). Every string scalar is rendered on its
// own and put back in the place it came from, so a value can never add keys, items or
// documents: the structure of a manifest comes only from the form.
import type { FormConfig, NodeValues, ResourceTemplate } from './config-model';
import type { KubeObject, RenderedResource } from './rendered-resource';
import { compileTemplate, type TemplateScope } from './template-compile';
import { ScalarTemplate } from './scalar-template';
import { TEMPLATE_HELPERS } from './template-helpers';
import { isTemplateText } from './template-tags';
import { typedScalar } from './typed-scalar';
import { isStringOnlyField } from './string-only-fields';
import { fieldPath as formatPath } from './field-path';
import { setOwn } from './own-property';
import { templateVariables } from './row-mapping';
import { attachGoTemplateContext } from './go-template/go-template-scope';
import { GoTemplateMissingKeyError } from './go-template/go-template';

export interface RenderOptions {
  /** Pinned clock (the execution's start), so a render is deterministic. */
  now: Date;
}

export class RenderError extends Error {
  constructor(
    readonly resourceId: string,
    readonly fieldPath: string,
    readonly reason: string,
    readonly uid?: string,
    readonly formName?: string,
  ) {
    const where = [uid !== undefined ? `node '${uid}'` : '', formName !== undefined ? `form '${formName}'` : '', `resource '${resourceId}'`, `field ${fieldPath}`]
      .filter((part) => part !== '')
      .join(', ');
    super(`cannot render ${where}: ${reason}`);
    this.name = 'RenderError';
  }
}

// Names a template could use to reach the process. Shadowing them keeps a form's templates to
// data and helpers; values from the table are never evaluated at all.
const SHADOWED_GLOBALS = ['process', 'require', 'module', 'exports', 'global', 'globalThis', 'Buffer', 'eval', 'Function', 'fetch', 'setTimeout', 'setInterval', 'setImmediate'];

/** What every template of a render sees: shadowed globals, helpers, the variables, `now`. */
export function templateScope(variables: NodeValues, now: Date): TemplateScope {
  const scope: TemplateScope = Object.create(null);
  for (const name of SHADOWED_GLOBALS) scope[name] = undefined;
  Object.assign(scope, TEMPLATE_HELPERS);
  for (const [name, value] of Object.entries(variables)) setOwn(scope, name, value);
  scope.now = new Date(now.getTime());
  attachGoTemplateContext(scope, variables, now);
  return scope;
}

const UNDEFINED_VARIABLE = /^(\S+) is not defined$/;

/** The variable name when a template failed because it named something not in scope. */
export function undefinedVariableOf(error: unknown): string | null {
  if (error instanceof GoTemplateMissingKeyError) return error.topLevel ? error.key : null;
  if (!(error instanceof ReferenceError)) return null;
  return UNDEFINED_VARIABLE.exec(error.message)?.[1] ?? null;
}

interface RenderContext {
  resourceId: string;
  scope: TemplateScope;
  kind: unknown;
  uid: string;
  formName: string;
}

function fail(ctx: RenderContext, path: string, reason: string): never {
  throw new RenderError(ctx.resourceId, path, reason, ctx.uid, ctx.formName);
}

function run<T = string>(fn: (scope: TemplateScope) => T, ctx: RenderContext, path: () => string): T {
  try {
    return fn(ctx.scope);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const missing = undefinedVariableOf(error);
    if (missing !== null) fail(ctx, path(), `undefined variable '${missing}'`);
    fail(ctx, path(), `template threw: ${withoutRowValues(message.split('\n')[0], ctx.scope)}`);
  }
}

/**
 * A template's own exception may quote the data it choked on (JSON.parse does): row values are
 * untrusted and may be sensitive, so they never reach an error message. The uid names the node anyway.
 */
function withoutRowValues(message: string, scope: TemplateScope): string {
  let text = message;
  for (const [name, value] of Object.entries(scope)) {
    if (name === 'uid' || typeof value !== 'string' || value.length < 3) continue;
    text = text.split(value).join(`<value of ${name}>`);
  }
  return text;
}

function renderTree(value: unknown, keys: Array<string | number>, ctx: RenderContext, prefix: string): unknown {
  if (value instanceof ScalarTemplate) {
    const fn = value.compile();
    const out = run(fn.typed ?? fn, ctx, () => formatPath(keys, prefix));
    const stringOnly = isStringOnlyField(keys, ctx.kind);
    // A Go typed pipeline (`{{ .x | int }}`) is native even when quoted, as in Lynq.
    if (typeof out !== 'string') return stringOnly ? String(out) : out;
    return value.quoted || stringOnly ? out : typedScalar(out);
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => {
      keys.push(index);
      const out = renderTree(item, keys, ctx, prefix);
      keys.pop();
      return out;
    });
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [rawKey, item] of Object.entries(value)) {
      let key = rawKey;
      if (isTemplateText(rawKey)) {
        keys.push(rawKey);
        key = run(compileTemplate(rawKey), ctx, () => formatPath(keys, prefix));
        if (key === '') fail(ctx, formatPath(keys, prefix), 'key template rendered to an empty key');
        keys.pop();
      }
      if (Object.prototype.hasOwnProperty.call(out, key)) {
        fail(ctx, formatPath([...keys, key], prefix), 'two keys render to the same name');
      }
      keys.push(key);
      setOwn(out, key, renderTree(item, keys, ctx, prefix));
      keys.pop();
    }
    return out;
  }
  return value;
}

function renderText(source: string, ctx: RenderContext, path: string): string {
  return isTemplateText(source) ? run(compileTemplate(source), ctx, () => path) : source;
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [key, item] of Object.entries(value)) setOwn(out, key, item === null || item === undefined ? '' : String(item));
  return out;
}

function renderTemplateMap(map: Record<string, string>, ctx: RenderContext, field: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawKey, source] of Object.entries(map)) {
    const key = renderText(rawKey, ctx, formatPath([rawKey], field));
    setOwn(out, key, renderText(source, ctx, formatPath([key], field)));
  }
  return out;
}

function renderOne(form: FormConfig, resource: ResourceTemplate, scope: TemplateScope, uid: string): RenderedResource {
  const rawKind = (resource.spec as { kind?: unknown } | null)?.kind;
  const ctx: RenderContext = { resourceId: resource.id, scope, kind: rawKind instanceof ScalarTemplate ? undefined : rawKind, uid, formName: form.name };
  const body = renderTree(resource.spec, [], ctx, '');
  if (body === null || typeof body !== 'object' || Array.isArray(body)) fail(ctx, 'spec', 'the resource spec is not an object');
  const object = body as Record<string, unknown>;
  for (const field of ['apiVersion', 'kind'] as const) {
    if (typeof object[field] !== 'string' || object[field] === '') fail(ctx, field, `${field} must render to a non-empty string`);
  }
  const rawMetadata = object.metadata ?? {};
  if (rawMetadata === null || typeof rawMetadata !== 'object' || Array.isArray(rawMetadata)) fail(ctx, 'metadata', 'metadata must be an object');
  const metadata = rawMetadata as Record<string, unknown>;

  const name = renderText(resource.nameTemplate, ctx, 'nameTemplate');
  if (name !== '') metadata.name = name;
  if (typeof metadata.name !== 'string' || metadata.name === '') fail(ctx, 'nameTemplate', 'no name: nameTemplate and spec.metadata.name are both empty');

  if (object.kind === 'Namespace') {
    delete metadata.namespace; // cluster-scoped: targetNamespace does not apply
  } else {
    const namespace = renderText(resource.targetNamespace, ctx, 'targetNamespace');
    if (namespace !== '') metadata.namespace = namespace;
  }

  const labels = { ...stringMap(metadata.labels), ...renderTemplateMap(resource.labelsTemplate, ctx, 'labelsTemplate') };
  if (metadata.labels !== undefined || Object.keys(labels).length > 0) metadata.labels = labels;
  const annotations = { ...stringMap(metadata.annotations), ...renderTemplateMap(resource.annotationsTemplate, ctx, 'annotationsTemplate') };
  if (metadata.annotations !== undefined || Object.keys(annotations).length > 0) metadata.annotations = annotations;

  // name and namespace first, as kubectl shows them.
  const { name: finalName, namespace: finalNamespace, ...rest } = metadata;
  object.metadata = { name: finalName, ...(finalNamespace !== undefined ? { namespace: finalNamespace } : {}), ...rest };
  return { id: resource.id, template: resource, manifest: object as unknown as KubeObject };
}

/** All resources of the form for one node, in form order. Throws RenderError. */
export function renderResources(form: FormConfig, variables: NodeValues, opts: RenderOptions): RenderedResource[] {
  const scope = templateScope(templateVariables(variables, form), opts.now);
  return form.resources.map((resource) => renderOne(form, resource, scope, variables.uid));
}

/** One resource of the form for one node. Throws RenderError (also for an unknown id). */
export function renderResource(form: FormConfig, resourceId: string, variables: NodeValues, opts: RenderOptions): RenderedResource {
  const resource = form.resources.find((candidate) => candidate.id === resourceId);
  if (!resource) throw new RenderError(resourceId, 'id', `form '${form.name}' has no resource with this id`, variables.uid, form.name);
  return renderOne(form, resource, templateScope(templateVariables(variables, form), opts.now), variables.uid);
}
