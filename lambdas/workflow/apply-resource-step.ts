// ApplyResource: render one resource from the values recorded on the LynqNode and apply it with
// its policies (or skip it when a dependency failed), then check it once. An object still being
// deleted is not written: the outcome `deleting` waits until it is gone and applies again.
import type { LynqNodeRecord, ResourceProgress, ResourceStep } from '../core/contracts/workflow-contracts';
import { PermanentError } from '../core/contracts/workflow-errors';
import { parseApplyInput } from '../core/contracts/payload-parsing';
import { renderResource } from '../core/template/template-render';
import { isCloudManaged } from '../core/readiness/readiness';
import { applyResource } from '../adapters/resource-apply';
import { KubeError } from '../adapters/kube-errors';
import { claimedRecord, formNamed } from './node-claim';
import { checkResource } from './resource-check';
import { noteWaiting } from './check-ready-step';
import { failedOutcomeOnError } from './resource-failure';
import type { StateMachineTask, WorkflowDeps } from './workflow-deps';

/** The ApplyResource Task: a resource that cannot be applied is a failed outcome, not an error (resource-failure). */
export const applyResourceTask: StateMachineTask = (deps, event) => {
  const step = parseApplyInput(event);
  return failedOutcomeOnError(step, deps.log, () => applyResourceStep(deps, step), () => deps.clock.now());
};

/** A provider picks up a new cloud resource within seconds: the first look comes this soon. */
const EARLY_LOOK_SECONDS = 15;

export async function applyResourceStep(deps: WorkflowDeps, step: ResourceStep & { waitingSince?: string }): Promise<ResourceProgress> {
  const { waitingSince: previousSince, ...item } = step;
  const record = await claimedRecord(deps, step.uid, step.form, step.execution);
  const form = formNamed(deps, step.form);
  const resource = form.resources.find((r) => r.id === step.id);
  if (!resource) throw new PermanentError(`node ${step.uid}: resource "${step.id}" is not in form ${form.name}`);
  // Timeouts count from when this execution started on the resource, not from an old annotation.
  const waitingSince = previousSince ? new Date(previousSince) : deps.clock.now();

  // Failed and skipped ids so far are on the LynqNode (RecordLevel writes them after each level).
  const failed = [...(record.status?.failedResourceIds ?? []), ...(record.status?.skippedResourceIds ?? [])];
  const blockedBy = resource.dependIds.filter((id) => failed.includes(id));
  if (blockedBy.length > 0 && resource.skipOnDependencyFailure) {
    const message = `Skipped ${step.id}: dependency ${blockedBy.join(', ')} failed`;
    deps.log.warn('resource skipped', { node: record.name, resource: step.id, blockedBy });
    return { ...item, outcome: 'skipped', waitSeconds: 0, waitingSince: waitingSince.toISOString(), message };
  }

  const rendered = renderResource(form, step.id, record.spec.values, { now: new Date(step.startTime) });
  const { apiVersion, kind, metadata } = rendered.manifest;
  let result;
  try {
    // The claim is checked again right before the write: a newer execution that claimed the node
    // meanwhile stops this one here.
    await claimedRecord(deps, step.uid, step.form, step.execution);
    result = await applyResource(deps.cluster, rendered, {
      nodeName: record.name, recordNamespace: record.namespace, uid: step.uid,
      form: step.form, hubId: record.spec.hubId, now: deps.clock.now(), force: repairsDrift(record, step),
    });
  } catch (error) {
    if (!isNamespaceTerminating(error)) throw error;
    // Its namespace is still being deleted: wait until it is gone, then apply again (it is re-created first).
    const ref = { apiVersion, kind, name: metadata.name, namespace: metadata.namespace };
    return checkResource({ step: item, resource, live: undefined, ref, waitingSince, namespaceTerminating: true, now: deps.clock.now() });
  }
  deps.log.info('resource applied', { node: record.name, resource: step.id, kind, name: metadata.name, action: result.action });
  // Every object is checked, creationPolicy Once ones included: an existing object may still be creating or broken.
  const now = deps.clock.now();
  // A cloud resource this apply just created has not been picked up by its provider yet: it is
  // creating from now on, which picks the long first wait.
  const justCreated = result.action === 'created' && isCloudManaged(apiVersion) ? { phase: 'creating', phaseSince: now.toISOString() } : undefined;
  let checked = checkResource({ step: item, resource, live: result.live, ref: result.ref, waitingSince, previous: justCreated, transientErrors: deps.transientErrors, now });
  if (justCreated && checked.outcome === 'waiting' && checked.waitSeconds > EARLY_LOOK_SECONDS) {
    // One early look: a provider refuses a bad spec (InvalidParameterCombination) within moments,
    // and that must fail the node now, not after the long wait.
    checked = { ...checked, waitSeconds: EARLY_LOOK_SECONDS, message: checked.message.replace(/next check in \d+s/, `next check in ${EARLY_LOOK_SECONDS}s`) };
  }
  if (checked.outcome === 'waiting') await noteWaiting(deps, record, step.id, deps.clock.now());
  return checked.outcome === 'ready' ? { ...checked, message: `${kind} ${metadata.name}: ${result.action}; ${checked.message}` } : checked;
}

/** This execution repairs drift in this resource: write it even though its applied hash matches. */
function repairsDrift(record: LynqNodeRecord, step: ResourceStep): boolean {
  const drift = record.status?.drift;
  return drift?.repairExecution === step.execution && drift.resources.some((r) => r.id === step.id);
}

function isNamespaceTerminating(error: unknown): boolean {
  return error instanceof KubeError && error.reason === 'NamespaceTerminating';
}
