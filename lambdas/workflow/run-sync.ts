// One sync run (DESIGN §1, §5): read the hub table, diff against the LynqNode records,
// start one execution per node that needs work. A failure before planning starts and
// deletes nothing.
import type { ProjectConfig } from '../core/config/config-model';
import { mapHubRows, type RowRejection } from '../core/sync/row-mapping';
import { planSync, type DeletionGuard, type PlannedDeletion, type PlannedStart } from '../core/sync/sync-plan';
import type { SyncSettings } from '../core/sync/sync-settings';
import { orderStarts } from '../core/sync/start-order';
import type { LynqNodeSummary } from '../core/contracts/workflow-contracts';
import type { ExecutionStarter } from '../adapters/execution-starter';
import { DatasourceError, isDatasourceError } from '../adapters/mysql-datasource-error';
import type { StructuredLog } from './workflow-deps';
import { throttleRollouts } from '../core/sync/rollout-throttle';
import type { FormRolloutStatus } from '../core/sync/rollout-plan';
import { readRolloutMemories, recordFailedSync, recordSyncStatus, type SyncStatusRecords } from './sync-status-records';
import { startWork, type WorkResult } from './start-work';

export interface SyncMetrics {
  count(name: string, value: number): void;
}

export interface SyncDeps {
  readRows(): Promise<Record<string, unknown>[]>;
  /** Every LynqNode record of this hub. */
  listRecords(): Promise<LynqNodeSummary[]>;
  starter: ExecutionStarter;
  log: StructuredLog;
  metrics?: SyncMetrics;
  clock: { now(): Date };
  /** LynqHub/LynqForm status records: rollout memory read, status written (best-effort). */
  statusRecords?: SyncStatusRecords;
  /** Time left in this invocation (Lambda's getRemainingTimeInMillis): starting stops before it runs out. */
  remainingTimeMs?: () => number;
}

export interface DeletionOutcome extends PlannedDeletion {
  /** deferred: the time budget ran out first; the next sync plans it again. */
  result: WorkResult;
}

export interface StartFailure {
  name: string;
  uid: string;
  form: string;
  error: string;
}

/** A failed node the sync leaves alone until its retry backoff ends. */
export interface RetryWait {
  uid: string;
  form: string;
  /** ISO time from which the next sync retries it. */
  dueAt?: string;
}

export interface SyncReport {
  /** Names of executions this run started (apply and deletion). */
  started: string[];
  /** Starts answered "already exists": the same work is running (another sync or an earlier one started it) or done. */
  alreadyRunning: number;
  deletions: DeletionOutcome[];
  skippedRows: RowRejection[];
  waitingForRetry: RetryWait[];
  startFailures: StartFailure[];
  /** Planned starts and deletions this run had no time left for: the next sync plans them again. */
  deferred: number;
  guard?: DeletionGuard;
  /** Form changes (and retries on a new form) held back by a rollout's maxSkew this sync. */
  heldByRollout?: { uid: string; form: string }[];
  /** Each form's rollout as this sync left it. */
  rollouts?: FormRolloutStatus[];
  nodesDesired: number;
  nodesReady: number;
  nodesFailed: number;
  durationMs: number;
}

/** The record store could not be listed: nothing was started or deleted. */
export class RecordListError extends Error {
  constructor(cause: unknown) {
    super(`listing LynqNode records failed, so this sync starts and deletes nothing: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'Lynq.RecordListError';
  }
}

export async function runSync(deps: SyncDeps, config: ProjectConfig, settings: SyncSettings): Promise<SyncReport> {
  const { log } = deps;
  const count = (name: string, value: number) => deps.metrics?.count(name, value);
  const started = deps.clock.now();
  const hub = config.hub.name;

  // The records are read while the rows are (both are reads; neither result is used before both are in).
  const listing = deps.listRecords();
  listing.catch(() => undefined); // its failure is reported below, once the rows were read
  let rows: Record<string, unknown>[];
  try {
    rows = await deps.readRows();
  } catch (err) {
    const error = isDatasourceError(err)
      ? err
      : new DatasourceError('query', `reading the hub table ${config.hub.source.mysql.table} failed: ${err instanceof Error ? err.message : String(err)}`);
    log.error('Sync aborted: the hub table could not be read; nothing started, nothing deleted', { hub, kind: error.kind, error: error.message });
    count('SyncErrors', 1);
    await recordFailedSync(deps, config, error, started);
    throw error;
  }

  const mapped = mapHubRows(config.hub, rows);
  for (const r of mapped.rejected) {
    // Only the uid and the column name: row values are untrusted and may be sensitive.
    log.warn(`Row ${r.rowIndex} skipped: ${r.reason}`, { hub, rowIndex: r.rowIndex, uid: r.uid, field: r.field });
  }
  count('RowsSkipped', mapped.rejected.length);

  let records: LynqNodeSummary[];
  try {
    records = await listing;
  } catch (err) {
    const error = new RecordListError(err);
    log.error('Sync aborted: LynqNode records could not be listed; nothing started, nothing deleted', { hub, error: error.message });
    count('SyncErrors', 1);
    await recordFailedSync(deps, config, error, started);
    throw error;
  }

  const rejectedUids = mapped.rejected.map((r) => r.uid).filter((uid): uid is string => uid !== null);
  const memories = await readRolloutMemories(deps, config);
  const { plan, rollouts, rolloutStarts } = throttleRollouts({
    plan: planSync({ forms: config.forms, nodes: mapped.nodes, records, now: started, settings, rejectedUids }),
    forms: config.forms, nodes: mapped.nodes, records, memories, now: started,
  });
  if (plan.guard) {
    log.error(plan.guard.message, { hub, wouldDelete: plan.guard.wouldDelete, records: plan.guard.records });
  }
  count('DeletionGuardTripped', plan.guard ? 1 : 0);

  const report: SyncReport = {
    started: [],
    alreadyRunning: 0,
    deletions: [],
    skippedRows: mapped.rejected,
    waitingForRetry: plan.idle.filter((n) => n.reason === 'backoff').map(({ uid, form, retryDueAt }) => ({ uid, form, dueAt: retryDueAt })),
    startFailures: [],
    deferred: 0,
    guard: plan.guard,
    heldByRollout: plan.idle.filter((n) => n.reason === 'rollout').map(({ uid, form }) => ({ uid, form })),
    rollouts,
    nodesDesired: plan.counts.desired,
    nodesReady: plan.counts.ready,
    nodesFailed: plan.counts.failed,
    durationMs: 0,
  };

  // Deletions and single-row starts first: a rollout never holds them back when the budget ends a round.
  const work = orderStarts(plan, rolloutStarts);
  const results = await startWork(work, {
    starter: deps.starter,
    inFlight: settings.maxStartsInFlight,
    remainingMs: deps.remainingTimeMs,
    stopAtMs: settings.stopStartingSecondsBeforeTimeout * 1000,
    onStarted: (item, result) => {
      const message = { started: 'Execution started', restarted: 'Execution restarted under a fresh name: the last one under its name failed', 'already-exists': 'Execution already running or done' }[result];
      log.info(message, { hub, execution: item.name, uid: item.uid, form: item.form, reason: item.reason });
    },
    onFailed: (item, err) => {
      const error = err instanceof Error ? err.message : String(err);
      log.error('Execution could not be started', { hub, execution: item.name, uid: item.uid, form: item.form, error });
      report.startFailures.push({ name: item.name, uid: item.uid, form: item.form, error });
    },
  });
  const resultOf = new Map<PlannedStart | PlannedDeletion, WorkResult>(work.map((item, i) => [item, results[i] ?? 'deferred']));
  for (const [item, result] of resultOf) {
    if (result === 'started' || result === 'restarted') report.started.push(item.name);
    if (result === 'already-exists') report.alreadyRunning++;
    if (result === 'deferred') report.deferred++;
  }
  report.deletions = plan.deletions.map((d) => ({ ...d, result: resultOf.get(d) ?? 'deferred' }));
  if (report.deferred > 0) {
    const deferredDeletions = report.deletions.filter((d) => d.result === 'deferred').length;
    log.warn(`Time budget reached: ${report.deferred} of ${work.length} starts are left for the next sync`, { hub, deferred: report.deferred, deferredDeletions });
  }
  if (report.startFailures.length) count('SyncErrors', report.startFailures.length);

  await recordSyncStatus(deps, config, {
    desired: report.nodesDesired, ready: report.nodesReady, failed: report.nodesFailed, started: report.started.length,
    deletions: report.deletions.length, skippedRows: report.skippedRows.length, waitingForRetry: report.waitingForRetry.length,
    heldByRollout: report.heldByRollout?.length ?? 0, startFailures: report.startFailures, guardTripped: Boolean(plan.guard),
  }, rollouts, started);
  count('NodesHeldByRollout', report.heldByRollout?.length ?? 0);
  report.durationMs = deps.clock.now().getTime() - started.getTime();
  count('NodesDesired', report.nodesDesired);
  count('NodesReady', report.nodesReady);
  count('NodesFailed', report.nodesFailed);
  count('ExecutionsStarted', report.started.length);
  count('StartsDeferred', report.deferred);
  count('SyncDurationMs', report.durationMs);
  log.info('Sync finished', {
    hub, started: report.started.length, alreadyRunning: report.alreadyRunning, deletions: report.deletions.length,
    skippedRows: report.skippedRows.length, waitingForRetry: report.waitingForRetry.length, guardTripped: Boolean(plan.guard), startFailures: report.startFailures.length, deferred: report.deferred,
    nodesDesired: report.nodesDesired, nodesReady: report.nodesReady, nodesFailed: report.nodesFailed, durationMs: report.durationMs,
  });
  return report;
}
