// The adapters that act on objects (apply, delete, read, placement) take the Cluster interface;
// callers that hold a kubeconfig pass it as it is and get the REST client for it.
import type { Cluster } from '../core/contracts/cluster';
import type { KubeConnection } from './kube-connection';
import { KubeRest } from './kube-rest';

export type ClusterAccess = Cluster | KubeConnection;

export function clusterOf(access: ClusterAccess): Cluster {
  return 'serverSideApply' in access ? access : KubeRest.for(access);
}
