// What removing one managed object does (lynq-behaviour §4.5–4.7), decided without touching the
// cluster; lambdas/adapters/resource-delete.ts reads the live object and executes the answer.
import type { KubeObject } from '../template/rendered-resource';
import type { NodeOwner } from './node-identity';
import { hasOrphanMarkers } from './orphan-markers';
import { foreignOwnership } from './resource-ownership';
import { ANNOTATION_DELETION_POLICY } from './tracking-labels';

export type RemovalDecision =
  /** Gone already, or not this node's (not created by lynq-sfn, or another node's): left alone, reported absent. */
  | { kind: 'leave-absent' }
  /** deletionPolicy Retain: keep it; `markOrphan` adds the orphan markers (false when it already carries them). */
  | { kind: 'retain'; markOrphan: boolean }
  /** deletionPolicy Delete (the default). */
  | { kind: 'delete' };

/**
 * The policy is the one recorded on the live object (the form may have changed since). `retain`
 * keeps an object whatever its policy (a namespace that holds retained objects).
 */
export function decideRemoval(live: KubeObject | undefined, owner: NodeOwner, options: { retain?: boolean } = {}): RemovalDecision {
  if (!live || foreignOwnership(live, owner)) return { kind: 'leave-absent' };
  const policy = options.retain ? 'Retain' : live.metadata.annotations?.[ANNOTATION_DELETION_POLICY] ?? 'Delete';
  if (policy === 'Retain') return { kind: 'retain', markOrphan: !hasOrphanMarkers(live) };
  return { kind: 'delete' };
}
