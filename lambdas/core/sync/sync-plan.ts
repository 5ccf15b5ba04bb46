// The sync's decision (DESIGN §5): desired (active rows x forms) vs recorded LynqNodes.
// Pure: the caller reads rows and records and starts the executions this returns.
import type { FormConfig, NodeValues } from '../config/config-model';
import { desiredHash } from '../apply/desired-hash';
import { deletionExecutionName, executionName } from './execution-name';
import { retryDueAt, retryIsDue } from './retry-backoff';
import { executionTimeoutForForms } from '../config/execution-timeout';
import { templateVariables } from './row-mapping';
import type { SyncSettings } from './sync-settings';
import type { ExecutionInput, LynqNodeCondition, LynqNodeSummary } from '../contracts/workflow-contracts';

export interface SyncPlanInput {
  forms: FormConfig[];
  /** Mapped rows, inactive ones included (activate: false). */
  nodes: NodeValues[];
  records: LynqNodeSummary[];
  now: Date;
  settings: SyncSettings;
  /** uids of rows mapHubRows rejected: their records are neither started nor deleted. */
  rejectedUids?: string[];
}

/** create: no record; update: desired hash changed; retry: failed, backoff elapsed; resume: record never finished. */
export type StartReason = 'create' | 'update' | 'retry' | 'resume';
export type DeletionReason = 'deactivated' | 'deleted' | 'form-removed';
/** Why a desired node needs no execution now. */
export type IdleReason = 'ready' | 'in-progress' | 'backoff';

export interface PlannedStart {
  name: string;
  /** Always carries the form, so one shape serves one-form and many-form hubs. */
  input: ExecutionInput;
  uid: string;
  form: string;
  reason: StartReason;
  desiredHash: string;
}

export interface PlannedDeletion {
  name: string;
  input: ExecutionInput;
  uid: string;
  form: string;
  reason: DeletionReason;
  /** LynqNode record name. */
  record: string;
}

export interface IdleNode {
  uid: string;
  form: string;
  reason: IdleReason;
  /** reason 'backoff': when the retry is due (ISO time), the first sync after it starts the node. */
  retryDueAt?: string;
}

export interface DeletionGuard {
  tripped: true;
  wouldDelete: number;
  records: number;
  message: string;
}

export interface SyncPlan {
  starts: PlannedStart[];
  deletions: PlannedDeletion[];
  idle: IdleNode[];
  /** Set when the mass-deletion guard held back `wouldDelete` deletions (deletions is then empty). */
  guard?: DeletionGuard;
  /** Over desired (active node x form) pairs. */
  counts: { desired: number; ready: number; failed: number };
}

/** Creates with no record to salt from change name every 10 minutes (see execution-name). */
const CREATE_SALT_BUCKET_MS = 10 * 60_000;

export function planSync(input: SyncPlanInput): SyncPlan {
  const { forms, records, now, settings } = input;
  const rejected = new Set(input.rejectedUids ?? []);
  const nodesByUid = new Map<string, NodeValues>();
  for (const node of input.nodes) if (!rejected.has(node.uid)) nodesByUid.set(node.uid, node);
  const recordsByKey = new Map<string, LynqNodeSummary>();
  for (const record of records) recordsByKey.set(key(record.spec.uid, record.spec.form), record);
  const formNames = new Set(forms.map((f) => f.name));
  const bucketSalt = `bucket:${Math.floor(now.getTime() / CREATE_SALT_BUCKET_MS)}`;
  // No execution of these forms can run longer than the state machine's timeout: a record still
  // "in progress" after that lost its execution (timed out or aborted) and is resumed.
  const staleAfterMs = executionTimeoutForForms(forms).seconds * 1000;

  const starts: PlannedStart[] = [];
  const idle: IdleNode[] = [];
  const counts = { desired: 0, ready: 0, failed: 0 };

  for (const node of nodesByUid.values()) {
    if (!node.activate) continue;
    for (const form of forms) {
      counts.desired++;
      const hash = desiredHash(templateVariables(node, form), form);
      const record = recordsByKey.get(key(node.uid, form.name));
      const decision = decide(record, hash, now, staleAfterMs);
      if (decision.state === 'ready') counts.ready++;
      if (decision.state === 'failed') counts.failed++;
      if (decision.start) {
        const attempt = decision.start === 'retry' ? record?.status?.retryCount ?? 1 : 0;
        starts.push({
          name: executionName(node.uid, form.name, hash, attempt, decision.salt ?? saltOf(record, bucketSalt)),
          input: { uid: node.uid, form: form.name },
          uid: node.uid,
          form: form.name,
          reason: decision.start,
          desiredHash: hash,
        });
      } else if (decision.idle) {
        idle.push({ uid: node.uid, form: form.name, reason: decision.idle, ...retryDue(decision.idle, record) });
      }
    }
  }

  const deletions: PlannedDeletion[] = [];
  for (const record of records) {
    const { uid, form } = record.spec;
    if (rejected.has(uid)) continue;
    const node = nodesByUid.get(uid);
    let reason: DeletionReason | undefined;
    if (!formNames.has(form)) reason = 'form-removed';
    else if (!node) reason = 'deleted';
    else if (!node.activate) reason = 'deactivated';
    if (!reason) continue;
    const status = record.status;
    if (status?.lastAction === 'delete' && !status.currentExecution && !retryIsDue(status.retryCount, status.lastFailureTime, now)) {
      idle.push({ uid, form, reason: 'backoff', ...retryDue('backoff', record) }); // the last deletion failed: retried like a failed apply
      continue;
    }
    deletions.push({
      name: deletionExecutionName(uid, form, record.spec.desiredHash, saltOf(record, bucketSalt)),
      // Only a deletion this plan decided (and the guard let through) may deprovision.
      input: { uid, form, allowDelete: true },
      uid,
      form,
      reason,
      record: record.name,
    });
  }

  const guard = massDeletionGuard(deletions.length, records.length, settings);
  return { starts, deletions: guard ? [] : deletions, idle, guard, counts };
}

interface Decision {
  start?: StartReason;
  /** Overrides the name salt: a resumed execution must not reuse its lost predecessor's name. */
  salt?: string;
  idle?: IdleReason;
  state: 'ready' | 'failed' | 'pending';
}

function decide(record: LynqNodeSummary | undefined, hash: string, now: Date, staleAfterMs: number): Decision {
  if (!record) return { start: 'create', state: 'pending' };
  if (record.spec.desiredHash !== hash) return { start: 'update', state: 'pending' };
  const status = record.status;
  const progressing = condition(record, 'Progressing');
  if (status?.currentExecution && progressing?.status === 'True') {
    // The claim's own time: a newer claim keeps Progressing True (and its transition time), so
    // that condition cannot tell a live execution from a lost one. Records written before claims
    // were recorded fall back to it.
    const claimed = status.claim?.execution === status.currentExecution ? status.claim.claimedAt : progressing.lastTransitionTime;
    const since = Date.parse(claimed);
    if (Number.isFinite(since) && now.getTime() - since > staleAfterMs) {
      return { start: 'resume', state: 'pending', salt: `lost:${status.currentExecution}` };
    }
    return { idle: 'in-progress', state: 'pending' };
  }
  // Not finished for this hash (no status yet, or an execution that claimed it and died): run it again.
  if (!status || status.reconciledHash !== hash) return { start: 'resume', state: 'pending' };
  if (condition(record, 'Ready')?.status === 'True') return { idle: 'ready', state: 'ready' };
  // Finished for this hash but not Ready (failed resources, Degraded, or no Ready condition): retry with backoff.
  return retryIsDue(status.retryCount, status.lastFailureTime, now)
    ? { start: 'retry', state: 'failed' }
    : { idle: 'backoff', state: 'failed' };
}

function massDeletionGuard(wouldDelete: number, recordCount: number, settings: SyncSettings): DeletionGuard | undefined {
  if (settings.allowMassDeletion || wouldDelete === 0 || wouldDelete < settings.guardMinDeletions) return undefined;
  const percent = (wouldDelete / recordCount) * 100;
  if (percent <= settings.maxDeletePercent) return undefined;
  return {
    tripped: true,
    wouldDelete,
    records: recordCount,
    message:
      `Mass-deletion guard: this sync would deprovision ${wouldDelete} of ${recordCount} recorded nodes ` +
      `(${percent.toFixed(1)}% > ${settings.maxDeletePercent}%), so it deprovisions none. ` +
      'Check the hub table; if the deletion is intended, set LYNQ_ALLOW_MASS_DELETE=true for one sync.',
  };
}

function retryDue(reason: IdleReason, record: LynqNodeSummary | undefined): Pick<IdleNode, 'retryDueAt'> {
  const status = record?.status;
  const due = reason === 'backoff' && status ? retryDueAt(status.retryCount, status.lastFailureTime) : undefined;
  return due ? { retryDueAt: due.toISOString() } : {};
}

/** The record's last finished execution makes names fresh when a hash comes back (see execution-name). */
function saltOf(record: LynqNodeSummary | undefined, bucketSalt: string): string {
  return record?.status?.lastExecution ? `after:${record.status.lastExecution}` : bucketSalt;
}

function condition(record: LynqNodeSummary, type: LynqNodeCondition['type']): LynqNodeCondition | undefined {
  return record.status?.conditions.find((c) => c.type === type);
}

function key(uid: string, form: string): string {
  return `${uid}\0${form}`;
}
