// kube-controller-manager's garbage collector, acting after the DELETE has been answered:
// dependents of a deleted owner go (Background), a Foreground owner waits for its blocking
// dependents before losing its `foregroundDeletion` finalizer, an Orphan owner first strips its
// ownerReferences from the dependents.
import { type JsonObject, type KubeObject, cloneJson, objectItems } from './json-types';
import { CONTROLLER_MANAGER } from './namespace-controller';
import type { ResourceOperations } from './resource-operations';
import type { StoredEntry } from './object-store';


function ownerRefs(obj: Readonly<KubeObject>): JsonObject[] {
  const refs = obj.metadata.ownerReferences;
  return objectItems(refs);
}

/** Writes `next` over `current` as the controller manager would (an Update through the main resource). */
function write(ops: ResourceOperations, { type, obj }: StoredEntry, next: KubeObject): void {
  ops.update(
    { type, version: type.versions[0].name, namespace: obj.metadata.namespace, name: obj.metadata.name, scope: 'main' },
    next,
    { manager: CONTROLLER_MANAGER, explicitManager: true, force: false, dryRun: false },
  );
}

function withoutFinalizer(obj: Readonly<KubeObject>, finalizer: string): KubeObject {
  const next = cloneJson(obj);
  const rest = (next.metadata.finalizers ?? []).filter((f) => f !== finalizer);
  if (rest.length > 0) next.metadata.finalizers = rest;
  else delete next.metadata.finalizers;
  return next;
}

/**
 * One pass; true when it changed anything. Only objects that can need the collector are looked
 * at (owners marked for deletion, dependents whose owner went or never was), through the store's
 * indexes: a write costs the same with ten objects stored or a hundred thousand.
 */
export function garbageCollectorPass(ops: ResourceOperations): boolean {
  const dependentsOf = (uid: string | undefined) => (uid ? ops.store.dependentsOf(uid) : []);
  let changed = false;
  for (const owner of ops.store.markedForDeletion()) {
    const { obj } = owner;
    const finalizers = obj.metadata.finalizers ?? [];
    if (finalizers.includes('orphan')) {
      for (const dep of dependentsOf(obj.metadata.uid)) {
        const next = cloneJson(dep.obj);
        const refs = ownerRefs(dep.obj).filter((r) => r.uid !== obj.metadata.uid);
        if (refs.length > 0) next.metadata.ownerReferences = refs;
        else delete next.metadata.ownerReferences;
        write(ops, dep, next);
      }
      write(ops, owner, withoutFinalizer(obj, 'orphan'));
      changed = true;
    } else if (finalizers.includes('foregroundDeletion')) {
      for (const dep of dependentsOf(obj.metadata.uid)) {
        if (dep.obj.metadata.deletionTimestamp) continue;
        ops.deleteObject(dep.type, dep.obj);
        changed = true;
      }
      const blocking = dependentsOf(obj.metadata.uid).filter((d) => ownerRefs(d.obj).some((r) => r.uid === obj.metadata.uid && r.blockOwnerDeletion === true));
      if (blocking.length === 0) {
        write(ops, owner, withoutFinalizer(obj, 'foregroundDeletion'));
        changed = true;
      }
    }
  }
  // Background: a dependent whose owners are all gone is deleted; dangling references to
  // vanished owners are dropped while another owner remains.
  for (const dep of ops.store.takeOwnerChecks()) {
    const refs = ownerRefs(dep.obj);
    if (refs.length === 0 || dep.obj.metadata.deletionTimestamp) continue;
    const live = refs.filter((r) => ops.store.isLive(r.uid as string));
    if (live.length === refs.length) continue;
    if (live.length === 0) ops.deleteObject(dep.type, dep.obj);
    else write(ops, dep, { ...cloneJson(dep.obj), metadata: { ...cloneJson(dep.obj.metadata), ownerReferences: live } });
    changed = true;
  }
  return changed;
}
