// `lynq-sfn plan <dir>`: what the next sync would do, node by node, without doing it. With
// --diff, each resource of a node that would change is compared with the live object through a
// server-side dry-run apply. Exit 2 when the mass-deletion guard would trip.
import type { Command } from 'commander';
import { loadConfigDirectory } from '../lambdas/adapters/config-directory';
import { selectHub } from '../lambdas/core/config/hub-lookup';
import type { KubeConnection } from '../lambdas/adapters/kube-connection';
import type { ConfigDirectory, ProjectConfig } from '../lambdas/core/config/config-model';
import { recordsOfHubSync } from '../lambdas/core/sync/hub-records';
import { explainPlan, type PlanLine } from '../lambdas/core/sync/plan-explanation';
import { lynqNodeName } from '../lambdas/core/lynqnode/lynqnode-status';
import { syncSettingsFromEnv } from '../lambdas/core/sync/sync-settings';
import type { FieldChange } from '../lambdas/core/apply/object-diff';
import { previewSync, type SyncPreview } from '../lambdas/workflow/preview-sync';
import { LynqStatusRecords } from '../lambdas/adapters/lynq-status-records';
import { diffNode, type ResourceDiff } from '../lambdas/workflow/node-diff';
import {
  addClusterOptions, addDatabaseOption, addHubOption, connectCluster, databaseSettings, hubRowReader, recordStore,
  type ClusterOptions, type DatabaseOptions, type HubOptions,
} from './operate-connection';

export const EXIT_GUARD_TRIPPED = 2;

export interface PlanOptions extends ClusterOptions, DatabaseOptions, HubOptions {
  diff?: boolean;
  output?: string;
}

export interface PlanResult {
  preview: SyncPreview;
  lines: PlanLine[];
  /** Per node (`uid/form`) that would be applied, with --diff. */
  diffs: Record<string, ResourceDiff[]>;
}

export function registerPlanCommand(program: Command): void {
  const command = program
    .command('plan <dir>')
    .description('what the next sync would do, per node (start, update, delete, retry or nothing, with the reason), without doing it')
    .option('--diff', 'show, per resource of each node that would be applied, the live object against a server-side dry-run apply')
    .option('--output <format>', 'text or json', 'text');
  addHubOption(addDatabaseOption(addClusterOptions(command)));
  command.action(async (dir: string, options: PlanOptions) => {
    // Each hub is synced on its own, so a plan is one hub's.
    const directory = loadConfigDirectory(dir);
    const config = selectHub(directory, options.hub);
    const kube = await connectCluster(options);
    const mysql = await databaseSettings(config, options, kube);
    const result = await planNodes(config, kube, { ...options, directory, readRows: hubRowReader(config, mysql) });
    process.stdout.write(options.output === 'json' ? `${JSON.stringify(planJson(result), null, 2)}\n` : formatPlan(config, result));
    if (result.preview.plan.guard) {
      process.stderr.write(`${result.preview.plan.guard.message}\n`);
      process.exitCode = EXIT_GUARD_TRIPPED;
    }
  });
}

export async function planNodes(
  config: ProjectConfig, kube: KubeConnection,
  options: PlanOptions & { readRows: () => Promise<Record<string, unknown>[]>; now?: () => Date; /** All hubs: the hub's sync leaves records of forms moved to another hub alone. */ directory?: ConfigDirectory },
): Promise<PlanResult> {
  const records = recordStore(kube, options);
  const clock = { now: options.now ?? (() => new Date()) };
  const directory = options.directory ?? { dir: config.dir, hubs: [config] };
  const listRecords = async () => recordsOfHubSync(directory, config.hub.name, await records.listOfHub(config.hub.name));
  const preview = await previewSync({ readRows: options.readRows, listRecords, clock, statusRecords: new LynqStatusRecords(kube, records.namespace) }, config, syncSettingsFromEnv(process.env));
  const lines = explainPlan({ plan: preview.plan, heldBack: preview.heldBack, forms: config.forms, nodes: preview.nodes, records: preview.records });
  const diffs: Record<string, ResourceDiff[]> = {};
  if (options.diff) {
    for (const line of lines) {
      if (!['start', 'update', 'retry'].includes(line.action)) continue;
      const node = preview.nodes.find((n) => n.uid === line.uid);
      const form = config.forms.find((f) => f.name === line.form);
      if (!node || !form) continue;
      const identity = { nodeName: lynqNodeName(line.uid, line.form), recordNamespace: records.namespace, uid: line.uid, form: line.form, hubId: config.hub.name };
      diffs[`${line.uid}/${line.form}`] = await diffNode(kube, form, node, identity, preview.now);
    }
  }
  return { preview, lines, diffs };
}

export function formatPlan(config: ProjectConfig, result: PlanResult): string {
  const { preview, lines, diffs } = result;
  const out: string[] = [`plan for hub ${config.hub.name}: ${preview.nodes.length} row(s), ${preview.records.length} LynqNode(s)`];
  const width = Math.max(4, ...lines.map((l) => `${l.uid}/${l.form}`.length));
  out.push(`  ${'NODE'.padEnd(width)}  ${'ACTION'.padEnd(7)}  REASON`);
  for (const line of lines) {
    const node = `${line.uid}/${line.form}`;
    out.push(`  ${node.padEnd(width)}  ${line.action.padEnd(7)}  ${line.reason}${line.execution ? `  [${line.execution}]` : ''}`);
    for (const diff of diffs[node] ?? []) out.push(...formatResourceDiff(diff));
  }
  for (const row of preview.skippedRows) out.push(`  skipped row ${row.rowIndex}${row.uid ? ` (${row.uid})` : ''}: ${row.field}: ${row.reason}`);
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(line.action, (counts.get(line.action) ?? 0) + 1);
  out.push(`summary: ${[...counts].map(([action, n]) => `${n} ${action}`).join(', ') || 'no nodes'}`);
  if (preview.plan.guard) out.push(`GUARD: ${preview.plan.guard.message}`);
  return `${out.join('\n')}\n`;
}

function formatResourceDiff(diff: ResourceDiff): string[] {
  const where = diff.namespace ? `${diff.namespace}/${diff.name}` : diff.name;
  const title = `${diff.kind || 'resource'} ${where || diff.id}`.trim();
  const note = diff.note ? ` (${diff.note})` : '';
  const secret = diff.kind === 'Secret';
  const label: Record<ResourceDiff['outcome'], string> = {
    create: 'would be created', change: 'changed', unchanged: 'unchanged', 'kept-once': 'unchanged', conflict: 'CONFLICT', error: 'ERROR',
  };
  const lines = [`      ${diff.id}: ${title}: ${label[diff.outcome]}${secret && diff.outcome !== 'unchanged' ? ' (values not shown)' : ''}${note}`];
  for (const change of diff.changes) lines.push(`          ${changeLine(change)}`);
  return lines;
}

function changeLine(change: FieldChange): string {
  if (change.change === 'added') return `+ ${change.path}: ${change.after}`;
  if (change.change === 'removed') return `- ${change.path}: ${change.before}`;
  return `~ ${change.path}: ${change.before} -> ${change.after}`;
}

function planJson(result: PlanResult) {
  return {
    nodes: result.lines.map((line) => {
      const resources = result.diffs[`${line.uid}/${line.form}`] as (typeof result.diffs)[string] | undefined;
      return { ...line, ...(resources ? { resources } : {}) };
    }),
    skippedRows: result.preview.skippedRows,
    guard: result.preview.plan.guard ?? null,
  };
}
