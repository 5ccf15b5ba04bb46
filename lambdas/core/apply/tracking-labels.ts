// Labels and annotations that tie managed objects to their node (DESIGN §4, §7).
import type { NodeIdentity } from './node-identity';
export const LABEL_NODE = 'lynq.sh/node';
export const LABEL_NODE_NAMESPACE = 'lynq.sh/node-namespace';
export const LABEL_FORM = 'lynq.sh/form';
export const LABEL_HUB = 'lynq.sh/hub';
export const LABEL_UID = 'lynq.sh/uid';
export const LABEL_ORPHANED = 'lynq.sh/orphaned';
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'lynq-sfn';

export const ANNOTATION_APPLIED_HASH = 'lynq.sh/applied-hash';
export const ANNOTATION_APPLY_START = 'lynq.sh/apply-start-time';
export const ANNOTATION_DELETION_POLICY = 'lynq.sh/deletion-policy';
export const ANNOTATION_CREATED_ONCE = 'lynq.sh/created-once';
export const ANNOTATION_RESOURCE_ID = 'lynq.sh/resource-id';
export const ANNOTATION_ORPHANED_AT = 'lynq.sh/orphaned-at';
export const ANNOTATION_ORPHANED_REASON = 'lynq.sh/orphaned-reason';

export const FIELD_MANAGER = 'lynq-sfn';

/** LynqNode records: this project's own API group, never operator.lynq.sh. */
export const LYNQNODE_GROUP = 'sfn.lynq.sh';
export const LYNQNODE_VERSION = 'v1';
export const LYNQNODE_API_VERSION = `${LYNQNODE_GROUP}/${LYNQNODE_VERSION}`;
export const LYNQNODE_KIND = 'LynqNode';
export const LYNQNODE_PLURAL = 'lynqnodes';
export const DEFAULT_RECORD_NAMESPACE = 'lynq-system';

/** The labels that tie an object to its node; they win over the template's own labels. */
export function trackingLabels(node: NodeIdentity): Record<string, string> {
  return {
    [LABEL_NODE]: node.nodeName,
    [LABEL_NODE_NAMESPACE]: node.recordNamespace,
    [LABEL_FORM]: node.form,
    [LABEL_HUB]: node.hubId,
    [LABEL_UID]: node.uid,
    [LABEL_MANAGED_BY]: MANAGED_BY,
  };
}
