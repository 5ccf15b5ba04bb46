// RecordReady / RecordFailure: the execution's verdict on the LynqNode. A failure returns the
// error and cause that the NodeFailed state fails the execution with.
import { parseRecordResultEvent, type RecordResultEvent } from '../core/contracts/payload-parsing';
import { ERROR_NODE_FAILED } from '../core/contracts/workflow-contracts';
import { emptyStatus, failedStatus, readyStatus } from '../core/lynqnode/lynqnode-progress';
import { lynqNodeName } from '../core/lynqnode/lynqnode-status';
import { allForms } from '../core/config/hub-lookup';
import { causeMessage } from '../core/contracts/error-cause';
import { updateClaimedStatus } from './node-claim';
import { capMessage } from './resource-failure';
import type { StateMachineTask, WorkflowDeps } from './workflow-deps';

/** The RecordReady and RecordFailure Tasks (their Parameters set `result`). */
export const recordResultTask: StateMachineTask = (deps, event) => recordResultStep(deps, parseRecordResultEvent(event));

export interface RecordedFailure {
  error: string;
  cause: string;
}

export async function recordResultStep(deps: WorkflowDeps, event: RecordResultEvent): Promise<{ recorded: 'ready' } | RecordedFailure> {
  const { run, execution } = event;
  const now = deps.clock.now();
  if (event.result === 'ready') {
    const name = lynqNodeName(String(run.uid), String(run.form));
    await updateClaimedStatus(deps, name, execution, (status) => readyStatus(status, String(run.desiredHash), execution, now));
    deps.log.info('node ready', { node: name, execution });
    return { recorded: 'ready' };
  }

  const failure = describeFailure(run);
  const forms = allForms(deps.config);
  const form = typeof run.form === 'string' ? run.form : forms.length === 1 ? forms[0]?.name : undefined;
  if (typeof run.uid === 'string' && form) {
    const name = lynqNodeName(run.uid, form);
    if (run.execution) {
      await updateClaimedStatus(deps, name, execution, (status) => failedStatus(status, run.desiredHash || undefined, execution, failure.cause, now));
    } else {
      await recordEarlyFailure(deps, name, execution, failure.cause, now);
    }
  }
  deps.log.error('node failed', { uid: typeof run.uid === 'string' ? run.uid : undefined, form, execution, error: failure.error, cause: failure.cause });
  return failure;
}

/**
 * A failure before LoadNode claimed the node (datasource down, throttled, bad input) is recorded
 * too, so the sync retries it with backoff and under a fresh name; but never over a claim another
 * execution holds, and never by creating a record.
 */
async function recordEarlyFailure(deps: WorkflowDeps, name: string, execution: string, cause: string, now: Date): Promise<void> {
  const record = await deps.records.get(name);
  if (!record) return;
  await deps.records.updateStatusWithRetry(name, (current) => {
    const holder = current.status?.currentExecution;
    if (holder && holder !== execution) {
      deps.log.warn('early failure not recorded: another execution holds the node', { node: name, execution, holder });
      return undefined;
    }
    return failedStatus(current.status ?? emptyStatus(0), undefined, execution, cause, now);
  });
}

/** A Fail state's Cause holds at most 32,768 characters; the LynqNode's condition message should stay readable too. */
export const MAX_CAUSE = 8000;

export function describeFailure(run: RecordResultEvent['run']): RecordedFailure {
  if (run.error) {
    return { error: run.error.Error ?? 'Lynq.Error', cause: capMessage(causeMessage(run.error.Cause), MAX_CAUSE) };
  }
  const failed = run.failedIds ?? [];
  const skipped = run.skippedIds ?? [];
  const parts = [
    failed.length > 0 ? `${failed.length} failed (${(run.failureMessages ?? failed).join('; ')})` : '',
    skipped.length > 0 ? `${skipped.length} skipped (${skipped.join(', ')})` : '',
  ].filter(Boolean);
  return { error: ERROR_NODE_FAILED, cause: capMessage(`node ${String(run.uid)}, form ${String(run.form)}: ${parts.join(', ')}`, MAX_CAUSE) };
}
