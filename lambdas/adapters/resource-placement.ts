// Where a rendered resource lands in the cluster, with the API server's word on whether its kind
// is namespaced. ApplyResource, CheckReady, LoadNode (appliedRefs, orphans) and deletion all place
// an object through resolvedNamespace, so none of them can look for it somewhere else.
import type { KubeObject } from '../core/template/rendered-resource';
import type { AppliedRef } from '../core/contracts/workflow-contracts';
import { resolvedNamespace } from '../core/apply/resolved-namespace';
import { clusterOf, type ClusterAccess } from './cluster-access';

/** The ref of `manifest` (resource `id`) as placed for a node whose record lives in `recordNamespace`. */
export async function placeResource(access: ClusterAccess, id: string, manifest: KubeObject, recordNamespace: string): Promise<AppliedRef> {
  const { namespaced } = await clusterOf(access).resourceInfo(manifest.apiVersion, manifest.kind);
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
export async function placeRecordedRefs(access: ClusterAccess, refs: AppliedRef[], recordNamespace: string): Promise<AppliedRef[]> {
  const placed: AppliedRef[] = [];
  for (const ref of refs) {
    if (ref.namespace) {
      placed.push(ref);
      continue;
    }
    try {
      const { namespaced } = await clusterOf(access).resourceInfo(ref.apiVersion, ref.kind);
      placed.push(namespaced ? { ...ref, namespace: recordNamespace } : ref);
    } catch {
      placed.push(ref); // kind not served any more: left as recorded
    }
  }
  return placed;
}
