// The drift detection round's view of the cluster: one paginated, metadata-only LIST per kind,
// across namespaces, selected by the tracking labels of one hub. Only names and managedFields
// are kept of each item; spec, status and every value stay on the server.
import type { KubeConnection } from './kube-connection';
import { LABEL_HUB, LABEL_MANAGED_BY, MANAGED_BY } from '../core/apply/tracking-labels';
import { entriesThatCanDrift, type LiveMetadata } from '../core/sync/drift-detection';
import { KubeRest } from './kube-rest';

/** Cost of the LISTs so far: what the detection round reports and the bench measures. */
export interface ListCost {
  calls: number;
  bytes: number;
  items: number;
}

export function managedObjectsSelector(hubName: string): string {
  return `${LABEL_MANAGED_BY}=${MANAGED_BY},${LABEL_HUB}=${hubName}`;
}

export async function listManagedMetadata(kc: KubeConnection, hubName: string, apiVersion: string, kind: string, cost?: ListCost, pageSize?: number): Promise<LiveMetadata[]> {
  const onPage = cost ? (page: { bytes: number; items: number }) => {
    cost.calls++;
    cost.bytes += page.bytes;
    cost.items += page.items;
  } : undefined;
  return KubeRest.for(kc).listMetadata(apiVersion, kind, { labelSelector: managedObjectsSelector(hubName), pageSize, onPage }, (item) => ({
    apiVersion,
    kind,
    metadata: { name: item.metadata.name, namespace: item.metadata.namespace, managedFields: entriesThatCanDrift(item.metadata.managedFields as unknown[] | undefined) },
  }));
}
