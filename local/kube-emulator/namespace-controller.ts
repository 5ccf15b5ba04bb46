// kube-controller-manager's namespace controller, as a real cluster runs it after the DELETE has
// been answered: it deletes the content of a Terminating namespace, reports what remains in the
// namespace's status conditions, and removes the namespace once it is empty.
import { isDeepStrictEqual } from 'node:util';
import { rfc3339 } from './clock-format';
import { type JsonObject, type KubeObject, cloneJson, isJsonObject, objectItems } from './json-types';
import type { ResourceOperations } from './resource-operations';

export const CONTROLLER_MANAGER = 'kube-controller-manager';

function condition(type: string, status: string, reason: string, message: string): JsonObject {
  return { type, status, reason, message };
}

/** The five conditions v1.28 writes, in its order. */
function deletionConditions(remaining: KubeObject[], kinds: string[]): JsonObject[] {
  const finalizerCounts = new Map<string, number>();
  for (const o of remaining) for (const f of o.metadata.finalizers ?? []) finalizerCounts.set(f, (finalizerCounts.get(f) ?? 0) + 1);
  const kindCounts = new Map<string, number>();
  for (const k of kinds) kindCounts.set(k, (kindCounts.get(k) ?? 0) + 1);
  const list = (m: Map<string, number>, sep: string) => [...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `${k}${sep}${n} resource instances`).join(', ');
  return [
    condition('NamespaceDeletionDiscoveryFailure', 'False', 'ResourcesDiscovered', 'All resources successfully discovered'),
    condition('NamespaceDeletionGroupVersionParsingFailure', 'False', 'ParsedGroupVersions', 'All legacy kube types successfully parsed'),
    condition('NamespaceDeletionContentFailure', 'False', 'ContentDeleted', 'All content successfully deleted, may be waiting on finalization'),
    remaining.length > 0
      ? condition('NamespaceContentRemaining', 'True', 'SomeResourcesRemain', `Some resources are remaining: ${list(kindCounts, ' has ')}`)
      : condition('NamespaceContentRemaining', 'False', 'ContentRemoved', 'All content successfully removed'),
    finalizerCounts.size > 0
      ? condition('NamespaceFinalizersRemaining', 'True', 'SomeFinalizersRemain', `Some content in the namespace has finalizers remaining: ${list(finalizerCounts, ' in ')}`)
      : condition('NamespaceFinalizersRemaining', 'False', 'ContentHasNoFinalizers', 'All content-preserving finalizers finished'),
  ];
}

/** One pass over Terminating namespaces; true when it changed anything. */
export function namespaceControllerPass(ops: ResourceOperations): boolean {
  const nsType = ops.registry.byPlural('', 'v1', 'namespaces')!;
  let changed = false;
  const terminating = ops.store.markedForDeletion().filter((e) => e.type === nsType || (e.type.group === '' && e.type.plural === 'namespaces'));
  for (const { obj } of terminating) {
    const ns = cloneJson(obj);
    const name = ns.metadata.name!;
    for (const { type, obj } of ops.store.contentsOf(name)) {
      if (obj.metadata.deletionTimestamp) continue;
      ops.deleteObject(type, obj);
      changed = true;
    }
    const remaining = ops.store.contentsOf(name);
    if (remaining.length === 0) {
      // Finalize (spec.finalizers loses "kubernetes"), then the namespace is gone.
      if ((ns.metadata.finalizers ?? []).length === 0) ops.removeNow(nsType, ns);
      changed = true;
      continue;
    }
    const kinds = remaining.map(({ type }) => `${type.plural}.${type.group}`);
    changed = writeConditions(ops, ns, deletionConditions(remaining.map((r) => r.obj), kinds)) || changed;
  }
  return changed;
}

function writeConditions(ops: ResourceOperations, ns: KubeObject, wanted: JsonObject[]): boolean {
  const status = isJsonObject(ns.status) ? ns.status : {};
  const current = objectItems(status.conditions);
  const now = rfc3339();
  const conditions = wanted.map((c) => {
    const before = current.find((o) => o.type === c.type);
    const lastTransitionTime = before && before.status === c.status ? before.lastTransitionTime : now;
    return { type: c.type, status: c.status, lastTransitionTime, reason: c.reason, message: c.message };
  });
  if (isDeepStrictEqual(current, conditions)) return false;
  const nsType = ops.registry.byPlural('', 'v1', 'namespaces')!;
  ops.update(
    { type: nsType, version: 'v1', name: ns.metadata.name, scope: 'status' },
    { ...ns, status: { ...status, conditions } },
    { manager: CONTROLLER_MANAGER, explicitManager: true, force: false, dryRun: false },
  );
  return true;
}
