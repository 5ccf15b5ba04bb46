// The LynqHub and LynqForm CRDs (issue #13 point 6): status records the sync writes so that
// `kubectl get lynqhub` / `kubectl get lynqform` show what Lynq users expect. The configuration
// directory stays the source of truth; spec only mirrors it. manifests/lynqhub-crd.yaml and
// manifests/lynqform-crd.yaml are the same objects (a unit test keeps them equal).
import { LYNQNODE_GROUP } from '../core/apply/tracking-labels';
import { lynqCrd } from './lynq-crd';
import type { KubeObject } from '../core/template/rendered-resource';

export const LYNQHUB_KIND = 'LynqHub';
export const LYNQHUB_PLURAL = 'lynqhubs';
export const LYNQFORM_KIND = 'LynqForm';
export const LYNQFORM_PLURAL = 'lynqforms';
export const LYNQHUB_CRD_NAME = `${LYNQHUB_PLURAL}.${LYNQNODE_GROUP}`;
export const LYNQFORM_CRD_NAME = `${LYNQFORM_PLURAL}.${LYNQNODE_GROUP}`;
/** On a LynqForm record: what `lynq-sfn rollout resume` acknowledged (JSON, see rollout-resume). */
export const ANNOTATION_ROLLOUT_RESUME = 'sfn.lynq.sh/rollout-resume';

// Spec mirrors the configuration, status is written by the sync: both kept open so that a newer
// sync's fields are never pruned by an older CRD.
const openAPIV3Schema = {
  type: 'object',
  properties: {
    spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
  },
};

export const lynqHubCrd: KubeObject = lynqCrd({
  kind: LYNQHUB_KIND,
  plural: LYNQHUB_PLURAL,
  singular: 'lynqhub',
  shortName: 'lhub',
  printerColumns: [
    { name: 'Desired', type: 'integer', jsonPath: '.status.desired', description: 'Active rows x forms' },
    { name: 'Ready', type: 'integer', jsonPath: '.status.ready' },
    { name: 'Failed', type: 'integer', jsonPath: '.status.failed' },
    { name: 'Last Sync', type: 'date', jsonPath: '.status.lastSyncTime' },
    { name: 'Result', type: 'string', jsonPath: '.status.lastSyncResult' },
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    { name: 'Message', type: 'string', jsonPath: '.status.message', priority: 1 },
  ],
  openAPIV3Schema,
});

export const lynqFormCrd: KubeObject = lynqCrd({
  kind: LYNQFORM_KIND,
  plural: LYNQFORM_PLURAL,
  singular: 'lynqform',
  shortName: 'lform',
  printerColumns: [
    { name: 'Hub', type: 'string', jsonPath: '.spec.hubId' },
    { name: 'Phase', type: 'string', jsonPath: '.status.rollout.phase' },
    { name: 'Total', type: 'integer', jsonPath: '.status.rollout.total' },
    { name: 'Updated', type: 'integer', jsonPath: '.status.rollout.updated' },
    { name: 'Updating', type: 'integer', jsonPath: '.status.rollout.updating' },
    { name: 'Ready-Updated', type: 'integer', jsonPath: '.status.rollout.readyUpdated' },
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    { name: 'Max-Skew', type: 'integer', jsonPath: '.spec.rollout.maxSkew', priority: 1 },
    { name: 'Message', type: 'string', jsonPath: '.status.rollout.message', priority: 1 },
  ],
  openAPIV3Schema,
});

export const statusRecordCrds: readonly KubeObject[] = [lynqHubCrd, lynqFormCrd];
