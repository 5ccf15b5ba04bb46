// The apiextensions controllers of a real kube-apiserver: the naming/establishing controllers
// accept a new CRD's names and mark it Established (a status write by "kube-apiserver"), and the
// finalizer controller deletes a deleted CRD's custom resources before releasing the CRD.
import { CRD_GROUP, CRD_PLURAL } from './builtin-types';
import { rfc3339 } from './clock-format';
import { acceptedNames, establishedConditions } from './crd-definition';
import { type KubeObject, cloneJson, isJsonObject } from './json-types';
import { CRD_CLEANUP_FINALIZER, type ResourceOperations } from './resource-operations';

const APISERVER = 'kube-apiserver';

function isEstablished(crd: KubeObject): boolean {
  const status = isJsonObject(crd.status) ? crd.status : {};
  return Array.isArray(status.conditions) && status.conditions.some((c) => isJsonObject(c) && c.type === 'Established' && c.status === 'True');
}

export function crdControllerPass(ops: ResourceOperations): boolean {
  const crdType = ops.registry.byPlural(CRD_GROUP, 'v1', CRD_PLURAL)!;
  const opts = { manager: APISERVER, explicitManager: true, force: false, dryRun: false };
  let changed = false;
  for (const crd of ops.store.list(crdType)) {
    const target = { type: crdType, version: 'v1', name: crd.metadata.name, scope: 'status' as const };
    if (!crd.metadata.deletionTimestamp) {
      if (isEstablished(crd)) continue;
      const status = isJsonObject(crd.status) ? crd.status : {};
      ops.update(target, { ...crd, status: { ...status, conditions: establishedConditions(rfc3339()), acceptedNames: acceptedNames(crd) } }, opts);
      changed = true;
      continue;
    }
    if (!(crd.metadata.finalizers ?? []).includes(CRD_CLEANUP_FINALIZER)) continue;
    const served = ops.registry.all().find((t) => t.definedByCrd === crd.metadata.name);
    const instances = served ? ops.store.list(served) : [];
    for (const cr of instances) {
      if (cr.metadata.deletionTimestamp) continue;
      ops.deleteObject(served!, cr);
      changed = true;
    }
    if (served && ops.store.list(served).length > 0) continue;
    const next = cloneJson(crd);
    next.metadata.finalizers = (crd.metadata.finalizers ?? []).filter((f) => f !== CRD_CLEANUP_FINALIZER);
    ops.update({ ...target, scope: 'main' }, next, opts);
    changed = true;
  }
  return changed;
}
