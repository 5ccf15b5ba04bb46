// `lynq-sfn rollout resume <form>` and `lynq-sfn rollout status [form]` (issue #13 point 5): a
// rollout paused by a failed node goes on once an operator acknowledges the failure. The resume is
// an annotation on the form's LynqForm record, which the next sync reads; the failed nodes keep
// being retried with backoff, and a new failure pauses the rollout again.
import type { Command } from 'commander';
import type { KubeConnection } from '../lambdas/adapters/kube-connection';
import type { KubeObject } from '../lambdas/core/template/rendered-resource';
import { LABEL_FORM } from '../lambdas/core/apply/tracking-labels';
import { failuresToAcknowledge } from '../lambdas/core/sync/rollout-plan';
import { formRolloutOf, LynqStatusRecords } from '../lambdas/adapters/lynq-status-records';
import { addClusterOptions, connectCluster, recordNamespaceOf, recordStore, type ClusterOptions } from './operate-connection';

export interface RolloutResumeResult {
  form: string;
  /** Failed nodes acknowledged (node name -> desired hash); empty when nothing paused the rollout. */
  acknowledged: Record<string, string>;
  message: string;
}

export interface FormRolloutView {
  form: string;
  hub: string;
  phase: string;
  total: number;
  updated: number;
  updating: number;
  readyUpdated: number;
  maxSkew: number;
  pausedBy: string[];
  message: string;
  lastSyncTime?: string;
}

export function registerRolloutCommand(program: Command): void {
  const rollout = program.command('rollout').description('form rollouts under spec.rollout.maxSkew');
  addClusterOptions(
    rollout.command('resume <form>').description('go on with a rollout a failed node paused: acknowledges the nodes failed on the new form'),
  ).action(async (form: string, options: ClusterOptions) => {
    const result = await resumeRollout(await connectCluster(options), form, options);
    process.stdout.write(`${result.message}\n`);
  });
  addClusterOptions(
    rollout.command('status [form]').description('each form\'s rollout: phase, total, updated, updating, ready-updated')
      .option('--output <format>', 'text or json', 'text'),
  ).action(async (form: string | undefined, options: ClusterOptions & { output?: string }) => {
    const views = await rolloutStatus(await connectCluster(options), form, options);
    process.stdout.write(options.output === 'json' ? `${JSON.stringify(views)}\n` : formatRolloutStatus(views));
  });
}

export async function resumeRollout(kube: KubeConnection, form: string, options: ClusterOptions, now = new Date()): Promise<RolloutResumeResult> {
  const namespace = recordNamespaceOf(options);
  const statusRecords = new LynqStatusRecords(kube, namespace);
  const record = await statusRecords.getForm(form);
  const targetHash = record ? formRolloutOf(record)?.targetHash : undefined;
  if (!record || !targetHash) {
    throw new Error(`LynqForm ${form} has no rollout recorded in namespace ${namespace}: the sync writes it on its first run with the form (check the form name and --record-namespace)`);
  }
  const nodes = (await recordStore(kube, options).list(`${LABEL_FORM}=${form}`)).filter((r) => r.spec.form === form);
  const acknowledged = failuresToAcknowledge(nodes, targetHash);
  const failed = Object.keys(acknowledged).sort();
  if (failed.length === 0) {
    return { form, acknowledged, message: `rollout of ${form}: no node failed on the new form, so nothing pauses it (phase ${formRolloutOf(record)?.phase ?? 'unknown'})` };
  }
  await statusRecords.writeRolloutResume(form, { at: now.toISOString(), acknowledged });
  return {
    form,
    acknowledged,
    message: `rollout of ${form} resumed: acknowledged the failure of ${failed.join(', ')}; the next sync goes on `
      + '(the failed nodes are still retried with backoff, and a new failure pauses the rollout again)',
  };
}

export async function rolloutStatus(kube: KubeConnection, form: string | undefined, options: ClusterOptions): Promise<FormRolloutView[]> {
  const statusRecords = new LynqStatusRecords(kube, recordNamespaceOf(options));
  const records = form ? [await statusRecords.getForm(form)].filter((r): r is KubeObject => r !== undefined) : await statusRecords.listForms();
  if (form && records.length === 0) throw new Error(`LynqForm ${form} not found in namespace ${recordNamespaceOf(options)}`);
  return records.map(viewOf).sort((a, b) => a.form.localeCompare(b.form));
}

function viewOf(obj: KubeObject): FormRolloutView {
  const rollout = formRolloutOf(obj) ?? {};
  const status = obj.status as { hub?: string; lastSyncTime?: string } | undefined;
  return {
    form: obj.metadata.name, hub: status?.hub ?? '', phase: rollout.phase ?? '', total: rollout.total ?? 0, updated: rollout.updated ?? 0,
    updating: rollout.updating ?? 0, readyUpdated: rollout.readyUpdated ?? 0, maxSkew: rollout.maxSkew ?? 0, pausedBy: rollout.pausedBy ?? [],
    message: rollout.message ?? '', ...(status?.lastSyncTime ? { lastSyncTime: status.lastSyncTime } : {}),
  };
}

export function formatRolloutStatus(views: FormRolloutView[]): string {
  if (views.length === 0) return 'No LynqForms found (the sync writes them).\n';
  const header = ['FORM', 'HUB', 'PHASE', 'TOTAL', 'UPDATED', 'UPDATING', 'READY-UPDATED', 'MAX-SKEW'];
  const rows = views.map((v) => [v.form, v.hub, v.phase, String(v.total), String(v.updated), String(v.updating), String(v.readyUpdated), v.maxSkew ? String(v.maxSkew) : 'none']);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const out = [line(header)];
  views.forEach((v, i) => {
    out.push(line(rows[i]));
    if (v.message) out.push(`    ${v.message}`);
  });
  return `${out.join('\n')}\n`;
}
