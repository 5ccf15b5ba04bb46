// Where each resource of the form lands for this node, computed before anything is applied,
// so orphan cleanup and deletion know every object even if the execution stops half-way.
import type { FormConfig, NodeValues } from '../core/config-model';
import type { AppliedRef } from '../core/workflow-contracts';
import { renderResource } from '../core/template-render';

export function renderedRefs(form: FormConfig, values: NodeValues, now: Date, previous: AppliedRef[]): AppliedRef[] {
  return form.resources.flatMap((resource): AppliedRef[] => {
    try {
      const { manifest } = renderResource(form, resource.id, values, { now });
      const { name, namespace } = manifest.metadata;
      return [{ id: resource.id, apiVersion: manifest.apiVersion, kind: manifest.kind, name, ...(namespace ? { namespace } : {}) }];
    } catch {
      // A resource that cannot render now keeps its previous placement: it fails in ApplyResource
      // with the render error, and must not be mistaken for an orphan and deleted.
      return previous.filter((ref) => ref.id === resource.id);
    }
  });
}
