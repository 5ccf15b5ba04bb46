// The shape every lynq-sfn record CRD shares (LynqNode, LynqHub, LynqForm): group sfn.lynq.sh,
// namespaced, one served and stored version with a status subresource; each brings its names,
// printer columns and schema.
import { LYNQNODE_GROUP, LYNQNODE_VERSION } from '../core/apply/tracking-labels';
import type { KubeObject } from '../core/template/rendered-resource';

export interface LynqCrdShape {
  kind: string;
  plural: string;
  singular: string;
  shortName: string;
  printerColumns: Record<string, unknown>[];
  openAPIV3Schema: Record<string, unknown>;
}

export function lynqCrd(shape: LynqCrdShape): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${shape.plural}.${LYNQNODE_GROUP}`,
      labels: { 'app.kubernetes.io/managed-by': 'lynq-sfn', 'app.kubernetes.io/part-of': 'lynq-sfn' },
    },
    spec: {
      group: LYNQNODE_GROUP,
      scope: 'Namespaced',
      names: { kind: shape.kind, listKind: `${shape.kind}List`, plural: shape.plural, singular: shape.singular, shortNames: [shape.shortName] },
      versions: [
        {
          name: LYNQNODE_VERSION,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: shape.printerColumns,
          schema: { openAPIV3Schema: shape.openAPIV3Schema },
        },
      ],
    },
  };
}
