// One sync run (DESIGN §1, §5): read the hub table, diff against the LynqNode records,
// start one execution per node that needs work. A failure before planning starts and
// deletes nothing.
import type { ProjectConfig } from '../core/config/config-model';
import { mapHubRows, type RowRejection } from '../core/sync/row-mapping';
import { planSync, type DeletionGuard, type PlannedDeletion, type PlannedStart } from '../core/sync/sync-plan';
import type { SyncSettings } from '../core/sync/sync-settings';
import type { LynqNodeSummary } from '../core/contracts/workflow-contracts';
import type { ExecutionStarter, StartResult } from '../adapters/execution-starter';
import { DatasourceError, isDatasourceError } from '../adapters/mysql-datasource-error';
import type { StructuredLog } from './workflow-deps';

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
  /** In-flight StartExecution calls (the starter's token bucket sets the rate). Default 8. */
  startConcurrency?: number;
}

export interface DeletionOutcome extends PlannedDeletion {
  result: StartResult | 'failed';
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
  guard?: DeletionGuard;
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
    throw error;
  }

  const rejectedUids = mapped.rejected.map((r) => r.uid).filter((uid): uid is string => uid !== null);
  const plan = planSync({ forms: config.forms, nodes: mapped.nodes, records, now: started, settings, rejectedUids });
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
    guard: plan.guard,
    nodesDesired: plan.counts.desired,
    nodesReady: plan.counts.ready,
    nodesFailed: plan.counts.failed,
    durationMs: 0,
  };

  const work: (PlannedStart | PlannedDeletion)[] = [...plan.starts, ...plan.deletions];
  const results = await mapLimited(work, deps.startConcurrency ?? 8, async (item) => {
    try {
      const result = await deps.starter.start(item.name, item.input);
      const message = { started: 'Execution started', restarted: 'Execution restarted under a fresh name: the last one under its name failed', 'already-exists': 'Execution already running or done' }[result];
      log.info(message, {
        hub, execution: item.name, uid: item.uid, form: item.form, reason: item.reason,
      });
      return result;
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      log.error('Execution could not be started', { hub, execution: item.name, uid: item.uid, form: item.form, error });
      report.startFailures.push({ name: item.name, uid: item.uid, form: item.form, error });
      return 'failed' as const;
    }
  });
  work.forEach((item, i) => {
    const result = results[i];
    if (result === 'started' || result === 'restarted') report.started.push(item.name);
    if (result === 'already-exists') report.alreadyRunning++;
  });
  report.deletions = plan.deletions.map((d, i) => ({ ...d, result: results[plan.starts.length + i] }));
  if (report.startFailures.length) count('SyncErrors', report.startFailures.length);

  report.durationMs = deps.clock.now().getTime() - started.getTime();
  count('NodesDesired', report.nodesDesired);
  count('NodesReady', report.nodesReady);
  count('NodesFailed', report.nodesFailed);
  count('ExecutionsStarted', report.started.length);
  count('SyncDurationMs', report.durationMs);
  log.info('Sync finished', {
    hub, started: report.started.length, alreadyRunning: report.alreadyRunning, deletions: report.deletions.length,
    skippedRows: report.skippedRows.length, waitingForRetry: report.waitingForRetry.length, guardTripped: Boolean(plan.guard), startFailures: report.startFailures.length,
    nodesDesired: report.nodesDesired, nodesReady: report.nodesReady, nodesFailed: report.nodesFailed, durationMs: report.durationMs,
  });
  return report;
}

/** Runs `fn` over items with at most `limit` in flight; results keep the input order. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
