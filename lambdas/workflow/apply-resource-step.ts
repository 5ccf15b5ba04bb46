// ApplyResource: render one resource from the values recorded on the LynqNode and apply it
// with its policies, or skip it when a dependency failed.
import type { ResourceProgress, ResourceStep } from '../core/workflow-contracts';
import { PermanentError } from '../core/workflow-errors';
import { renderResource } from '../core/template-render';
import { pollSecondsFor } from '../core/readiness';
import { applyResource } from '../adapters/resource-apply';
import { claimedRecord, formNamed } from './node-claim';
import type { WorkflowDeps } from './workflow-deps';

export async function applyResourceStep(deps: WorkflowDeps, step: ResourceStep): Promise<ResourceProgress> {
  const record = await claimedRecord(deps, step.uid, step.form, step.execution);
  const form = formNamed(deps, step.form);
  const resource = form.resources.find((r) => r.id === step.id);
  if (!resource) throw new PermanentError(`node ${step.uid}: resource "${step.id}" is not in form ${form.name}`);

  const blockedBy = resource.dependIds.filter((id) => step.failedIds.includes(id) || step.skippedIds.includes(id));
  if (blockedBy.length > 0 && resource.skipOnDependencyFailure) {
    const message = `Skipped ${step.id}: dependency ${blockedBy.join(', ')} failed`;
    deps.log.warn('resource skipped', { node: record.name, resource: step.id, blockedBy });
    return { ...step, outcome: 'skipped', waitSeconds: 0, appliedAt: '', message };
  }

  const rendered = renderResource(form, step.id, record.spec.values, { now: new Date(step.startTime) });
  const result = await applyResource(deps.kube, rendered, {
    nodeName: record.name, recordNamespace: record.namespace, uid: step.uid,
    form: step.form, hubId: record.spec.hubId, now: deps.clock.now(),
  });
  const { kind, metadata } = rendered.manifest;
  deps.log.info('resource applied', { node: record.name, resource: step.id, kind, name: metadata.name, action: result.action });
  // A creationPolicy Once object that already exists is not written again, but it is still checked:
  // after a failed first attempt it may still be creating, and its dependents must wait for it.
  const outcome = !resource.waitForReady ? 'ready' : 'applied';
  return {
    ...step, outcome, waitSeconds: pollSecondsFor(rendered.manifest.apiVersion, kind), appliedAt: result.appliedAt,
    message: `${kind} ${metadata.name}: ${result.action}`,
  };
}
