// Validates a whole configuration directory (DESIGN §2), from its parsed files (YAML files:
// config-text; the functions' compiled file: compiled-config): one or more hubs, their forms, every
// form's dependency graph sound and pointing at a hub of the directory. Field-level rules (enums, timeouts,
// apiVersion/kind, templates, ignoreFields, required hub fields) are checked while decoding in
// hub-config / form-config; this file adds the rules that need a whole form or project, and
// collects everything into one list so the user sees every problem at once.
import type { ConfigDirectory, FormConfig, HubConfig } from './config-model';
import type { ConfigProblem } from './config-error';
import type { ParsedFile } from '../template/template-document';
import { decodeHubDocument } from './hub-config';
import { decodeFormDocument } from './form-config';
import { findDependencyCycles } from '../apply/dependency-graph';
import { describe, type YamlMap } from './config-schemas';
import { templateScope, undefinedVariableOf } from '../template/template-render';
import type { NodeValues, ResourceTemplate } from './config-model';
import { templateVariables } from '../sync/row-mapping';
import { compileTemplate, type CompiledTemplate } from '../template/template-compile';
import { forEachTemplateSource } from '../template/resource-template-sources';
import { TemplateTimeoutError } from '../template/template-sandbox';
import { runTemplateBatch, type BatchResult } from '../template/template-batch';
import { GoTemplateExecError } from '../template/go-template/go-template';
import { describePosition } from '../template/go-template/go-template-error';
import { formNameCollision } from './node-name-collision';

/** One file of a configuration directory, parsed: its documents, or the problems that kept it from parsing. */
export interface ParsedConfigFile extends ParsedFile {
  /** Name used in messages (e.g. `form.yaml`). */
  file: string;
}

export interface ProjectValidation {
  directory: ConfigDirectory | null;
  problems: ConfigProblem[];
}

/** Ids unique across all lists, dependIds known, no cycles (self-reference included). */
export function validateFormGraph(form: FormConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const firstPlace = new Map<string, string>();
  form.resources.forEach((resource) => {
    if (resource.id === '') return; // reported while decoding
    const place = resource.list;
    const earlier = firstPlace.get(resource.id);
    if (earlier !== undefined) {
      problems.push({ file: form.file, resourceId: resource.id, field: 'id', message: `duplicate resource id (also used in ${earlier}); ids must be unique across all lists` });
    } else {
      firstPlace.set(resource.id, place);
    }
  });
  for (const resource of form.resources) {
    resource.dependIds.forEach((dep, index) => {
      if (!firstPlace.has(dep)) {
        problems.push({ file: form.file, resourceId: resource.id, field: `dependIds[${index}]`, message: `depends on unknown resource '${dep}'` });
      }
    });
  }
  const unique = form.resources.filter((r, i) => r.id !== '' && form.resources.findIndex((o) => o.id === r.id) === i);
  for (const cycle of findDependencyCycles(unique)) {
    problems.push({ file: form.file, resourceId: cycle[0], field: 'dependIds', message: `circular dependency: ${cycle.join(' -> ')}` });
  }
  return problems;
}

/** Every template of a resource, compiled, with its field path (relative to the resource entry). */
function resourceTemplates(resource: ResourceTemplate): Array<{ field: string; fn: CompiledTemplate }> {
  const out: Array<{ field: string; fn: CompiledTemplate }> = [];
  forEachTemplateSource(resource, (source, field) => out.push({ field, fn: compileTemplate(source) }), 'spec');
  return out;
}

/**
 * Runs every template once with sample values for exactly the variables the hub provides, and
 * reports each reference to a variable no row can have (a typo such as `dbInstanceClas`).
 * Sound but partial: other template errors are left to render time (they depend on real
 * values), and a branch the sample values do not take is not checked.
 */
export function checkTemplateVariables(form: FormConfig, hub: HubConfig): ConfigProblem[] {
  const sample: NodeValues = { uid: 'sample-node', activate: true, hubId: hub.name };
  if (hub.valueMappings.hostOrUrl !== undefined) {
    sample.hostOrUrl = 'https://sample-node.example.com';
    sample.host = 'sample-node.example.com';
  }
  for (const variable of Object.keys(hub.extraValueMappings)) sample[variable] = 'sample';
  const scope = templateScope(templateVariables(sample, form), new Date(0));
  const provided = ['uid', 'activate', 'hubId', 'templateRef', ...Object.keys(sample).filter((k) => !['uid', 'activate', 'hubId'].includes(k))];
  const problems: ConfigProblem[] = [];
  for (const resource of form.resources) {
    const templates = resourceTemplates(resource);
    // Under the watchdog: a template that never finishes is reported, and the rest still checked.
    for (let start = 0; start < templates.length;) {
      const batch = templates.slice(start);
      let results: BatchResult[];
      try {
        results = runTemplateBatch(batch.map((t) => t.fn), scope, false);
      } catch (error) {
        if (!(error instanceof TemplateTimeoutError)) throw error;
        problems.push({ file: form.file, resourceId: resource.id, field: batch[error.index]?.field ?? '', message: error.message });
        start += error.index + 1;
        continue;
      }
      results.forEach((result, i) => {
        const missing = undefinedVariableOf(result);
        if (missing === null) return;
        const at = result instanceof GoTemplateExecError ? ` at ${describePosition(result.position)}` : '';
        problems.push({ file: form.file, resourceId: resource.id, field: batch[i]?.field ?? '', message: `undefined variable '${missing}'${at}; the hub '${hub.name}' provides: ${provided.join(', ')}` });
      });
      break;
    }
  }
  return problems;
}

/**
 * Pairs of forms whose LynqNode names `<uid>-<form>` can be the same for two different uids. Forms
 * of different hubs count too: the records share one namespace, so such a pair names both hubs.
 */
function formNameCollisions(forms: FormConfig[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  forms.forEach((form, i) => {
    for (const other of forms.slice(0, i)) {
      const collision = formNameCollision(other.name, form.name);
      if (collision === null) continue;
      const { name, uidWithShorter, uidWithLonger } = collision.example;
      const hubs = other.hubId !== form.hubId ? ` The forms belong to hubs '${form.hubId}' and '${other.hubId}', whose nodes share the LynqNode namespace.` : '';
      problems.push({
        file: form.file, field: 'metadata.name',
        message: `form name '${form.name}' can give the same LynqNode name as form '${other.name}' (${other.file}): ` +
          `uid '${uidWithShorter}' with form '${collision.shorter}' and uid '${uidWithLonger}' with form '${collision.longer}' are both '${name}'.${hubs} ` +
          `Rename one form so that neither name ends with '-' followed by the other`,
      });
    }
  });
  return problems;
}

/** Hub names unique; syncs and records tell hubs apart by name. */
function duplicateHubNames(hubs: HubConfig[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const seen = new Map<string, string>();
  for (const hub of hubs) {
    if (hub.name === '') continue; // reported while decoding
    const earlier = seen.get(hub.name);
    if (earlier !== undefined) problems.push({ file: hub.file, field: 'metadata.name', message: `duplicate hub name '${hub.name}' (also in ${earlier}); each hub needs its own name` });
    else seen.set(hub.name, hub.file);
  }
  return problems;
}

/**
 * Rules across files: at least one hub, unique hub and form names (across hubs: a node is
 * `<uid>-<form>`, whatever its hub), each form's hubId names a hub of the directory. A hub
 * without forms is valid: removing its last form deprovisions its nodes (through the sync's
 * mass-deletion guard), as removing one form of several deprovisions that form's nodes.
 */
export function validateProjectShape(hubs: HubConfig[], forms: FormConfig[], dirLabel: string, checkVariables: boolean): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (hubs.length === 0) problems.push({ file: dirLabel, message: 'no LynqHub document found (expected at least one hub file)' });
  problems.push(...duplicateHubNames(hubs));
  const hubByName = new Map(hubs.map((hub) => [hub.name, hub]));
  const hubList = hubs.map((h) => `'${h.name}' (${h.file})`).join(', ');
  const seen = new Map<string, FormConfig>();
  for (const form of forms) {
    const earlier = seen.get(form.name);
    if (earlier !== undefined) {
      const hubsOf = earlier.hubId !== form.hubId ? ` of hub '${earlier.hubId}'; this one is of hub '${form.hubId}', and both would name their nodes '<uid>-${form.name}'` : '';
      problems.push({ file: form.file, field: 'metadata.name', message: `duplicate form name '${form.name}' (also in ${earlier.file}${hubsOf})` });
    } else {
      seen.set(form.name, form);
    }
    if (hubs.length > 0 && form.hubId !== '' && !hubByName.has(form.hubId)) {
      const where = hubs.length === 1 ? `the hub in this directory is ${hubList}` : `the hubs in this directory are ${hubList}`;
      problems.push({ file: form.file, field: 'spec.hubId', message: `names hub '${form.hubId}', but ${where}` });
    }
    problems.push(...validateFormGraph(form));
  }
  problems.push(...formNameCollisions(forms));
  if (checkVariables && problems.length === 0) {
    for (const form of forms) {
      const hub = hubByName.get(form.hubId);
      if (hub) problems.push(...checkTemplateVariables(form, hub));
    }
  }
  return problems;
}

/** Decodes and validates every parsed file of a configuration directory. */
export function validateParsedConfig(dir: string, files: readonly ParsedConfigFile[]): ProjectValidation {
  const problems: ConfigProblem[] = [];
  const hubs: HubConfig[] = [];
  const forms: FormConfig[] = [];
  let unreadable = 0;
  for (const parsed of files) {
    const { file } = parsed;
    problems.push(...parsed.problems);
    if (parsed.problems.length > 0) unreadable++;
    for (const { tree, line } of parsed.documents) {
      if (tree === null || typeof tree !== 'object' || Array.isArray(tree)) {
        problems.push({ file, message: `line ${line}: a document must be a mapping (a LynqHub or LynqForm)` });
        continue;
      }
      const doc = tree as YamlMap;
      if (doc.kind === 'LynqHub') hubs.push(decodeHubDocument(doc, file, problems));
      else if (doc.kind === 'LynqForm') forms.push(decodeFormDocument(doc, file, problems));
      else problems.push({ file, field: 'kind', message: `unknown kind ${describe(doc.kind)} (line ${line}); expected LynqHub or LynqForm` });
    }
  }
  // Variable references are checked only when everything else is sound: rendering needs it.
  // A file that could not be parsed may be the missing hub or form: say so only when every file was read.
  const shape = validateProjectShape(hubs, forms, dir, problems.length === 0);
  problems.push(...(unreadable > 0 ? shape.filter((p) => !/^no Lynq(Hub|Form) document found/.test(p.message)) : shape));
  if (problems.length > 0) return { directory: null, problems };
  const projects = hubs.map((hub) => ({ dir, hub, forms: forms.filter((form) => form.hubId === hub.name) }));
  return { directory: { dir, hubs: projects }, problems };
}
