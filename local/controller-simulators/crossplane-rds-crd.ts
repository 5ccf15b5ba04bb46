// The CRD of Crossplane's RDSInstance (provider-aws, database.aws.crossplane.io/v1beta1):
// cluster-scoped like the real one, schema left open (the simulator, not a schema, is under test).
import { ApiextensionsV1Api, type KubeConfig, type V1CustomResourceDefinition } from '@kubernetes/client-node';
import { isApiStatus } from './simulator-context';

export const RDS_GROUP = 'database.aws.crossplane.io';
export const RDS_VERSION = 'v1beta1';
export const RDS_PLURAL = 'rdsinstances';
export const RDS_CRD_NAME = `${RDS_PLURAL}.${RDS_GROUP}`;

function rdsInstanceCrd(): V1CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: RDS_CRD_NAME },
    spec: {
      group: RDS_GROUP,
      scope: 'Cluster',
      names: { kind: 'RDSInstance', listKind: 'RDSInstanceList', plural: RDS_PLURAL, singular: 'rdsinstance', categories: ['crossplane', 'managed', 'aws'] },
      versions: [
        {
          name: RDS_VERSION,
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: { openAPIV3Schema: { type: 'object', x_kubernetes_preserve_unknown_fields: true } },
          additionalPrinterColumns: [
            { name: 'READY', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
            { name: 'SYNCED', type: 'string', jsonPath: '.status.conditions[?(@.type=="Synced")].status' },
            { name: 'STATE', type: 'string', jsonPath: '.status.atProvider.dbInstanceStatus' },
            { name: 'ENGINE', type: 'string', jsonPath: '.spec.forProvider.engine' },
            { name: 'AGE', type: 'date', jsonPath: '.metadata.creationTimestamp' },
          ],
        },
      ],
    },
  };
}

/** Creates the RDSInstance CRD when the cluster lacks it, and waits until it is established. */
export async function installCrossplaneRdsCrd(kc: KubeConfig): Promise<void> {
  const api = kc.makeApiClient(ApiextensionsV1Api);
  try {
    await api.createCustomResourceDefinition({ body: rdsInstanceCrd() });
  } catch (e) {
    if (!isApiStatus(e, 409)) throw e;
  }
  for (let attempt = 0; attempt < 100; attempt++) {
    const crd = await api.readCustomResourceDefinition({ name: RDS_CRD_NAME });
    if ((crd.status?.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True')) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`CRD ${RDS_CRD_NAME} was created but did not become Established within 10 s`);
}
