// Removes one managed object when its node is deleted or its resource leaves the form
// (lynq-behaviour §4.5–4.7), honouring the deletion policy recorded on the live object.
import type { KubeConnection } from './kube-connection';
import type { AppliedRef } from '../core/contracts/workflow-contracts';
import { ANNOTATION_DELETION_POLICY } from '../core/apply/tracking-labels';
import { foreignOwnership, hasOrphanMarkers, orphanMarkerPatch, type NodeOwner, type OrphanReason } from '../core/apply/apply-plan';
import { KubeRest } from './kube-rest';

/** `deleted`: the API server accepted the deletion (the object is gone, or goes once its finalizers finish). */
export type RemoveOutcome = 'deleted' | 'retained' | 'absent';

/**
 * Delete (the default) deletes; Retain strips the node's labels and adds orphan markers.
 * An object that is not this node's (not created by lynq-sfn, or another node's) is left alone
 * and reported absent; an object already carrying orphan markers is left as it is.
 * `retain` keeps an object whatever its policy (a namespace that holds retained objects).
 */
export async function removeResource(
  kc: KubeConnection, ref: AppliedRef, owner: NodeOwner, reason: OrphanReason, now: Date, opts: { retain?: boolean } = {},
): Promise<RemoveOutcome> {
  const rest = KubeRest.for(kc);
  const live = await rest.get(ref);
  if (!live || foreignOwnership(live, owner)) return 'absent';
  const policy = opts.retain ? 'Retain' : live.metadata.annotations?.[ANNOTATION_DELETION_POLICY] ?? 'Delete';
  if (policy === 'Retain') {
    if (!hasOrphanMarkers(live)) await rest.mergePatch(ref, orphanMarkerPatch(reason, now));
    return 'retained';
  }
  // The deletion is accepted whether the object went at once or waits for its finalizers.
  return (await rest.delete(ref)) === 'absent' ? 'absent' : 'deleted';
}
