// Removes one managed object when its node is deleted or its resource leaves the form
// (lynq-behaviour §4.5–4.7). What to do is decided by decideRemoval
// (lambdas/core/apply/removal-decision.ts); this file reads the live object and executes it.
import type { AppliedRef } from '../core/contracts/workflow-contracts';
import type { NodeOwner } from '../core/apply/node-identity';
import { orphanMarkerPatch, type OrphanReason } from '../core/apply/orphan-markers';
import { decideRemoval } from '../core/apply/removal-decision';
import { clusterOf, type ClusterAccess } from './cluster-access';

/** `deleted`: the API server accepted the deletion (the object is gone, or goes once its finalizers finish). */
export type RemoveOutcome = 'deleted' | 'retained' | 'absent';

/**
 * Delete (the default) deletes; Retain strips the node's labels and adds orphan markers.
 * An object that is not this node's (not created by lynq-sfn, or another node's) is left alone
 * and reported absent; an object already carrying orphan markers is left as it is.
 * `retain` keeps an object whatever its policy (a namespace that holds retained objects).
 */
export async function removeResource(
  access: ClusterAccess, ref: AppliedRef, owner: NodeOwner, reason: OrphanReason, now: Date, opts: { retain?: boolean } = {},
): Promise<RemoveOutcome> {
  const cluster = clusterOf(access);
  const decision = decideRemoval(await cluster.get(ref), owner, opts);
  switch (decision.kind) {
    case 'leave-absent':
      return 'absent';
    case 'retain':
      if (decision.markOrphan) await cluster.mergePatch(ref, orphanMarkerPatch(reason, now));
      return 'retained';
    case 'delete':
      // The deletion is accepted whether the object went at once or waits for its finalizers.
      return (await cluster.delete(ref)) === 'absent' ? 'absent' : 'deleted';
  }
}
