// Orphan markers (lynq-behaviour §4.5–4.7): what deletionPolicy Retain leaves on an object, and the
// patch that takes them off again when its node adopts it back.
import type { KubeObject } from '../template/rendered-resource';
import type { NodeIdentity } from './node-identity';
import { ANNOTATION_ORPHANED_AT, ANNOTATION_ORPHANED_REASON, LABEL_NODE, LABEL_NODE_NAMESPACE, LABEL_ORPHANED, trackingLabels } from './tracking-labels';

export type OrphanReason = 'LynqNodeDeleted' | 'RemovedFromTemplate';

export function hasOrphanMarkers(live: KubeObject): boolean {
  return live.metadata.labels?.[LABEL_ORPHANED] === 'true' || live.metadata.annotations?.[ANNOTATION_ORPHANED_AT] !== undefined;
}

/** JSON merge patch for Retain: drop the node's ownership labels, add the orphan markers. */
export function orphanMarkerPatch(reason: OrphanReason, now: Date): Record<string, unknown> {
  return {
    metadata: {
      labels: { [LABEL_NODE]: null, [LABEL_NODE_NAMESPACE]: null, [LABEL_ORPHANED]: 'true' },
      annotations: { [ANNOTATION_ORPHANED_AT]: now.toISOString().replace(/\.\d{3}Z$/, 'Z'), [ANNOTATION_ORPHANED_REASON]: reason },
    },
  };
}

/** JSON merge patch for re-adoption: remove the orphan markers and put the tracking labels back. */
export function adoptionPatch(node: NodeIdentity): Record<string, unknown> {
  return {
    metadata: {
      labels: { ...trackingLabels(node), [LABEL_ORPHANED]: null },
      annotations: { [ANNOTATION_ORPHANED_AT]: null, [ANNOTATION_ORPHANED_REASON]: null },
    },
  };
}
