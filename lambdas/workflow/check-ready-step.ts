// CheckReady: one readiness check. Ready or failed ends the resource's branch; not ready yet
// throws NotReadyError, which the state machine turns into WaitBeforeNextCheck.
import type { ResourceProgress } from '../core/workflow-contracts';
import { NotReadyError, PermanentError } from '../core/workflow-errors';
import { renderResource } from '../core/template-render';
import { assessReadiness, readinessDeadlinePassed } from '../core/readiness';
import { waitingStatus } from '../core/lynqnode-progress';
import { readLiveObject } from '../adapters/resource-read';
import { placeResource } from '../adapters/resource-placement';
import { claimedRecord, formNamed } from './node-claim';
import type { WorkflowDeps } from './workflow-deps';

export async function checkReadyStep(deps: WorkflowDeps, progress: ResourceProgress): Promise<ResourceProgress> {
  if (progress.outcome !== 'applied') return progress;
  const record = await claimedRecord(deps, progress.uid, progress.form, progress.execution);
  const form = formNamed(deps, progress.form);
  const resource = form.resources.find((r) => r.id === progress.id);
  if (!resource) throw new PermanentError(`node ${progress.uid}: resource "${progress.id}" is not in form ${form.name}`);

  const { manifest } = renderResource(form, progress.id, record.spec.values, { now: new Date(progress.startTime) });
  // The same placement as ApplyResource: a namespaced object without a namespace is in the record namespace.
  const live = await readLiveObject(deps.kube, await placeResource(deps.kube, progress.id, manifest, record.namespace));
  const readiness = assessReadiness(live, {
    waitForReady: resource.waitForReady, now: deps.clock.now(), transientErrors: deps.transientErrors, providerErrorChecks: progress.providerErrorChecks,
  });
  if (readiness.state === 'ready') return { ...progress, outcome: 'ready', message: readiness.message };
  if (readiness.state === 'failed') return { ...progress, outcome: 'failed', message: `${progress.id}: ${readiness.message}` };

  const now = deps.clock.now();
  if (readinessDeadlinePassed(progress.appliedAt, resource.timeoutSeconds, now)) {
    const elapsed = Math.round((now.getTime() - Date.parse(progress.appliedAt)) / 1000);
    return {
      ...progress, outcome: 'failed',
      message: `Resource '${progress.id}' not ready after ${elapsed}s (timeout: ${resource.timeoutSeconds}s): ${readiness.message}`,
    };
  }
  const message = `Waiting for ${progress.id} to become ready`;
  const progressing = record.status?.conditions.find((c) => c.type === 'Progressing');
  if (progressing?.message !== message && record.status) {
    await deps.records.replaceStatus({ ...record, status: waitingStatus(record.status, message, now) }).catch((error: unknown) => {
      // Another branch of the same level wrote first; the message is advisory, the check is not.
      deps.log.warn('could not update the waiting message', { node: record.name, error: String(error) });
    });
  }
  throw new NotReadyError(`${message}: ${readiness.message}`);
}
