// Reads the live object for a readiness check (any kind, custom resources included).
import type { KubeConnection } from './kube-connection';
import type { KubeObject } from '../core/template/rendered-resource';
import { KubeRest, type ObjectRef } from './kube-rest';

/** The live object, or undefined when it does not exist. A namespace on a cluster-scoped kind is ignored. */
export async function readLiveObject(kc: KubeConnection, ref: ObjectRef): Promise<KubeObject | undefined> {
  return KubeRest.for(kc).get(ref);
}
