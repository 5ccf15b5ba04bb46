// The outcome of a local run, shown the way the seed's verification flow looks at it:
// LynqNodes with READY/DESIRED/FAILED, each database's state, its connection secret's keys, the app.
import type { KubeConfig } from '@kubernetes/client-node';
import type { LynqNodeRecord } from '../lambdas/core/contracts/workflow-contracts';
import type { KubeObject } from '../lambdas/core/template/rendered-resource';
import { readLiveObject } from '../lambdas/adapters/resource-read';
import type { SyncReport } from '../lambdas/workflow/run-sync';
import type { DriftRoundReport } from '../lambdas/workflow/drift-round';

/** A scalar field of a live object (`at(obj, 'status', 'readyReplicas')`) as text, else `fallback`. */
function at(obj: KubeObject | undefined, ...path: string[]): (fallback: string) => string {
  const value = path.reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), obj);
  return (fallback) => (typeof value === 'string' || typeof value === 'number' ? String(value) : fallback);
}

export function lynqNodeTable(records: LynqNodeRecord[], now: Date): string {
  const rows = records.map((r) => {
    const age = r.creationTimestamp ? humanAge(now.getTime() - Date.parse(r.creationTimestamp)) : '';
    const ready = r.status?.conditions.find((c) => c.type === 'Ready');
    return [r.name, `${r.status?.readyResources ?? 0}/${r.status?.desiredResources ?? 0}`, String(r.status?.desiredResources ?? 0), String(r.status?.failedResources ?? 0), r.spec.hubId, age, ready ? `${ready.status} ${ready.reason}` : ''];
  });
  return table(['NAME', 'READY', 'DESIRED', 'FAILED', 'HUB', 'AGE', 'CONDITION'], rows);
}

/**
 * What one sync round did, as `lynq-sfn run` prints it: the summary line, then each skipped row
 * (row, uid, field: the sync's warning, never a row value beyond the uid), each execution that
 * could not be started, and each failed node that waits for its retry, with the time it is due.
 */
export function syncRoundLines(report: SyncReport, now: Date): string[] {
  // report.started holds the deletion executions too; "started" counts the provisioning ones.
  const deletionsStarted = report.deletions.filter((d) => d.result === 'started').length;
  const summary = [
    `${report.started.length - deletionsStarted} started`,
    `${report.deletions.length} deletions`,
    `${report.skippedRows.length} skipped`,
    `${report.waitingForRetry.length} waiting for retry`,
  ].join(', ');
  return [
    `sync: ${summary}${report.guard?.tripped ? `, GUARD TRIPPED: ${report.guard.message}` : ''}`,
    // An unusable uid is not given as the uid: the reason names it.
    ...report.skippedRows.map((r) => `  skipped: row ${r.rowIndex}${r.uid === null ? '' : `, uid '${r.uid}'`}, field '${r.field}': ${r.reason}`),
    ...report.startFailures.map((f) => `  could not start: ${f.uid}/${f.form}: ${f.error}`),
    ...report.waitingForRetry.map((w) => `  waiting for retry: ${w.uid}/${w.form}, due ${w.dueAt === undefined ? 'now' : `${w.dueAt} (in ${humanAge(Date.parse(w.dueAt) - now.getTime())})`}`),
    // Only forms whose rollout held something back or is paused: a quiet rollout prints nothing.
    ...(report.rollouts ?? []).filter((r) => r.held > 0 || r.phase === 'Paused').map((r) => `  rollout ${r.form}: ${r.phase}, ${r.message}`),
  ];
}

/** What one drift detection round found, as `lynq-sfn run` prints it: the summary, then each drifted node. */
export function driftRoundLines(report: DriftRoundReport): string[] {
  const deferred = report.deferred > 0 ? `, ${report.deferred} waiting for a later round (repair cap)` : '';
  return [
    `drift: ${report.nodesChecked} nodes checked, ${report.drifted.length} drifted, ${report.repairs.length} repairs started${deferred}`,
    ...report.drifted.map((d) => `  drifted: ${d.uid}/${d.form}: ${d.resources.map((r) => (r.reason === 'missing'
      ? `${r.id} (missing)`
      : `${r.id} (${(r.fields ?? []).join(', ')} now owned by ${(r.managers ?? []).join(', ')})`)).join('; ')}`),
  ];
}

/**
 * Why `lynq-sfn run` ends with exit status 1: failed executions, and with --once (`onceReport`, its
 * round) skipped rows (unless allowed) and failed nodes still waiting for their retry. Empty: exit 0.
 */
export function runExitProblems(failedExecutions: number, onceReport: SyncReport | undefined, options: { allowSkipped?: boolean }): string[] {
  const problems: string[] = [];
  if (failedExecutions > 0) problems.push(`${failedExecutions} execution(s) failed`);
  if (onceReport && onceReport.skippedRows.length > 0 && !options.allowSkipped) {
    problems.push(`${onceReport.skippedRows.length} row(s) skipped (--allow-skipped accepts them)`);
  }
  if (onceReport && onceReport.waitingForRetry.length > 0) {
    problems.push(`${onceReport.waitingForRetry.length} failed node(s) waiting for their retry`);
  }
  return problems;
}

/** The namespace the example form gives a node. */
export function exampleNodeNamespace(uid: string): string {
  return `node-${uid}`;
}

/** The seed's per-node checks (RDS status, secret keys, app replicas) for one node of the example form. */
export async function nodeHealth(kube: KubeConfig, uid: string): Promise<string[]> {
  const ns = exampleNodeNamespace(uid);
  const rds = (await readLiveObject(kube, { apiVersion: 'database.aws.crossplane.io/v1beta1', kind: 'RDSInstance', name: `${uid}-postgres` }));
  const secret = (await readLiveObject(kube, { apiVersion: 'v1', kind: 'Secret', name: `${uid}-db-conn`, namespace: ns }));
  const app = (await readLiveObject(kube, { apiVersion: 'apps/v1', kind: 'Deployment', name: `${uid}-app`, namespace: ns }));
  const namespace = await readLiveObject(kube, { apiVersion: 'v1', kind: 'Namespace', name: ns });
  const orphaned = rds?.metadata.labels?.['lynq.sh/orphaned'] === 'true';
  return [
    `namespace ${ns}: ${!namespace ? 'gone' : namespace.metadata.deletionTimestamp ? 'terminating' : 'present'}`,
    `RDSInstance ${uid}-postgres: ${rds ? at(rds, 'status', 'atProvider', 'dbInstanceStatus')('unknown') : 'not found'}${orphaned ? ` (retained, orphaned: ${at(rds, 'metadata', 'annotations', 'lynq.sh/orphaned-reason')('')})` : ''}`,
    `secret ${uid}-db-conn keys: ${secret ? JSON.stringify(Object.keys(secret.data && typeof secret.data === 'object' ? secret.data : {}).sort()) : 'not found'}`,
    `deployment ${uid}-app: ${app ? `${at(app, 'status', 'readyReplicas')('0')}/${at(app, 'spec', 'replicas')('1')} ready` : 'not found'}`,
  ];
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i])).join('   ').trimEnd()).join('\n');
}

function humanAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 120 ? `${s}s` : s < 7200 ? `${Math.round(s / 60)}m` : `${Math.round(s / 3600)}h`;
}
