// The adapters that act on objects (apply, delete, read, placement) take the Cluster interface;
// callers that hold a kubeconfig pass it as it is and get the REST client for it.
import type { KubeConfig } from '@kubernetes/client-node';
import type { Cluster } from '../core/contracts/cluster';
import { KubeRest } from './kube-rest';

export type ClusterAccess = Cluster | KubeConfig;

export function clusterOf(access: ClusterAccess): Cluster {
  return 'serverSideApply' in access ? access : KubeRest.for(access);
}
