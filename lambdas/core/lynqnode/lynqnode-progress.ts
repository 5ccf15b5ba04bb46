// How an execution's progress reads on the LynqNode: counts and the Ready / Progressing /
// Degraded conditions with messages a person understands (`kubectl describe lynqnode`).
import type { LynqNodeCondition, LynqNodeStatus } from '../contracts/workflow-contracts';
import { emptyLynqNodeStatus, readySummary, setCondition } from './lynqnode-status';
import { retryBackoffMs } from '../sync/retry-backoff';

type ConditionType = LynqNodeCondition['type'];

export function emptyStatus(desiredResources: number): LynqNodeStatus {
  return { ...emptyLynqNodeStatus(), desiredResources };
}

function withCondition(
  conditions: LynqNodeCondition[], type: ConditionType, status: LynqNodeCondition['status'], reason: string, message: string, now: Date,
): LynqNodeCondition[] {
  return setCondition(conditions, { type, status, reason, message }, now);
}

/** An execution has started working on the node. */
export function progressingStatus(previous: LynqNodeStatus | undefined, now: Date, reason: string, message: string): Pick<LynqNodeStatus, 'conditions'> {
  let conditions = previous?.conditions ?? [];
  if (!conditions.some((c) => c.type === 'Ready')) conditions = withCondition(conditions, 'Ready', 'False', 'Reconciling', message, now);
  conditions = withCondition(conditions, 'Progressing', 'True', reason, message, now);
  return { conditions };
}

export interface LevelCounts {
  readyIds: string[];
  failedIds: string[];
  skippedIds: string[];
}

/** After each dependency level: the counts, and what the node is doing next. */
export function levelRecordedStatus(status: LynqNodeStatus, counts: LevelCounts, nextMessage: string, now: Date): LynqNodeStatus {
  const next: LynqNodeStatus = {
    ...status,
    readyResources: counts.readyIds.length,
    failedResources: counts.failedIds.length,
    skippedResources: counts.skippedIds.length,
    failedResourceIds: counts.failedIds,
    skippedResourceIds: counts.skippedIds,
  };
  let conditions = withCondition(next.conditions, 'Ready', 'False', 'NotAllResourcesReady',
    `Not all resources are ready: ${readySummary(next)} ready`, now);
  conditions = withCondition(conditions, 'Progressing', 'True', 'Reconciling', nextMessage, now);
  return { ...next, conditions };
}

/** A resource is being waited on: the message `kubectl describe lynqnode` shows meanwhile. */
export function waitingStatus(status: LynqNodeStatus, message: string, now: Date): LynqNodeStatus {
  return { ...status, conditions: withCondition(status.conditions, 'Progressing', 'True', 'WaitingForReadiness', message, now) };
}

export function readyStatus(status: LynqNodeStatus, hash: string, execution: string, now: Date): LynqNodeStatus {
  let conditions = withCondition(status.conditions, 'Ready', 'True', 'Reconciled', 'Successfully reconciled all resources', now);
  conditions = withCondition(conditions, 'Progressing', 'False', 'ReconcileComplete', `Execution ${execution} finished`, now);
  conditions = withCondition(conditions, 'Degraded', 'False', 'Healthy', 'All resources are ready', now);
  return {
    ...status, readyResources: status.desiredResources, failedResources: 0, skippedResources: 0,
    failedResourceIds: [], skippedResourceIds: [], reconciledHash: hash, retryCount: 0,
    lastFailureTime: undefined, nextRetryTime: undefined, currentExecution: undefined, claim: undefined, lastExecution: execution, conditions,
  };
}

/** Also says when the sync retries the node, so a node waiting out its backoff is not a mystery. */
export function failedStatus(status: LynqNodeStatus, hash: string | undefined, execution: string, cause: string, now: Date): LynqNodeStatus {
  const reason = status.failedResources > 0 ? 'ResourcesFailed' : 'ExecutionFailed';
  const retryCount = status.retryCount + 1;
  const lastFailureTime = now.toISOString();
  const nextRetryTime = new Date(now.getTime() + retryBackoffMs(retryCount)).toISOString();
  let conditions = withCondition(status.conditions, 'Ready', 'False', reason, cause, now);
  conditions = withCondition(conditions, 'Progressing', 'False', 'ReconcileComplete',
    `Execution ${execution} failed; the sync retries the node at ${nextRetryTime}`, now);
  conditions = withCondition(conditions, 'Degraded', 'True', reason, cause, now);
  return {
    ...status, reconciledHash: hash ?? status.reconciledHash, retryCount,
    lastFailureTime, nextRetryTime, currentExecution: undefined, claim: undefined, lastExecution: execution, conditions,
  };
}
