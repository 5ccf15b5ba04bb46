// Objects a previous version of the form placed but the current one no longer does:
// deleted or retained according to the policy recorded on each object.
import type { AppliedRef } from '../core/contracts/workflow-contracts';
import { orphanedRefs } from '../core/apply/resource-key';
import { removeResource } from '../adapters/resource-delete';
import type { NodeOwner } from '../core/apply/node-identity';
import type { WorkflowDeps } from './workflow-deps';

export async function removeOrphans(deps: WorkflowDeps, nodeName: string, owner: NodeOwner, previous: AppliedRef[], current: AppliedRef[]): Promise<void> {
  for (const ref of orphanedRefs(previous, current)) {
    const result = await removeResource(deps.cluster, ref, owner, 'RemovedFromTemplate', deps.clock.now());
    deps.log.info('orphaned resource removed from the form', { node: nodeName, resource: ref.id, kind: ref.kind, name: ref.name, result });
  }
}
