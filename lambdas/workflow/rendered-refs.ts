// Where each resource of the form lands for this node, computed before anything is applied,
// so orphan cleanup and deletion know every object even if the execution stops half-way.
import type { FormConfig, NodeValues } from '../core/config/config-model';
import type { AppliedRef } from '../core/contracts/workflow-contracts';
import { renderResource } from '../core/template/template-render';
import type { Cluster } from '../core/contracts/cluster';
import { appliedRefOf } from '../core/apply/desired-object';
import { placeResource } from '../adapters/resource-placement';

export async function renderedRefs(
  cluster: Cluster, form: FormConfig, values: NodeValues, now: Date, previous: AppliedRef[], recordNamespace: string,
): Promise<AppliedRef[]> {
  const refs: AppliedRef[] = [];
  for (const resource of form.resources) {
    let manifest;
    try {
      manifest = renderResource(form, resource.id, values, { now }).manifest;
    } catch {
      // A resource that cannot render now keeps its previous placement: it fails in ApplyResource
      // with the render error, and must not be mistaken for an orphan and deleted.
      refs.push(...previous.filter((p) => p.id === resource.id));
      continue;
    }
    try {
      // Cluster-scoped kinds lose targetNamespace; namespaced ones without one land in the record namespace.
      refs.push(await placeResource(cluster, resource.id, manifest, recordNamespace));
    } catch {
      refs.push(appliedRefOf(resource.id, manifest)); // kind not served (yet): ApplyResource reports that, with the resource's id
    }
  }
  return refs;
}
