// Reads the live object for a readiness check (any kind, custom resources included).
import type { KubeObject } from '../core/template/rendered-resource';
import type { ObjectRef } from '../core/contracts/cluster';
import { clusterOf, type ClusterAccess } from './cluster-access';

/** The live object, or undefined when it does not exist. A namespace on a cluster-scoped kind is ignored. */
export async function readLiveObject(access: ClusterAccess, ref: ObjectRef): Promise<KubeObject | undefined> {
  return clusterOf(access).get(ref);
}
