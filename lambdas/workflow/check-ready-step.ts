// CheckReady: one readiness check after a wait. Returns ready, failed, waiting (with the next
// wait) or deleting (apply again once the object is gone); the RouteResource Choice routes it.
import type { LynqNodeRecord, ResourceProgress } from '../core/contracts/workflow-contracts';
import { PermanentError } from '../core/contracts/workflow-errors';
import { parseResourceProgress } from '../core/contracts/payload-parsing';
import { renderResource } from '../core/template/template-render';
import { waitingStatus } from '../core/lynqnode/lynqnode-progress';
import { readLiveObject } from '../adapters/resource-read';
import { placeResource } from '../adapters/resource-placement';
import { claimedRecord, formNamed } from './node-claim';
import { checkResource } from './resource-check';
import { failedOutcomeOnError } from './resource-failure';
import type { StateMachineTask, WorkflowDeps } from './workflow-deps';

/** The CheckReady Task: a check that cannot be made is a failed outcome, not an error (resource-failure). */
export const checkReadyTask: StateMachineTask = (deps, event) => {
  const progress = parseResourceProgress(event);
  return failedOutcomeOnError(progress, deps.log, () => checkReadyStep(deps, progress), () => deps.clock.now());
};

export async function checkReadyStep(deps: WorkflowDeps, progress: ResourceProgress): Promise<ResourceProgress> {
  if (progress.outcome !== 'waiting') return progress;
  const record = await claimedRecord(deps, progress.uid, progress.form, progress.execution);
  const form = formNamed(deps, progress.form);
  const resource = form.resources.find((r) => r.id === progress.id);
  if (!resource) throw new PermanentError(`node ${progress.uid}: resource "${progress.id}" is not in form ${form.name}`);

  const { manifest } = renderResource(form, progress.id, record.spec.values, { now: new Date(progress.startTime) });
  // The same placement as ApplyResource: a namespaced object without a namespace is in the record namespace.
  const ref = await placeResource(deps.cluster, progress.id, manifest, record.namespace);
  const live = await readLiveObject(deps.cluster, ref);
  const { uid, form: formName, execution, startTime, id } = progress;
  const now = deps.clock.now();
  const checked = checkResource({
    step: { uid, form: formName, execution, startTime, id }, resource, live, ref,
    waitingSince: new Date(progress.waitingSince), previous: progress, transientErrors: deps.transientErrors, now,
  });
  if (checked.outcome === 'waiting') await noteWaiting(deps, record, progress.id, now);
  return checked;
}

/** `kubectl describe lynqnode` shows what the node waits for. */
export async function noteWaiting(deps: WorkflowDeps, record: LynqNodeRecord, id: string, now: Date): Promise<void> {
  const message = `Waiting for ${id} to become ready`;
  const progressing = record.status?.conditions.find((c) => c.type === 'Progressing');
  if (progressing?.message === message || !record.status) return;
  await deps.records.replaceStatus({ ...record, status: waitingStatus(record.status, message, now) }).catch((error: unknown) => {
    // Another branch of the same level wrote first; the message is advisory, the check is not.
    deps.log.warn('could not update the waiting message', { node: record.name, error: String(error) });
  });
}
