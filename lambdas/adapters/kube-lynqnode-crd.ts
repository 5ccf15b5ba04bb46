// The LynqNode CRD (DESIGN §4). Kept in code so a bundled Lambda can install it without files;
// manifests/lynqnode-crd.yaml is the same object for `kubectl apply` (a unit test keeps them equal).
import { LYNQNODE_GROUP, LYNQNODE_KIND, LYNQNODE_PLURAL } from '../core/apply/tracking-labels';
import { lynqCrd } from './lynq-crd';
import type { KubeObject } from '../core/template/rendered-resource';

export const LYNQNODE_CRD_NAME = `${LYNQNODE_PLURAL}.${LYNQNODE_GROUP}`;

export const lynqNodeCrd: KubeObject = lynqCrd({
  kind: LYNQNODE_KIND,
  plural: LYNQNODE_PLURAL,
  singular: 'lynqnode',
  shortName: 'lnode',
  printerColumns: [
    { name: 'Ready', type: 'string', jsonPath: '.status.readySummary', description: 'Ready resources / desired resources' },
    { name: 'Desired', type: 'integer', jsonPath: '.status.desiredResources' },
    { name: 'Failed', type: 'integer', jsonPath: '.status.failedResources' },
    { name: 'Hub', type: 'string', jsonPath: '.spec.hubId', description: 'The LynqHub whose table holds the node\'s row' },
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    { name: 'UID', type: 'string', jsonPath: '.spec.uid', priority: 1 },
    { name: 'Form', type: 'string', jsonPath: '.spec.form', priority: 1 },
    { name: 'Status', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].reason', priority: 1 },
  ],
  openAPIV3Schema: {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        required: ['uid', 'form', 'hubId', 'desiredHash'],
        properties: {
          uid: { type: 'string' },
          form: { type: 'string' },
          hubId: { type: 'string' },
          desiredHash: { type: 'string' },
          formHash: { type: 'string' },
          values: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        },
      },
      status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    },
  },
});
