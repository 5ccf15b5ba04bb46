// Whose an existing object is (DESIGN §7): a value from the table must never make lynq-sfn take
// over, and later delete, an object it did not create.
import type { KubeObject } from '../template/rendered-resource';
import type { NodeOwner } from './node-identity';
import { ANNOTATION_CREATED_ONCE, LABEL_FORM, LABEL_HUB, LABEL_MANAGED_BY, LABEL_UID, MANAGED_BY } from './tracking-labels';

/**
 * Why an existing object is not this node's to change or delete, or undefined when it is (retained
 * objects keep their uid/form/hub labels, so only their own node adopts them back).
 */
export function foreignOwnership(live: KubeObject, node: NodeOwner): string | undefined {
  const labels = live.metadata.labels ?? {};
  if (labels[LABEL_MANAGED_BY] !== MANAGED_BY) return 'it was not created by lynq-sfn';
  const uid = labels[LABEL_UID];
  const form = labels[LABEL_FORM];
  const hub = labels[LABEL_HUB];
  if (uid !== node.uid || form !== node.form || hub !== node.hubId) return `it belongs to node ${uid ?? '?'} of form ${form ?? '?'} (hub ${hub ?? '?'})`;
  return undefined;
}

/** Created by a creationPolicy Once resource: its spec is never written again. */
export function isCreatedOnce(live: KubeObject): boolean {
  return live.metadata.annotations?.[ANNOTATION_CREATED_ONCE] === 'true';
}
