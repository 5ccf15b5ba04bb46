// `lynq-sfn render <dir> --uid acme-corp [--values json | --values-file rows.json]`: shows the
// manifests one node would get, mapped through the hub exactly as the sync maps a table row.
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { loadConfigDirectory } from '../lambdas/adapters/config-directory';
import { HubSelectionError, projectOfForm, selectHub } from '../lambdas/core/config/hub-lookup';
import { ConfigError } from '../lambdas/core/config/config-error';
import type { ConfigDirectory, FormConfig, HubConfig, ProjectConfig } from '../lambdas/core/config/config-model';
import { mapHubRows } from '../lambdas/core/sync/row-mapping';
import { renderResources, RenderError } from '../lambdas/core/template/template-render';
import { dependencyLevels } from '../lambdas/core/apply/dependency-graph';
import { isKnownClusterScoped } from '../lambdas/core/apply/cluster-scoped-kinds';
import type { RenderedResource } from '../lambdas/core/template/rendered-resource';
import type { CommandOutput } from './validate-command';

export interface RenderCommandOptions {
  uid?: string;
  values?: string;
  valuesFile?: string;
  form?: string;
  hub?: string;
  now?: string;
  json?: boolean;
}

/** A problem with what the user asked for: printed as is, exit 1. */
class UsageError extends Error {}

type Row = Record<string, unknown>;

function isRow(value: unknown): value is Row {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
}

function chooseRow(hub: HubConfig, options: RenderCommandOptions): Row {
  if (options.values !== undefined && options.valuesFile !== undefined) throw new UsageError('give --values or --values-file, not both');
  let input: unknown = {};
  if (options.values !== undefined) input = parseJson(options.values, '--values');
  if (options.valuesFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(options.valuesFile, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read --values-file: ${(error as Error).message}`);
    }
    input = parseJson(text, options.valuesFile);
  }
  const uidColumn = hub.valueMappings.uid;
  let row: Row;
  if (Array.isArray(input)) {
    // A file of several rows: pick the one with --uid (or the only one).
    const rows = input.filter(isRow);
    const match = options.uid !== undefined ? rows.filter((r) => String(r[uidColumn]) === options.uid) : rows;
    if (match.length !== 1) {
      throw new UsageError(options.uid !== undefined ? `the values hold ${match.length} rows with ${uidColumn} = '${options.uid}'` : `the values hold ${rows.length} rows; choose one with --uid`);
    }
    row = { ...match[0] };
  } else if (isRow(input)) {
    row = { ...input };
  } else {
    throw new UsageError('the values must be a JSON object keyed by column name (or an array of them)');
  }
  if (options.uid !== undefined) row[uidColumn] = options.uid;
  if (row[uidColumn] === undefined) throw new UsageError(`no uid: give --uid or a '${uidColumn}' column in the values`);
  return row;
}

function chooseForm(project: ProjectConfig, name: string | undefined): FormConfig {
  if (name === undefined) {
    if (project.forms.length === 1) return project.forms[0];
    if (project.forms.length === 0) throw new UsageError(`the hub '${project.hub.name}' has no form, so a node gets no manifests`);
    throw new UsageError(`the hub has ${project.forms.length} forms; choose one with --form (${project.forms.map((f) => f.name).join(', ')})`);
  }
  const form = project.forms.find((f) => f.name === name);
  if (!form) throw new UsageError(`no form named '${name}' (forms: ${project.forms.map((f) => f.name).join(', ')})`);
  return form;
}

/** The hub whose table the row is from: the form's (--form), --hub, or the only one. */
function chooseProject(directory: ConfigDirectory, options: RenderCommandOptions): ProjectConfig {
  if (options.form !== undefined) {
    const project = projectOfForm(directory, options.form);
    if (project && (options.hub === undefined || options.hub === project.hub.name)) return project;
    if (project) throw new UsageError(`form '${options.form}' is of hub '${project.hub.name}', not '${options.hub}'`);
  }
  try {
    return selectHub(directory, options.hub);
  } catch (error) {
    if (error instanceof HubSelectionError) throw new UsageError(error.message);
    throw error;
  }
}

function parseNow(text: string | undefined): Date {
  if (text === undefined) return new Date();
  const now = new Date(text);
  if (Number.isNaN(now.getTime())) throw new UsageError(`--now must be an ISO 8601 time, got '${text}'`);
  return now;
}

/** The apply drops a namespace from a cluster-scoped object (the seed's RDSInstance): show it as placed. */
function asPlaced(resource: RenderedResource): RenderedResource {
  const { manifest } = resource;
  if (manifest.metadata.namespace === undefined || !isKnownClusterScoped(manifest.apiVersion, manifest.kind)) return resource;
  const { namespace: _dropped, ...metadata } = manifest.metadata;
  return { ...resource, manifest: { ...manifest, metadata } };
}

/** Renders one node; output in apply order (dependency levels). */
export function renderNode(dir: string, options: RenderCommandOptions): CommandOutput {
  try {
    const project = chooseProject(loadConfigDirectory(dir), options);
    const row = chooseRow(project.hub, options);
    const { nodes, rejected } = mapHubRows(project.hub, [row]);
    if (rejected.length > 0) {
      throw new UsageError(`the row is rejected as the sync would reject it: ${rejected.map((r) => `column '${r.field}': ${r.reason}`).join('; ')}`);
    }
    const node = nodes[0];
    const form = chooseForm(project, options.form);
    const rendered = new Map(renderResources(form, node, { now: parseNow(options.now) }).map((r) => [r.id, asPlaced(r)]));
    const ordered = dependencyLevels(form.resources).flatMap((ids, index) => ids.flatMap((id) => { const resource = rendered.get(id); return resource ? [{ level: index + 1, resource }] : []; }));
    const stderr = node.activate ? '' : `note: node '${node.uid}' is inactive (activate is false); the sync would not provision it\n`;
    if (options.json) {
      const items = ordered.map(({ level, resource: { id, template: t, manifest } }) => ({
        id, level, creationPolicy: t.creationPolicy, deletionPolicy: t.deletionPolicy, conflictPolicy: t.conflictPolicy,
        patchStrategy: t.patchStrategy, waitForReady: t.waitForReady, timeoutSeconds: t.timeoutSeconds, manifest,
      }));
      return { stdout: `${JSON.stringify(items, null, 2)}\n`, stderr, exitCode: 0 };
    }
    const documents = ordered.map(({ level, resource: { id, template: t, manifest } }) => {
      const comment = `# id: ${id}  level: ${level}  creationPolicy: ${t.creationPolicy}  deletionPolicy: ${t.deletionPolicy}  conflictPolicy: ${t.conflictPolicy}  patchStrategy: ${t.patchStrategy}  waitForReady: ${t.waitForReady}  timeoutSeconds: ${t.timeoutSeconds}`;
      return `---\n${comment}\n${stringify(manifest, { lineWidth: 0 })}`;
    });
    return { stdout: documents.join(''), stderr, exitCode: 0 };
  } catch (error) {
    if (error instanceof ConfigError || error instanceof RenderError || error instanceof UsageError) {
      return { stdout: '', stderr: `error: ${error.message}\n`, exitCode: 1 };
    }
    throw error;
  }
}

export function registerRenderCommand(program: Command): void {
  program
    .command('render')
    .description('print the manifests one node gets, in apply order, from a row given as JSON keyed by column name')
    .argument('<dir>', 'config directory (hub.yaml and forms)')
    .option('--uid <uid>', 'the node uid (sets the uid column)')
    .option('--values <json>', 'the row as a JSON object keyed by column name')
    .option('--values-file <file>', 'a JSON file with the row (or an array of rows; --uid picks one)')
    .option('--form <name>', 'the form to render (needed when the hub has several); it names its hub')
    .option('--hub <name>', 'the hub whose row this is (needed when the directory has several and --form is not given)')
    .option('--now <iso>', 'pin the templates\' clock (default: the current time)')
    .option('--json', 'print a JSON array instead of a YAML stream')
    .action((dir: string, options: RenderCommandOptions) => {
      const out = renderNode(dir, options);
      process.stdout.write(out.stdout);
      process.stderr.write(out.stderr);
      process.exitCode = out.exitCode;
    });
}
