// Which drifted nodes get a repair execution this round (issue #13). Repairs are their own list,
// passed through a throttle, so a rollout limit (maxSkew) can bound them like any other update.
import { createHash } from 'node:crypto';
import type { DriftedResource, ExecutionInput, LynqNodeSummary } from '../contracts/workflow-contracts';
import { driftRepairExecutionName } from './execution-name';
import type { NodeDrift } from './drift-detection';
import type { FormConfig } from '../config/config-model';
import { nodeRolloutState } from './rollout-plan';

export interface PlannedRepair {
  name: string;
  input: ExecutionInput;
  uid: string;
  form: string;
  resources: DriftedResource[];
}

export function planRepair(drift: NodeDrift, record: LynqNodeSummary, detectedAt: Date): PlannedRepair {
  const signature = drift.resources.map((r) => `${r.id}:${r.reason}:${(r.fields ?? []).join(',')}`).sort().join(';');
  const salt = `drift:${record.status?.lastExecution ?? ''}:${createHash('sha256').update(signature).digest('hex')}`;
  return {
    name: driftRepairExecutionName(drift.uid, drift.form, record.spec.desiredHash, salt),
    input: { uid: drift.uid, form: drift.form, drift: { detectedAt: detectedAt.toISOString(), resources: drift.resources } },
    uid: drift.uid,
    form: drift.form,
    resources: drift.resources,
  };
}

/** Records whose current execution is a drift repair. */
export function repairsInFlight(records: readonly LynqNodeSummary[]): number {
  return records.filter((r) => r.status?.currentExecution !== undefined && r.status.drift?.repairExecution === r.status.currentExecution).length;
}

export interface RepairThrottle {
  maxConcurrent: number;
  inFlight: number;
}

/** At most `maxConcurrent` repairs running at once: the rest wait for the next round, which sees them again. */
export function throttleRepairs<T>(repairs: readonly T[], throttle: RepairThrottle): { start: T[]; deferred: T[] } {
  const room = Math.max(0, throttle.maxConcurrent - throttle.inFlight);
  return { start: repairs.slice(0, room), deferred: repairs.slice(room) };
}

/**
 * Lynq's maxSkew bounds repairs as it bounds a rollout: a form's nodes updating at once (an execution
 * started and the node not Ready again, repairs included) never exceed its spec.rollout.maxSkew.
 * Forms without maxSkew (0) are not bounded here; throttleRepairs' overall cap still applies.
 */
export function repairsWithinMaxSkew<T extends { form: string }>(
  repairs: readonly T[], forms: readonly FormConfig[], records: readonly LynqNodeSummary[],
): { start: T[]; deferred: T[] } {
  const room = new Map<string, number>();
  for (const form of forms) {
    const maxSkew = form.rollout?.maxSkew ?? 0;
    if (maxSkew <= 0) continue;
    const updating = records.filter((r) => r.spec.form === form.name && nodeRolloutState(r, form.contentHash) === 'updating').length;
    room.set(form.name, Math.max(0, maxSkew - updating));
  }
  const start: T[] = [];
  const deferred: T[] = [];
  for (const repair of repairs) {
    const left = room.get(repair.form);
    if (left === undefined) start.push(repair);
    else if (left > 0) {
      start.push(repair);
      room.set(repair.form, left - 1);
    } else deferred.push(repair);
  }
  return { start, deferred };
}
