// Where each resource of the form lands for this node, computed before anything is applied,
// so orphan cleanup and deletion know every object even if the execution stops half-way.
import type { KubeConfig } from '@kubernetes/client-node';
import type { FormConfig, NodeValues } from '../core/config-model';
import type { AppliedRef } from '../core/workflow-contracts';
import { renderResource } from '../core/template-render';
import { appliedRefOf } from '../core/apply-plan';
import { KubeRest } from '../adapters/kube-rest';

export async function renderedRefs(kube: KubeConfig, form: FormConfig, values: NodeValues, now: Date, previous: AppliedRef[]): Promise<AppliedRef[]> {
  const refs: AppliedRef[] = [];
  for (const resource of form.resources) {
    let ref: AppliedRef;
    try {
      ref = appliedRefOf(resource.id, renderResource(form, resource.id, values, { now }).manifest);
    } catch {
      // A resource that cannot render now keeps its previous placement: it fails in ApplyResource
      // with the render error, and must not be mistaken for an orphan and deleted.
      refs.push(...previous.filter((p) => p.id === resource.id));
      continue;
    }
    refs.push(await withoutNamespaceIfClusterScoped(kube, ref));
  }
  return refs;
}

/** A cluster-scoped kind (Namespace, Crossplane's RDSInstance) ignores targetNamespace: record it as it is placed. */
async function withoutNamespaceIfClusterScoped(kube: KubeConfig, ref: AppliedRef): Promise<AppliedRef> {
  if (!ref.namespace) return ref;
  try {
    const { namespaced } = await KubeRest.for(kube).resourceInfo(ref.apiVersion, ref.kind);
    if (namespaced) return ref;
    const { namespace: _ignored, ...clusterScoped } = ref;
    void _ignored;
    return clusterScoped;
  } catch {
    return ref; // kind not served (yet): ApplyResource reports that, with the resource's id
  }
}
