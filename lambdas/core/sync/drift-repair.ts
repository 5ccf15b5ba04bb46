// Which drifted nodes get a repair execution this round (issue #13). Repairs are their own list,
// passed through a throttle, so a rollout limit (maxSkew) can bound them like any other update.
import { createHash } from 'node:crypto';
import type { DriftedResource, ExecutionInput, LynqNodeSummary } from '../contracts/workflow-contracts';
import { driftRepairExecutionName } from './execution-name';
import type { NodeDrift } from './drift-detection';

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
