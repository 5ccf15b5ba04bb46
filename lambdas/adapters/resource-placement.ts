// Where a rendered resource lands in the cluster, with the API server's word on whether its kind
// is namespaced. ApplyResource, CheckReady, LoadNode (appliedRefs, orphans) and deletion all place
// an object through resolvedNamespace, so none of them can look for it somewhere else.
import type { KubeConnection } from './kube-connection';
import type { KubeObject } from '../core/template/rendered-resource';
import type { AppliedRef } from '../core/contracts/workflow-contracts';
import { resolvedNamespace } from '../core/apply/apply-plan';
import { KubeRest } from './kube-rest';

/** The ref of `manifest` (resource `id`) as placed for a node whose record lives in `recordNamespace`. */
export async function placeResource(kc: KubeConnection, id: string, manifest: KubeObject, recordNamespace: string): Promise<AppliedRef> {
  const { namespaced } = await KubeRest.for(kc).resourceInfo(manifest.apiVersion, manifest.kind);
  const ref: AppliedRef = { id, apiVersion: manifest.apiVersion, kind: manifest.kind, name: manifest.metadata.name };
  const namespace = resolvedNamespace(manifest.metadata.namespace, namespaced, recordNamespace);
  if (namespace) ref.namespace = namespace;
  return ref;
}

/**
 * Recorded refs with the same placement rule applied. Records written before that rule held a
 * namespaced object without a namespace; without this, such an object would look like an orphan
 * of itself (and be deleted) or could not be found for deletion.
 */
export async function placeRecordedRefs(kc: KubeConnection, refs: AppliedRef[], recordNamespace: string): Promise<AppliedRef[]> {
  const placed: AppliedRef[] = [];
  for (const ref of refs) {
    if (ref.namespace) {
      placed.push(ref);
      continue;
    }
    try {
      const { namespaced } = await KubeRest.for(kc).resourceInfo(ref.apiVersion, ref.kind);
      placed.push(namespaced ? { ...ref, namespace: recordNamespace } : ref);
    } catch {
      placed.push(ref); // kind not served any more: left as recorded
    }
  }
  return placed;
}
