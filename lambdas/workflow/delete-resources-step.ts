// DeleteResources: the row is gone or inactive. Remove the node's objects in reverse dependency
// order (Retain keeps an object with orphan markers), then the LynqNode record itself.
import type { NodeRun } from '../core/contracts/workflow-contracts';
import { deletionOrder } from '../core/apply/dependency-graph';
import { removeResource } from '../adapters/resource-delete';
import { placeRecordedRefs } from '../adapters/resource-placement';
import { allForms } from '../core/config/hub-lookup';
import { claimedRecord } from './node-claim';
import { parseNodeRun } from '../core/contracts/payload-parsing';
import type { StateMachineTask, WorkflowDeps } from './workflow-deps';

/** The DeleteResources Task. */
export const deleteResourcesTask: StateMachineTask = (deps, event) => deleteResourcesStep(deps, parseNodeRun(event));

export interface DeletionReport {
  deleted: string[];
  retained: string[];
  absent: string[];
}

export async function deleteResourcesStep(deps: WorkflowDeps, run: NodeRun): Promise<DeletionReport> {
  const record = await claimedRecord(deps, run.uid, run.form, run.execution);
  const refs = await placeRecordedRefs(deps.cluster, record.status?.appliedRefs ?? [], record.namespace);
  const form = allForms(deps.config).find((f) => f.name === run.form);
  const order = form ? deletionOrder(form.resources) : [];
  // Ids no longer in the form go first: nothing in the current form depends on them.
  const rank = (id: string) => { const i = order.indexOf(id); return i === -1 ? -1 : i; };
  const sorted = [...refs].sort((a, b) => rank(a.id) - rank(b.id));

  // Deleting a namespace deletes everything in it: one that holds a Retain object is kept too.
  const retainedIds = new Set(form?.resources.filter((r) => r.deletionPolicy === 'Retain').map((r) => r.id) ?? []);
  const holdingRetained = new Set(refs.filter((r) => retainedIds.has(r.id) && r.namespace).map((r) => r.namespace));
  const report: DeletionReport = { deleted: [], retained: [], absent: [] };
  for (const ref of sorted) {
    // A newer execution may claim the node at any moment (its row came back): each delete
    // re-checks the claim, so this execution stops before removing anything more.
    await claimedRecord(deps, run.uid, run.form, run.execution);
    const keep = ref.kind === 'Namespace' && ref.apiVersion === 'v1' && holdingRetained.has(ref.name);
    if (keep) deps.log.warn('namespace retained: it holds resources with deletionPolicy Retain', { node: record.name, namespace: ref.name });
    const result = await removeResource(deps.cluster, ref, record.spec, 'LynqNodeDeleted', deps.clock.now(), { retain: keep });
    report[result].push(ref.id);
    deps.log.info('resource removed with its node', { node: record.name, resource: ref.id, kind: ref.kind, name: ref.name, result });
  }
  // Only the record as this claim left it: a claim taken since changes its resourceVersion, and
  // the precondition then refuses the delete (the retry finds the node superseded).
  const last = await claimedRecord(deps, run.uid, run.form, run.execution);
  await deps.records.delete(record.name, { resourceVersion: last.resourceVersion ?? '' });
  deps.log.info('node deleted', { node: record.name, execution: run.execution, reason: run.reason, ...report });
  return report;
}
