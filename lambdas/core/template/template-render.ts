// Renders a form's resources for one node (DESIGN §3). Every string scalar is rendered on its
// own and put back in the place it came from, so a value can never add keys, items or
// documents: the structure of a manifest comes only from the form.
import type { FormConfig, NodeValues, ResourceTemplate } from '../config/config-model';
import type { KubeObject, RenderedResource } from './rendered-resource';
import { boundedNamesOf, compileTemplate, type CompiledTemplate } from './template-compile';
import { newScope, TemplateTimeoutError, type TemplateScope } from './template-sandbox';
import { runTemplateBatch, type BatchResult } from './template-batch';
import { attachGoTemplateContext } from './go-template/go-template-scope';
import { GoTemplateMissingKeyError } from './go-template/go-template';
import { ScalarTemplate } from './scalar-template';
import { forEachTemplateSource } from './resource-template-sources';
import { specRenderPlan, type SpecPlan } from './spec-render-plan';
import { isTemplateText } from './template-tags';
import { typedScalar } from './typed-scalar';
import { isStringOnlyField } from './string-only-fields';
import { fieldPath as formatPath } from '../config/field-path';
import { setOwn } from './own-property';
import { templateVariables } from '../sync/row-mapping';
import { redactRowValues } from '../contracts/row-value-redaction';

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

/**
 * What every template of a render sees: helpers, the variables, `now`; an object of the template
 * realm. `goTemplates: false` when none of the templates run on it is a Go template: their view
 * of the render is then not built (it costs a copy of the variables per node).
 */
export function templateScope(variables: NodeValues, now: Date, opts: { goTemplates?: boolean } = {}): TemplateScope {
  const scope = newScope(variables, now);
  if (opts.goTemplates ?? true) attachGoTemplateContext(scope, variables, now);
  return scope;
}

const UNDEFINED_VARIABLE = /^(\S+) is not defined$/;

/** The variable name when a template failed because it named something not in scope. */
export function undefinedVariableOf(failure: unknown): string | null {
  if (failure instanceof GoTemplateMissingKeyError) return failure.topLevel ? failure.key : null;
  if (failure === null || typeof failure !== 'object') return null;
  const { name, message } = failure as { name?: unknown; message?: unknown };
  if (name !== 'ReferenceError' || typeof message !== 'string') return null;
  return UNDEFINED_VARIABLE.exec(message)?.[1] ?? null;
}

/** The distinct templates of some resources, compiled, each run once per render. */
interface TemplateSet {
  index: Map<string, number>;
  fns: CompiledTemplate[];
  /** Where each template is first used, for a message about it. */
  places: Array<{ resourceId: string; field: string }>;
  /** Names the templates read when every one provably finishes quickly; null otherwise. */
  boundedNames: readonly string[] | null;
  /** Each resource's spec compiled against this set's result indexes (built on first render). */
  plans: WeakMap<ResourceTemplate, SpecPlan>;
  /** Some template is a Go template (interpreted here, with the Go view of the scope). */
  hasGoTemplates: boolean;
}

function templateSetOf(resources: readonly ResourceTemplate[]): TemplateSet {
  const set: TemplateSet = { index: new Map(), fns: [], places: [], boundedNames: [], plans: new WeakMap(), hasGoTemplates: false };
  // Per template, the names it reads when it provably finishes quickly; undefined when it may not.
  const reads: (readonly string[] | undefined)[] = [];
  for (const resource of resources) {
    forEachTemplateSource(resource, (source, field) => {
      if (set.index.has(source)) return;
      const fn = compileTemplate(source);
      set.index.set(source, set.fns.length);
      set.fns.push(fn);
      set.places.push({ resourceId: resource.id, field });
      if (fn.typed) set.hasGoTemplates = true;
      // A Go template is interpreted outside the realm's batch: it never needs the watchdog.
      reads.push(fn.typed ? [] : boundedNamesOf(fn));
    });
  }
  const boundedReads = reads.filter((read): read is readonly string[] => read !== undefined);
  set.boundedNames = boundedReads.length === reads.length ? [...new Set(boundedReads.flat())] : null;
  return set;
}

// Forms and their resources are immutable once loaded: their template sets are built once.
const formSets = new WeakMap<FormConfig, TemplateSet>();
const resourceSets = new WeakMap<ResourceTemplate, TemplateSet>();

function formTemplateSet(form: FormConfig): TemplateSet {
  let set = formSets.get(form);
  if (!set) formSets.set(form, (set = templateSetOf(form.resources)));
  return set;
}

function resourceTemplateSet(resource: ResourceTemplate): TemplateSet {
  let set = resourceSets.get(resource);
  if (!set) resourceSets.set(resource, (set = templateSetOf([resource])));
  return set;
}

/** Runs every template of the set once; a template running too long fails the render, naming it. */
function runTemplateSet(set: TemplateSet, scope: TemplateScope, uid: string, formName: string): BatchResult[] {
  const bounded = set.boundedNames !== null && set.boundedNames.every((name) => name in scope);
  try {
    return runTemplateBatch(set.fns, scope, bounded);
  } catch (error) {
    if (!(error instanceof TemplateTimeoutError)) throw error;
    const place = set.places[error.index];
    throw new RenderError(place?.resourceId ?? '', place?.field ?? '', error.message, uid, formName);
  }
}

interface RenderContext {
  resourceId: string;
  values: NodeValues;
  scope: TemplateScope;
  set: TemplateSet;
  results: BatchResult[];
  kind: unknown;
  uid: string;
  formName: string;
}

function fail(ctx: RenderContext, path: string, reason: string): never {
  throw new RenderError(ctx.resourceId, path, reason, ctx.uid, ctx.formName);
}

/** The output of one template of the render, or a RenderError for its failure. */
function output(source: string, ctx: RenderContext, path: () => string): string | number | boolean {
  const result = ctx.results[ctx.set.index.get(source) as number];
  if (result === undefined) throw new Error('internal: a template of this render has no result');
  if (typeof result !== 'object') return result;
  templateFailed(result, ctx, path());
}

/** The same for a spec field, by its result index; the path is spelled out only on failure. */
function outputAt(at: number, ctx: RenderContext, keys: Array<string | number>, prefix: string): string | number | boolean {
  const result = ctx.results[at];
  if (result === undefined) throw new Error(`internal: no result ${at} in this render`); // plans index their own set's results
  if (typeof result !== 'object') return result;
  templateFailed(result, ctx, formatPath(keys, prefix));
}

function templateFailed(result: Exclude<BatchResult, string | number | boolean>, ctx: RenderContext, path: string): never {
  const missing = undefinedVariableOf(result);
  if (missing !== null) fail(ctx, path, `undefined variable '${missing}'`);
  // A template's own exception may quote the data it choked on (JSON.parse does).
  fail(ctx, path, `template threw: ${redactRowValues(result.message.split('\n')[0] ?? '', ctx.values)}`);
}

function specPlanOf(resource: ResourceTemplate, set: TemplateSet, kind: unknown): SpecPlan {
  let plan = set.plans.get(resource);
  if (!plan) set.plans.set(resource, (plan = specRenderPlan(resource.spec, (source) => set.index.get(source) as number, kind)));
  return plan;
}

function renderTree(plan: SpecPlan, keys: Array<string | number>, ctx: RenderContext, prefix: string): unknown {
  switch (plan.kind) {
    case 'value':
      return plan.value;
    case 'template': {
      const out = outputAt(plan.at, ctx, keys, prefix);
      const stringOnly = plan.stringOnly ?? isStringOnlyField(keys, ctx.kind);
      // A Go typed pipeline (`{{ .x | int }}`) is native even when quoted, as in Lynq.
      if (typeof out !== 'string') return stringOnly ? String(out) : out;
      return plan.quoted || stringOnly ? out : typedScalar(out);
    }
    case 'array': {
      const out = new Array<unknown>(plan.items.length);
      let index = 0;
      for (const item of plan.items) {
        keys.push(index);
        out[index] = renderTree(item, keys, ctx, prefix);
        keys.pop();
        index += 1;
      }
      return out;
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const entry of plan.entries) {
        let key = entry.key;
        if (entry.keyAt >= 0) {
          keys.push(entry.key);
          key = String(outputAt(entry.keyAt, ctx, keys, prefix));
          if (key === '') fail(ctx, formatPath(keys, prefix), 'key template rendered to an empty key');
          keys.pop();
        }
        // Literal keys are distinct already; only a rendered one can meet another.
        if (plan.renderedKeys && Object.prototype.hasOwnProperty.call(out, key)) {
          fail(ctx, formatPath([...keys, key], prefix), 'two keys render to the same name');
        }
        keys.push(key);
        setOwn(out, key, renderTree(entry.value, keys, ctx, prefix));
        keys.pop();
      }
      return out;
    }
  }
}

function renderText(source: string, ctx: RenderContext, path: string): string {
  return isTemplateText(source) ? String(output(source, ctx, () => path)) : source;
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

interface RenderRun {
  values: NodeValues;
  scope: TemplateScope;
  set: TemplateSet;
  results: BatchResult[];
}

function renderOne(form: FormConfig, resource: ResourceTemplate, run: RenderRun, uid: string): RenderedResource {
  const rawKind = (resource.spec as { kind?: unknown } | null)?.kind;
  const kind = rawKind instanceof ScalarTemplate ? undefined : rawKind;
  const ctx: RenderContext = { resourceId: resource.id, ...run, kind, uid, formName: form.name };
  const body = renderTree(specPlanOf(resource, run.set, kind), [], ctx, '');
  if (body === null || typeof body !== 'object' || Array.isArray(body)) fail(ctx, 'spec', 'the resource spec is not an object');
  const object = body as Record<string, unknown>;
  for (const field of ['apiVersion', 'kind'] as const) {
    if (typeof object[field] !== 'string' || object[field] === '') fail(ctx, field, `${field} must render to a non-empty string`);
  }
  const rawMetadata = object.metadata ?? {};
  if (typeof rawMetadata !== 'object' || Array.isArray(rawMetadata)) fail(ctx, 'metadata', 'metadata must be an object');
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
  const set = formTemplateSet(form);
  const scope = templateScope(templateVariables(variables, form), opts.now, { goTemplates: set.hasGoTemplates });
  const run: RenderRun = { values: variables, scope, set, results: runTemplateSet(set, scope, variables.uid, form.name) };
  return form.resources.map((resource) => renderOne(form, resource, run, variables.uid));
}

/** One resource of the form for one node. Throws RenderError (also for an unknown id). */
export function renderResource(form: FormConfig, resourceId: string, variables: NodeValues, opts: RenderOptions): RenderedResource {
  const resource = form.resources.find((candidate) => candidate.id === resourceId);
  if (!resource) throw new RenderError(resourceId, 'id', `form '${form.name}' has no resource with this id`, variables.uid, form.name);
  const set = resourceTemplateSet(resource);
  const scope = templateScope(templateVariables(variables, form), opts.now, { goTemplates: set.hasGoTemplates });
  return renderOne(form, resource, { values: variables, scope, set, results: runTemplateSet(set, scope, variables.uid, form.name) }, variables.uid);
}
