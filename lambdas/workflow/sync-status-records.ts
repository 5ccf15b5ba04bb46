// What the sync reads from and writes to the LynqHub and LynqForm status records (issue #13 points
// 5 and 6). None of it may block or fail the sync's real work: a failed read or write is logged and
// counted (StatusRecordErrors); an unreadable LynqForm only holds back that form's rollout work.
import type { FormConfig, ProjectConfig } from '../core/config/config-model';
import { EMPTY_ROLLOUT_MEMORY, type FormRolloutStatus, type RolloutMemory } from '../core/sync/rollout-plan';
import type { FormSyncStatus, HubSyncStatus, SyncResult } from '../adapters/lynq-status-records';
import { lynqNodeName } from '../core/lynqnode/lynqnode-status';
import type { StructuredLog } from './workflow-deps';

/** The status-record store as the sync uses it (LynqStatusRecords in the cluster). */
export interface SyncStatusRecords {
  readRolloutMemory(form: string): Promise<RolloutMemory>;
  writeHub(hub: string, status: HubSyncStatus): Promise<void>;
  writeForm(form: FormConfig, status: FormSyncStatus): Promise<void>;
}

export interface StatusRecordDeps {
  statusRecords?: SyncStatusRecords;
  log: StructuredLog;
  metrics?: { count(name: string, value: number): void };
}

/** What the sync just did, for the hub record. */
export interface SyncOutcome {
  desired: number;
  ready: number;
  failed: number;
  started: number;
  deletions: number;
  skippedRows: number;
  waitingForRetry: number;
  heldByRollout: number;
  /** Starts that failed: not pending, so they hold no rollout slot. */
  startFailures: { uid: string; form: string }[];
  guardTripped: boolean;
}

/** Each form's rollout memory; a form whose record cannot be read gets `readable: false`. */
export async function readRolloutMemories(deps: StatusRecordDeps, config: ProjectConfig): Promise<Map<string, RolloutMemory>> {
  const memories = new Map<string, RolloutMemory>();
  const store = deps.statusRecords;
  if (!store) return memories;
  await Promise.all(config.forms.map(async (form) => {
    try {
      memories.set(form.name, await store.readRolloutMemory(form.name));
    } catch (err) {
      failed(deps, config.hub.name, `LynqForm ${form.name}`, 'read', err);
      memories.set(form.name, { ...EMPTY_ROLLOUT_MEMORY, readable: false });
    }
  }));
  return memories;
}

/** Writes the hub's and every form's status record after a sync that planned. */
export async function recordSyncStatus(
  deps: StatusRecordDeps, config: ProjectConfig, outcome: SyncOutcome, rollouts: FormRolloutStatus[], at: Date,
): Promise<void> {
  const store = deps.statusRecords;
  if (!store) return;
  const hub = config.hub.name;
  const lastSyncTime = at.toISOString();
  const result: SyncResult = outcome.startFailures.length > 0 || outcome.guardTripped ? 'Degraded' : 'Succeeded';
  await write(deps, hub, `LynqHub ${hub}`, () => store.writeHub(hub, {
    desired: outcome.desired, ready: outcome.ready, failed: outcome.failed, forms: config.forms.map((f) => f.name),
    lastSyncTime, lastSyncResult: result, message: outcomeMessage(outcome),
  }));
  for (const rollout of rollouts) {
    const form = config.forms.find((f) => f.name === rollout.form);
    if (!form) continue;
    const { form: _name, ...status } = rollout;
    const notStarted = new Set(outcome.startFailures.filter((f) => f.form === form.name).map((f) => lynqNodeName(f.uid, f.form)));
    status.pending = status.pending.filter((p) => !notStarted.has(p.node));
    await write(deps, hub, `LynqForm ${form.name}`, () => store.writeForm(form, { hub, lastSyncTime, rollout: status }));
  }
}

/** A sync that stopped before planning: the hub record says so and keeps its last counts. */
export async function recordFailedSync(deps: StatusRecordDeps, config: ProjectConfig, error: Error, at: Date): Promise<void> {
  const store = deps.statusRecords;
  if (!store) return;
  const hub = config.hub.name;
  await write(deps, hub, `LynqHub ${hub}`, () => store.writeHub(hub, {
    forms: config.forms.map((f) => f.name), lastSyncTime: at.toISOString(), lastSyncResult: 'Failed', message: error.message,
  }));
}

function outcomeMessage(o: SyncOutcome): string {
  const parts = [`${o.started} started`, `${o.deletions} deletions`];
  if (o.skippedRows) parts.push(`${o.skippedRows} rows skipped`);
  if (o.waitingForRetry) parts.push(`${o.waitingForRetry} waiting for retry`);
  if (o.heldByRollout) parts.push(`${o.heldByRollout} held by rollouts`);
  if (o.startFailures.length) parts.push(`${o.startFailures.length} starts failed`);
  if (o.guardTripped) parts.push('mass-deletion guard tripped');
  return parts.join(', ');
}

async function write(deps: StatusRecordDeps, hub: string, record: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    failed(deps, hub, record, 'write', err);
  }
}

function failed(deps: StatusRecordDeps, hub: string, record: string, what: 'read' | 'write', err: unknown): void {
  deps.log.warn(`Status record ${what} failed; the sync goes on`, { hub, record, error: err instanceof Error ? err.message : String(err) });
  deps.metrics?.count('StatusRecordErrors', 1);
}
